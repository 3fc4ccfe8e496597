/**
 * ONE table of stale-file cases (README.md: "Stale secret files"), run against every runner of ./harness.ts: the Node CLI,
 * sh, sh -eu and sh with BusyBox applets only. A case is a first run with manifest A, optional tampering, and a second
 * run with manifest B; it checks the exit code, the files left (bytes), the state file's exact bytes (computed here from
 * the documented format, never copied from an output), the reported lines, and that no planted value shows anywhere
 * but in the secret files (stdout, stderr, the state file, any other file under the case's root).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CAPS, decodeManifestBase64, encodeManifestBase64, LIMITS, ManifestSecret, printablePath, secret } from "../../lib/core";
import { TEMP_FILE_PREFIX } from "../../lib/inject";
import { TRUST_RULE } from "../../lib/inject/trust";
import { cleanupApplets, Interference, listTree, MANIFEST_VAR, modeOf, RunOptions, RunResult, Runner, RUNNERS, runNode, runSh, tempRoot } from "./harness";

// ---- The state format (README.md: "Stale secret files"), computed here ----------------------------------------

const HEADER = "cdktf-coder-secrets state 1\n";
const sha256 = (content: string | Uint8Array) => createHash("sha256").update(Buffer.from(content)).digest("hex");
const hexOf = (p: string) => Buffer.from(p, "utf8").toString("hex");
const stateLine = (p: string, content: string | Uint8Array) => `${sha256(content)} ${hexOf(p)}\n`;
/** The state file for these (path, content written) pairs, in this order. */
const stateText = (...entries: ReadonlyArray<readonly [string, string | Uint8Array]>) => HEADER + entries.map(([p, c]) => stateLine(p, c)).join("");
/**
 * The largest state file a reader accepts (CAPS.maxStateBytes): the header's 27 characters, then four manifests of lines
 * with the longest path.
 */
const MAX_STATE_BYTES = HEADER.trimEnd().length + 4 * CAPS.maxEntries * (64 + 1 + 2 * (2 * LIMITS.filePathMaxBytes) + 1);

// ---- Cases -----------------------------------------------------------------------------------------------------------

interface Ctx {
  readonly root: string;
  readonly home: string;
  /** The directory the state should live in for this case. */
  readonly stateDir: string;
  /** `<stateDir>/<MANIFEST_VAR>.state`: the harness's manifest variable is the key of both injectors. */
  readonly stateFile: string;
  /** `~/rel` resolved in the case's home. */
  readonly p: (rel: string) => string;
}

/** An expected line: the exact text after the injector's prefix, or a pattern for it. */
type Line = string | RegExp;

/** The state afterwards: exact bytes; `null`: no state file and no state directory anywhere; or a keyword. */
type StateExpectation = string | null | "untouched" | "a directory" | "absent";

interface StaleCase {
  readonly name: string;
  /** Only the Node runner (dry run, CLI flags). */
  readonly nodeOnly?: boolean;
  /** XDG_STATE_HOME for every run: `<root>/xdg`, a relative value, or unset (default). */
  readonly xdg?: "absolute" | "relative";
  /** Before the first run. */
  readonly setup?: (ctx: Ctx) => void;
  /** The first run's manifest; none = no first run. */
  readonly first?: (ctx: Ctx) => readonly ManifestSecret[];
  /** The first run by the other implementation (Node for an sh runner, sh for Node): both share one state. */
  readonly firstByOther?: boolean;
  /** @default 0 */
  readonly firstCode?: 0 | 1;
  /** State bytes after the first run. */
  readonly firstState?: (ctx: Ctx) => string;
  readonly tamper?: (ctx: Ctx) => void;
  /** The second run's manifest (base64). */
  readonly second: (ctx: Ctx) => string;
  /** HOME of the second run. @default the case's home */
  readonly secondHome?: "unset" | "relative";
  /** CLI flags of the second run (Node only). */
  readonly secondArgs?: readonly string[];
  /** A swap at one step of the second run (./harness.ts: the same moment for every runner). */
  readonly interfere?: (ctx: Ctx) => Interference;
  /** The second run as another user than root (the case's root is given to uid 65534 first); see RunOptions. */
  readonly asNobody?: boolean;
  readonly code: 0 | 1 | 2;
  /** Regular files that must exist afterwards with exactly these bytes. */
  readonly present?: (ctx: Ctx) => Record<string, string | Uint8Array>;
  /** Paths that must not exist afterwards (lstat). */
  readonly absent?: (ctx: Ctx) => readonly string[];
  readonly state: (ctx: Ctx) => StateExpectation;
  /**
   * Lines expected (after the prefix). Every line on stdout or stderr about stale files, the state or keeping (see
   * STALE_LINE) must be one of them: nothing else may be reported.
   */
  readonly stdout?: (ctx: Ctx) => readonly Line[];
  readonly stderr?: (ctx: Ctx) => readonly Line[];
  /** Files besides the manifests' targets that may hold a planted value (e.g. a symlink's target the case made). */
  readonly valueFiles?: (ctx: Ctx) => readonly string[];
  readonly check?: (ctx: Ctx, result: RunResult, rerun: (manifest: string) => Promise<RunResult>) => void | Promise<void>;
  readonly cleanup?: (ctx: Ctx) => void;
}

let serial = 0;
const canary = (label: string) => `CANARY-stale-${label}-${(++serial).toString(36)}-w4Xp`;
const C = { a: canary("a"), b: canary("b"), c: canary("c"), d: canary("d"), e: canary("e"), f: canary("f") };
const m = (secrets: readonly ManifestSecret[]) => encodeManifestBase64(secrets);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const P = (p: string) => printablePath(p);

const TOK = "~/.config/app/token";
const KEY = "~/.ssh/id_test";
const OTHER = "~/notes/other";
const tok = (v = C.a) => secret({ filePath: TOK }, v);
const key = (v = C.b) => secret({ filePath: KEY }, v);
const other = (v = C.c) => secret({ filePath: OTHER }, v);

const removed = (p: string) => `removed stale file ${P(p)} (written by an earlier run, no longer in the manifest)`;
const keptChanged = (p: string) => `kept ${P(p)}: changed since it was written (no longer in the manifest; remove it yourself if it is not needed)`;
const keptNotRegular = (p: string) => `kept ${P(p)}: not a regular file (no longer in the manifest; left untouched)`;
const keptReplaced = (p: string) => `kept ${P(p)}: replaced while it was being checked (no longer in the manifest; left untouched)`;
/** Why a file its user may not read is not read, in both injectors (not an errno code). */
const READ_DENIED = "cannot read it: permission denied";
const failedRemoval = (p: string) => new RegExp(`^failed to remove stale file ${esc(P(p))}: .+ \\(it stays in the state; the next run tries again\\)$`);
const unreadable = (s: string, why: string) => `warning: state file ${P(s)} is unreadable (${why}): nothing removed; it is rewritten after this run`;
const stateReplaced = (s: string) =>
  `warning: cannot write state file ${P(s)}: after the rename it is not the 0600 file written (changed meanwhile); removed; the secrets were delivered (the next run cannot remove what this one wrote)`;
const cannotWrite = (s: string) => new RegExp(`^warning: cannot write state file ${esc(P(s))}: .+; the secrets were delivered \\(the next run cannot remove what this one wrote\\)$`);
const NO_STATE = "warning: stale files are not tracked: the home directory is unknown and XDG_STATE_HOME is not an absolute path (no state file)";
const HOME_UNKNOWN = "warning: the home directory is unknown and the manifest has ~/ entries: no stale file removed this run";
const groupWritable = (dir: string) => `directory ${P(dir)} is writable by group or others and not sticky; ${TRUST_RULE}`;
/** The summary line with the stale count (Node: `N written, ...`; sh: `N file secrets written, ...`). */
const summary = (n: number, verb = "removed") => new RegExp(`^\\d+ (file secrets )?(would be )?written, \\d+ skipped, \\d+ failed, ${n} stale ${verb === "removed" ? "removed" : "would be removed"}(;|$)`);
/** Lines that report something about stale files or the state: each must be expected by the case. */
const STALE_LINE = /^(would )?remove(d)? stale file |, \d+ stale (would be )?removed|^(would )?keep |^kept |^failed to remove |^warning: .*state file|^warning: stale files|^warning: the home directory is unknown and the manifest/;

/** The base first run: two files, the state lists them in manifest order (lines 2 and 3). */
const twoFiles = () => [tok(), key()];
const twoFilesState = (c: Ctx) => stateText([c.p(TOK), C.a], [c.p(KEY), C.b]);
const replaceLine = (text: string, n: number, f: (line: string) => string) =>
  text
    .split("\n")
    .map((l, i) => (i === n - 1 ? f(l) : l))
    .join("\n");

/** Each corruption of the state file: nothing is removed, the warning names the first bad line, the state is rewritten. */
const CORRUPTIONS: ReadonlyArray<readonly [string, (text: string, ctx: Ctx) => string, string]> = [
  ["a header of another version", (t) => t.replace("state 1", "state 2"), "line 1"],
  ["an empty file", () => "", "line 1"],
  ["the header without its newline", () => HEADER.slice(0, -1), "line 1"],
  ["no header (the entries only)", (t) => t.slice(HEADER.length), "line 1"],
  ["CRLF line ends", (t) => t.replace(/\n/g, "\r\n"), "line 1"],
  ["truncated in the middle of the last line", (t) => t.slice(0, t.length - 20), "line 3"],
  ["the last line without its newline", (t) => t.slice(0, -1), "line 3"],
  ["an uppercase hex hash", (t) => replaceLine(t, 2, (l) => l.slice(0, 64).toUpperCase() + l.slice(64)), "line 2"],
  ["a hash of 63 hex digits", (t) => replaceLine(t, 2, (l) => l.slice(1)), "line 2"],
  ["a trailing space", (t) => replaceLine(t, 2, (l) => `${l} `), "line 2"],
  ["two spaces between hash and path", (t) => replaceLine(t, 3, (l) => l.replace(" ", "  ")), "line 3"],
  ["a path of odd hex length", (t) => replaceLine(t, 2, (l) => l.slice(0, -1)), "line 2"],
  ["a path that is not hex", (t) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}zz`), "line 2"],
  ["a relative path", (t, c) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}${hexOf(path.relative("/", c.p(TOK)))}`), "line 2"],
  ["the same path twice", (t, c) => t + stateLine(c.p(TOK), C.a), "line 4"],
  ["a path that is not clean (a doubled slash)", (t, c) => replaceLine(t, 3, (l) => `${l.slice(0, 65)}${hexOf(c.p(KEY).replace("/.ssh", "//.ssh"))}`), "line 3"],
  ["a path that is not clean (a dot element)", (t, c) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}${hexOf(c.p(TOK).replace("/app/", "/./app/"))}`), "line 2"],
  ["a path with a trailing slash", (t, c) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}${hexOf(`${c.p(TOK)}/`)}`), "line 2"],
  ["a path with a NUL byte", (t, c) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}${hexOf(c.p(TOK))}00`), "line 2"],
  ["a path that is not UTF-8", (t, c) => replaceLine(t, 2, (l) => `${l.slice(0, 65)}${hexOf(c.p(TOK))}ff`), "line 2"],
  ["a blank line at the end", (t) => `${t}\n`, "line 4"],
];

const dropTok = (extra: Partial<StaleCase> = {}): Omit<StaleCase, "name" | "state"> => ({
  first: twoFiles,
  firstState: twoFilesState,
  second: () => m([key()]),
  code: 0,
  ...extra,
});

const CASES: readonly StaleCase[] = [
  {
    name: "a dropped secret's file is removed; the state lists what is left",
    ...dropTok(),
    present: (c) => ({ [c.p(KEY)]: C.b }),
    absent: (c) => [c.p(TOK)],
    state: (c) => stateText([c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
    check: (c) => expect(fs.statSync(path.dirname(c.p(TOK))).isDirectory()).toBe(true), // only the file goes, not its directory
  },
  {
    name: "a changed path: the old file is removed, the new one written",
    first: () => [secret({ filePath: "~/old/token" }, C.a), key()],
    second: () => m([secret({ filePath: "~/new/token" }, C.a), key()]),
    code: 0,
    present: (c) => ({ [c.p("~/new/token")]: C.a, [c.p(KEY)]: C.b }),
    absent: (c) => [c.p("~/old/token")],
    state: (c) => stateText([c.p("~/new/token"), C.a], [c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p("~/old/token")), summary(1)],
  },
  {
    name: "a changed value at the same path: rewritten, not a candidate; the state has the new hash",
    first: () => [tok()],
    second: () => m([tok(C.c)]),
    code: 0,
    present: (c) => ({ [c.p(TOK)]: C.c }),
    state: (c) => stateText([c.p(TOK), C.c]),
  },
  {
    name: "every file secret dropped (an env-only manifest): the files are removed, the state is the header only",
    first: () => [tok(), secret({ filePath: "~/dír with space/new\nline é" }, C.b)],
    firstState: (c) => stateText([c.p(TOK), C.a], [c.p("~/dír with space/new\nline é"), C.b]),
    second: () => m([secret({ envName: "ONLY_ENV" }, C.c)]),
    code: 0,
    absent: (c) => [c.p(TOK), c.p("~/dír with space/new\nline é")],
    state: () => HEADER,
    stdout: (c) => [removed(c.p(TOK)), removed(c.p("~/dír with space/new\nline é")), summary(2)],
  },
  {
    name: "a file the user changed is kept, reported and dropped from the state",
    ...dropTok({ tamper: (c) => fs.writeFileSync(c.p(TOK), "edited by the user") }),
    present: (c) => ({ [c.p(TOK)]: "edited by the user", [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptChanged(c.p(TOK))],
    stdout: () => [summary(0)],
  },
  {
    name: "a file the user truncated to nothing is changed too: kept",
    ...dropTok({ tamper: (c) => fs.truncateSync(c.p(TOK), 0) }),
    present: (c) => ({ [c.p(TOK)]: "" }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptChanged(c.p(TOK))],
    stdout: () => [summary(0)],
  },
  {
    name: "a symlink at the old path is kept even when its target holds the written bytes; the target is untouched",
    ...dropTok({
      tamper: (c) => {
        fs.writeFileSync(`${c.root}/victim`, C.a);
        fs.chmodSync(`${c.root}/victim`, 0o644);
        fs.rmSync(c.p(TOK));
        fs.symlinkSync(`${c.root}/victim`, c.p(TOK));
      },
    }),
    valueFiles: (c) => [`${c.root}/victim`],
    present: (c) => ({ [`${c.root}/victim`]: C.a, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptNotRegular(c.p(TOK))],
    stdout: () => [summary(0)],
    check: (c) => {
      expect(fs.lstatSync(c.p(TOK)).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(c.p(TOK))).toBe(`${c.root}/victim`);
      expect(modeOf(`${c.root}/victim`)).toBe(0o644);
    },
  },
  {
    name: "a dangling symlink at the old path is kept",
    ...dropTok({
      tamper: (c) => {
        fs.rmSync(c.p(TOK));
        fs.symlinkSync(`${c.root}/nowhere`, c.p(TOK));
      },
    }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptNotRegular(c.p(TOK))],
    stdout: () => [summary(0)],
    check: (c) => {
      expect(fs.lstatSync(c.p(TOK)).isSymbolicLink()).toBe(true);
      expect(fs.existsSync(`${c.root}/nowhere`)).toBe(false);
    },
  },
  {
    name: "a directory in the old file's place is kept with its content",
    ...dropTok({
      tamper: (c) => {
        fs.rmSync(c.p(TOK));
        fs.mkdirSync(c.p(TOK));
        fs.writeFileSync(`${c.p(TOK)}/inside`, "user data");
      },
    }),
    present: (c) => ({ [`${c.p(TOK)}/inside`]: "user data" }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptNotRegular(c.p(TOK))],
    stdout: () => [summary(0)],
  },
  {
    name: "a FIFO in the old file's place is kept (never opened)",
    ...dropTok({
      tamper: (c) => {
        fs.rmSync(c.p(TOK));
        expect(spawnSync("mkfifo", [c.p(TOK)]).status).toBe(0);
      },
    }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptNotRegular(c.p(TOK))],
    stdout: () => [summary(0)],
    check: (c) => expect(fs.lstatSync(c.p(TOK)).isFIFO()).toBe(true),
  },
  {
    // sh hashes by path and removes by path: it checks with ls before opening and again after the hash.
    name: "a candidate swapped for a FIFO as it is opened to be hashed is kept; nothing blocks on the FIFO",
    ...dropTok({ interfere: (c) => ({ at: "hash", path: c.p(TOK), swap: { kind: "fifo" } }) }),
    present: (c) => ({ [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptReplaced(c.p(TOK))],
    stdout: () => [summary(0)],
    check: (c) => expect(fs.lstatSync(c.p(TOK)).isFIFO()).toBe(true),
  },
  {
    name: "a candidate swapped for another file as it is opened to be hashed is kept (the other file is not removed)",
    ...dropTok({ interfere: (c) => ({ at: "hash", path: c.p(TOK), swap: { kind: "file", content: "the user's new file" } }) }),
    present: (c) => ({ [c.p(TOK)]: "the user's new file", [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptReplaced(c.p(TOK))],
    stdout: () => [summary(0)],
  },
  {
    name: "a file already gone is dropped from the state silently",
    ...dropTok({ tamper: (c) => fs.rmSync(c.p(TOK)) }),
    absent: (c) => [c.p(TOK)],
    state: (c) => stateText([c.p(KEY), C.b]),
  },
  {
    name: "a file whose directory is gone is dropped from the state silently",
    ...dropTok({ tamper: (c) => fs.rmSync(path.dirname(c.p(TOK)), { recursive: true }) }),
    state: (c) => stateText([c.p(KEY), C.b]),
  },
  {
    name: "removed, changed, symlinked, replaced by a directory and gone, in one run: each as the rules say",
    first: () => [
      secret({ filePath: "~/s/removed" }, C.a),
      secret({ filePath: "~/s/changed" }, C.b),
      secret({ filePath: "~/s/linked" }, C.c),
      secret({ filePath: "~/s/dir" }, C.d),
      secret({ filePath: "~/s/gone" }, C.e),
      secret({ filePath: "~/s/kept" }, C.f),
    ],
    tamper: (c) => {
      fs.writeFileSync(c.p("~/s/changed"), "user text");
      fs.rmSync(c.p("~/s/linked"));
      fs.symlinkSync(c.p("~/s/kept"), c.p("~/s/linked"));
      fs.rmSync(c.p("~/s/dir"));
      fs.mkdirSync(c.p("~/s/dir"));
      fs.rmSync(c.p("~/s/gone"));
    },
    second: () => m([secret({ filePath: "~/s/kept" }, C.f)]),
    code: 0,
    present: (c) => ({ [c.p("~/s/changed")]: "user text", [c.p("~/s/kept")]: C.f }),
    absent: (c) => [c.p("~/s/removed"), c.p("~/s/gone")],
    state: (c) => stateText([c.p("~/s/kept"), C.f]),
    stdout: (c) => [removed(c.p("~/s/removed")), summary(1)],
    stderr: (c) => [keptChanged(c.p("~/s/changed")), keptNotRegular(c.p("~/s/linked")), keptNotRegular(c.p("~/s/dir"))],
    check: (c) => expect(fs.statSync(c.p("~/s/dir")).isDirectory()).toBe(true),
  },
  {
    name: "candidates in a directory the trust walk refuses are kept, each reported, and dropped from the state",
    first: () => [secret({ filePath: "~/shared/token" }, C.a), secret({ filePath: "~/shared/other" }, C.c), key()],
    tamper: (c) => fs.chmodSync(c.p("~/shared"), 0o777),
    second: () => m([key()]),
    code: 0,
    present: (c) => ({ [c.p("~/shared/token")]: C.a, [c.p("~/shared/other")]: C.c }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => ["token", "other"].map((f) => `kept ${P(c.p(`~/shared/${f}`))}: ${groupWritable(c.p("~/shared"))} (no longer in the manifest; left untouched)`),
    stdout: () => [summary(0)],
  },
  ...CORRUPTIONS.map(
    ([kind, corrupt, where]): StaleCase => ({
      name: `a corrupted state (${kind}) removes nothing and is rewritten`,
      ...dropTok({ tamper: (c) => fs.writeFileSync(c.stateFile, corrupt(twoFilesState(c), c)) }),
      present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
      state: (c) => stateText([c.p(KEY), C.b]),
      stderr: (c) => [unreadable(c.stateFile, where)],
    }),
  ),
  {
    name: "a corrupted state (larger than the cap) removes nothing and is rewritten",
    ...dropTok({
      tamper: (c) => {
        fs.appendFileSync(c.stateFile, stateLine(c.p(OTHER), C.c));
        fs.truncateSync(c.stateFile, MAX_STATE_BYTES + 1);
      },
    }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [unreadable(c.stateFile, `larger than ${MAX_STATE_BYTES} bytes`)],
  },
  {
    name: "a corrupted state (a symlink to a state listing the file) removes nothing; the link is replaced, its target untouched",
    ...dropTok({
      tamper: (c) => {
        fs.writeFileSync(`${c.root}/elsewhere.state`, twoFilesState(c));
        fs.rmSync(c.stateFile);
        fs.symlinkSync(`${c.root}/elsewhere.state`, c.stateFile);
      },
    }),
    present: (c) => ({ [c.p(TOK)]: C.a, [`${c.root}/elsewhere.state`]: twoFilesState(c) }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [unreadable(c.stateFile, "a symbolic link")],
  },
  {
    name: "a corrupted state (a FIFO) removes nothing and is replaced",
    ...dropTok({
      tamper: (c) => {
        fs.rmSync(c.stateFile);
        expect(spawnSync("mkfifo", [c.stateFile]).status).toBe(0);
      },
    }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [unreadable(c.stateFile, "not a regular file")],
  },
  {
    name: "a corrupted state (a directory) removes nothing; the directory stays and the write fails with a warning",
    ...dropTok({
      tamper: (c) => {
        fs.rmSync(c.stateFile);
        fs.mkdirSync(c.stateFile);
        fs.writeFileSync(`${c.stateFile}/inside`, "user data");
      },
    }),
    present: (c) => ({ [c.p(TOK)]: C.a, [`${c.stateFile}/inside`]: "user data" }),
    state: () => "a directory",
    stderr: (c) => [unreadable(c.stateFile, "not a regular file"), cannotWrite(c.stateFile)],
  },
  {
    name: "a state file replaced right after its rename is removed and the write warned, as a secret file would be",
    ...dropTok({ interfere: (c) => ({ at: "rename", path: c.stateFile, swap: { kind: "file", content: `${HEADER}planted\n` } }) }),
    absent: (c) => [c.p(TOK)],
    state: () => "absent",
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
    stderr: (c) => [stateReplaced(c.stateFile)],
  },
  {
    name: "a state file made 0644 right after its rename is removed and the write warned",
    ...dropTok({ interfere: (c) => ({ at: "rename", path: c.stateFile, swap: { kind: "mode", mode: 0o644 } }) }),
    state: () => "absent",
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
    stderr: (c) => [stateReplaced(c.stateFile)],
  },
  {
    name: "a state file its user cannot read (0000) removes nothing, is reported in words and rewritten",
    ...dropTok({ tamper: (c) => fs.chmodSync(c.stateFile, 0o000), asNobody: true }),
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [unreadable(c.stateFile, READ_DENIED)],
    // Nothing else on stderr: no errno code, no shell message naming the path raw.
    check: (c, r) => expect(linesOf(r.stderr)).toEqual([unreadable(c.stateFile, READ_DENIED)]),
  },
  {
    name: "a candidate its user cannot read (0000) is not removed: the removal fails in words and stays in the state",
    ...dropTok({ tamper: (c) => fs.chmodSync(c.p(TOK), 0o000), asNobody: true, code: 1 }),
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b], [c.p(TOK), C.a]),
    stderr: (c) => [`failed to remove stale file ${P(c.p(TOK))}: ${READ_DENIED} (it stays in the state; the next run tries again)`],
    stdout: () => [summary(0)],
    check: (c, r) => expect(linesOf(r.stderr)).toEqual([`failed to remove stale file ${P(c.p(TOK))}: ${READ_DENIED} (it stays in the state; the next run tries again)`]),
  },
  {
    name: "a missing state removes nothing (a file at an old path is not touched)",
    ...dropTok({ tamper: (c) => fs.rmSync(c.stateFile) }),
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b]),
  },
  {
    name: "a path the manifest still names but that failed this run is not removed and keeps its old hash",
    ...dropTok({
      tamper: (c) => {
        fs.writeFileSync(`${c.root}/victim`, "not a secret");
        fs.rmSync(c.p(TOK));
        fs.symlinkSync(`${c.root}/victim`, c.p(TOK));
      },
      second: () => m([tok(C.c), key()]),
      code: 1,
    }),
    present: (c) => ({ [`${c.root}/victim`]: "not a secret", [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b], [c.p(TOK), C.a]),
    check: (c) => expect(fs.lstatSync(c.p(TOK)).isSymbolicLink()).toBe(true),
  },
  {
    name: "a superseded path is never a candidate: the later entry is written there",
    ...dropTok({ second: () => m([secret({ filePath: "~/.config/app/../app/token" }, C.c), tok(C.d), key()]) }),
    present: (c) => ({ [c.p(TOK)]: C.d, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(TOK), C.d], [c.p(KEY), C.b]),
  },
  {
    name: "a failed removal exits 1 and stays in the state; the next run removes it",
    ...dropTok({
      tamper: (c) => {
        if (process.getuid?.() === 0) expect(spawnSync("chattr", ["+i", c.p(TOK)]).status).toBe(0);
        else fs.chmodSync(path.dirname(c.p(TOK)), 0o555);
      },
      code: 1,
    }),
    cleanup: (c) => {
      if (process.getuid?.() === 0) spawnSync("chattr", ["-i", c.p(TOK)]);
      else if (fs.existsSync(path.dirname(c.p(TOK)))) fs.chmodSync(path.dirname(c.p(TOK)), 0o700);
    },
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: (c) => stateText([c.p(KEY), C.b], [c.p(TOK), C.a]),
    stderr: (c) => [failedRemoval(c.p(TOK))],
    stdout: () => [summary(0)],
    check: async (c, _r, rerun) => {
      if (process.getuid?.() === 0) expect(spawnSync("chattr", ["-i", c.p(TOK)]).status).toBe(0);
      else fs.chmodSync(path.dirname(c.p(TOK)), 0o700);
      const again = await rerun(m([key()]));
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(removed(c.p(TOK)));
      expect(fs.existsSync(c.p(TOK))).toBe(false);
      expect(fs.readFileSync(c.stateFile, "utf8")).toBe(stateText([c.p(KEY), C.b]));
    },
  },
  {
    name: "bad input (exit 2) touches nothing: no removal, the state untouched",
    ...dropTok({ second: () => "this is not base64!", code: 2 }),
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: () => "untouched",
  },
  {
    name: "bad input (a rule violation, exit 2) touches nothing",
    ...dropTok({ second: () => m([key(), secret({ filePath: "relative/path" }, C.c)]), code: 2 }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: () => "untouched",
  },
  {
    name: "bad input on the first run ever creates no state directory",
    second: () => "this is not base64!",
    code: 2,
    state: () => null,
  },
  {
    name: "the state file is 0600 in a 0700 directory; missing parents are created 0700, an existing one keeps its mode",
    setup: (c) => {
      fs.mkdirSync(`${c.home}/.local`);
      fs.chmodSync(`${c.home}/.local`, 0o755);
    },
    second: () => m(twoFiles()),
    code: 0,
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(KEY)]: C.b }),
    state: twoFilesState,
    check: (c) => {
      expect(modeOf(`${c.home}/.local`)).toBe(0o755);
      expect(modeOf(`${c.home}/.local/state`)).toBe(0o700);
      expect(modeOf(c.stateDir)).toBe(0o700);
      expect(listTree(c.stateDir)).toEqual([`${MANIFEST_VAR}.state`]);
    },
  },
  {
    name: "an existing state file of another mode ends 0600 when rewritten",
    ...dropTok({ tamper: (c) => fs.chmodSync(c.stateFile, 0o644) }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
  },
  {
    name: "no rewrite when nothing changed (same bytes, same inode, same mtime)",
    first: twoFiles,
    tamper: (c) => fs.utimesSync(c.stateFile, new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z")),
    second: () => m(twoFiles()),
    code: 0,
    state: () => "untouched",
  },
  {
    name: "XDG_STATE_HOME absolute: the state lives there (created 0700), nothing under ~/.local",
    xdg: "absolute",
    ...dropTok(),
    absent: (c) => [c.p(TOK), `${c.home}/.local`],
    state: (c) => stateText([c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
    check: (c) => {
      expect(c.stateDir).toBe(`${c.root}/xdg/cdktf-coder-secrets`);
      expect(modeOf(`${c.root}/xdg`)).toBe(0o700);
      expect(modeOf(c.stateDir)).toBe(0o700);
    },
  },
  {
    name: "XDG_STATE_HOME relative is ignored (the XDG spec): the state is under ~/.local/state",
    xdg: "relative",
    ...dropTok(),
    absent: (c) => [c.p(TOK)],
    state: (c) => stateText([c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
    check: (c) => {
      expect(c.stateDir).toBe(`${c.home}/.local/state/cdktf-coder-secrets`);
      expect(fs.existsSync(RELATIVE_XDG)).toBe(false);
    },
  },
  {
    name: "the state directory refused by the trust walk: nothing read, nothing removed, nothing written",
    ...dropTok({ tamper: (c) => fs.chmodSync(c.stateDir, 0o777) }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: () => "untouched",
    stderr: (c) => [`warning: state file ${P(c.stateFile)} not used: ${groupWritable(c.stateDir)}; nothing removed, no state written`],
  },
  {
    name: "home unknown and no XDG_STATE_HOME: no state at all, one warning",
    secondHome: "unset",
    second: (c) => m([secret({ filePath: `${c.root}/abs` }, C.a)]),
    code: 0,
    present: (c) => ({ [`${c.root}/abs`]: C.a }),
    state: () => null,
    stderr: () => [NO_STATE],
  },
  {
    name: "a relative HOME and a relative XDG_STATE_HOME: no state at all, one warning",
    xdg: "relative",
    secondHome: "relative",
    second: (c) => m([secret({ filePath: `${c.root}/abs` }, C.a)]),
    code: 0,
    state: () => null,
    stderr: () => [NO_STATE],
  },
  {
    name: "home unknown with ~/ entries (state in XDG_STATE_HOME): nothing removed, every old entry carried",
    xdg: "absolute",
    first: (c) => [tok(), secret({ filePath: `${c.root}/abs` }, C.b), secret({ filePath: `${c.root}/abs2` }, C.c)],
    second: (c) => m([tok(), secret({ filePath: `${c.root}/abs` }, C.d)]),
    secondHome: "unset",
    code: 0,
    present: (c) => ({ [c.p(TOK)]: C.a, [`${c.root}/abs`]: C.d, [`${c.root}/abs2`]: C.c }),
    state: (c) => stateText([`${c.root}/abs`, C.d], [c.p(TOK), C.a], [`${c.root}/abs2`, C.c]),
    stderr: () => [HOME_UNKNOWN],
  },
  {
    name: "home unknown without ~/ entries (state in XDG_STATE_HOME): the usual rules",
    xdg: "absolute",
    first: (c) => [secret({ filePath: `${c.root}/abs` }, C.b), secret({ filePath: `${c.root}/abs2` }, C.c)],
    second: (c) => m([secret({ filePath: `${c.root}/abs` }, C.b)]),
    secondHome: "unset",
    code: 0,
    absent: (c) => [`${c.root}/abs2`],
    state: (c) => stateText([`${c.root}/abs`, C.b]),
    stdout: (c) => [removed(`${c.root}/abs2`), summary(1)],
  },
  {
    name: "one state for both injectors: the other implementation wrote it, this one removes the dropped file",
    ...dropTok({ firstByOther: true }),
    absent: (c) => [c.p(TOK)],
    state: (c) => stateText([c.p(KEY), C.b]),
    stdout: (c) => [removed(c.p(TOK)), summary(1)],
  },
  {
    name: "one state for both injectors: a file the other implementation wrote and the user changed is kept",
    ...dropTok({ firstByOther: true, tamper: (c) => fs.appendFileSync(c.p(TOK), "!") }),
    present: (c) => ({ [c.p(TOK)]: C.a + "!" }),
    state: (c) => stateText([c.p(KEY), C.b]),
    stderr: (c) => [keptChanged(c.p(TOK))],
    stdout: () => [summary(0)],
  },
  {
    name: "dry run (Node): reports would remove / would keep, changes nothing",
    nodeOnly: true,
    first: () => [tok(), key(), other()],
    tamper: (c) => fs.writeFileSync(c.p(OTHER), "user text"),
    second: () => m([key()]),
    secondArgs: ["--dry-run"],
    code: 0,
    present: (c) => ({ [c.p(TOK)]: C.a, [c.p(OTHER)]: "user text" }),
    state: () => "untouched",
    stdout: (c) => [`would remove stale file ${P(c.p(TOK))} (written by an earlier run, no longer in the manifest)`, summary(1, "would")],
    stderr: (c) => [`would keep ${P(c.p(OTHER))}: changed since it was written (no longer in the manifest; remove it yourself if it is not needed)`],
  },
  {
    name: "--state-key (Node) names another state: the default one is neither read nor touched",
    nodeOnly: true,
    ...dropTok({ secondArgs: ["--state-key", "OTHER_TEMPLATE"] }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: () => "untouched",
    check: (c) => expect(fs.readFileSync(`${c.stateDir}/OTHER_TEMPLATE.state`, "utf8")).toBe(stateText([c.p(KEY), C.b])),
  },
  {
    name: "a bad --state-key (Node) is a usage error naming the rule: exit 2, nothing touched",
    nodeOnly: true,
    ...dropTok({ secondArgs: ["--state-key", "../x"], code: 2 }),
    present: (c) => ({ [c.p(TOK)]: C.a }),
    state: () => "untouched",
    check: (_c, r) => expect(r.stderr).toContain("^[A-Za-z_][A-Za-z0-9_]{0,127}$"),
  },
];

/** A relative XDG_STATE_HOME that must never be created (relative to the test's working directory). */
const RELATIVE_XDG = `stale-table-relative-xdg-${process.pid}`;

// ---- Runner -----------------------------------------------------------------------------------------------------------

afterAll(cleanupApplets);

/** The manifest's file targets as the injectors resolve them (for the value scan). */
function targetsOf(manifest: string, home: string): string[] {
  try {
    return decodeManifestBase64(manifest)
      .map((s) => s.filePath)
      .filter((f): f is string => !!f)
      .map((f) => (f.startsWith("~/") ? path.join(home, f.slice(2)) : path.normalize(f)));
  } catch {
    return [];
  }
}

function valuesOf(manifest: string): string[] {
  try {
    return decodeManifestBase64(manifest)
      .map((s) => Buffer.from(s.value).toString("utf8"))
      .filter((v) => v.length >= 8);
  } catch {
    return [];
  }
}

/** Lines of a stream without the injector's prefix (`cdktf-coder-secrets inject: ` or `cdktf-coder-secrets: `). */
const linesOf = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.replace(/^cdktf-coder-secrets(?: inject)?: /, ""));
const matches = (line: string, want: Line) => (typeof want === "string" ? line === want : want.test(line));

function snapshot(file: string): { bytes: Buffer; ino: number; mtimeMs: number } | undefined {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? { bytes: fs.readFileSync(file), ino: st.ino, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

describe.each(RUNNERS)("stale table: %s injector", (_name, run) => {
  const isNode = run === runNode;
  const cases = CASES.filter((c) => isNode || !c.nodeOnly);
  test.each(cases.map((c) => [c.name, c] as const))("%s", async (_title, c) => {
    const root = fs.realpathSync(tempRoot("inject-st-"));
    const home = path.join(root, "home");
    fs.mkdirSync(home);
    fs.chmodSync(home, 0o755);
    const stateDir = c.xdg === "absolute" ? `${root}/xdg/cdktf-coder-secrets` : `${home}/.local/state/cdktf-coder-secrets`;
    const ctx: Ctx = { root, home, stateDir, stateFile: `${stateDir}/${MANIFEST_VAR}.state`, p: (rel) => path.join(home, rel.slice(2)) };
    const env: Record<string, string> = c.xdg === "absolute" ? { XDG_STATE_HOME: `${root}/xdg` } : c.xdg === "relative" ? { XDG_STATE_HOME: RELATIVE_XDG } : {};
    try {
      c.setup?.(ctx);
      const outputs: string[] = [];
      const manifests: string[] = [];
      if (c.first) {
        const firstManifest = m(c.first(ctx));
        manifests.push(firstManifest);
        const firstRun: Runner = c.firstByOther ? (isNode ? runSh : runNode) : run;
        const r1 = await firstRun(firstManifest, { home, env });
        outputs.push(r1.stdout, r1.stderr);
        expect({ first: r1.code, stderr: r1.stderr }).toEqual({ first: c.firstCode ?? 0, stderr: expect.any(String) });
        if (c.firstState) expect(fs.readFileSync(ctx.stateFile, "utf8")).toBe(c.firstState(ctx));
      }
      c.tamper?.(ctx);
      const stateBefore = snapshot(ctx.stateFile);
      const treeBefore = listTree(root);
      const second = c.second(ctx);
      manifests.push(second);
      const homeEnv = c.secondHome === "unset" ? undefined : c.secondHome === "relative" ? "relative/home" : home;
      const options: RunOptions = { home: homeEnv, env, extraArgs: c.secondArgs, interfere: c.interfere?.(ctx), asNobody: c.asNobody };
      if (c.asNobody && process.getuid?.() === 0) {
        fs.chmodSync(root, 0o755);
        for (const rel of ["", ...listTree(root)]) fs.lchownSync(path.join(root, rel), 65534, 65534);
      }
      const result = await run(second, options);
      outputs.push(result.stdout, result.stderr);

      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual(expect.objectContaining({ code: c.code }));

      // Reported lines: each expected one is there, and nothing else about stale files or the state.
      const out = linesOf(result.stdout);
      const err = linesOf(result.stderr);
      const wantOut = c.stdout?.(ctx) ?? [];
      const wantErr = c.stderr?.(ctx) ?? [];
      for (const w of wantOut) expect({ stdout: out, has: w }).toEqual({ stdout: expect.arrayContaining([expect.stringMatching(typeof w === "string" ? new RegExp(`^${esc(w)}$`) : w)]), has: w });
      for (const w of wantErr) expect({ stderr: err, has: w }).toEqual({ stderr: expect.arrayContaining([expect.stringMatching(typeof w === "string" ? new RegExp(`^${esc(w)}$`) : w)]), has: w });
      for (const l of out.filter((x) => STALE_LINE.test(x))) expect({ unexpectedOnStdout: l, ok: wantOut.some((w) => matches(l, w)) }).toEqual({ unexpectedOnStdout: l, ok: true });
      for (const l of err.filter((x) => STALE_LINE.test(x))) expect({ unexpectedOnStderr: l, ok: wantErr.some((w) => matches(l, w)) }).toEqual({ unexpectedOnStderr: l, ok: true });

      for (const [p, content] of Object.entries(c.present?.(ctx) ?? {})) {
        const st = fs.lstatSync(p);
        expect({ p, file: st.isFile() }).toEqual({ p, file: true });
        expect({ p, same: Buffer.compare(fs.readFileSync(p), Buffer.from(content)) === 0 }).toEqual({ p, same: true });
      }
      for (const p of c.absent?.(ctx) ?? []) expect({ p, exists: fs.existsSync(p) || (fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined) }).toEqual({ p, exists: false });

      const want = c.state(ctx);
      if (want === "untouched") {
        expect(snapshot(ctx.stateFile)).toEqual(stateBefore);
      } else if (want === null) {
        expect(listTree(root).filter((f) => f.includes("cdktf-coder-secrets"))).toEqual([]);
      } else if (want === "a directory") {
        expect(fs.lstatSync(ctx.stateFile).isDirectory()).toBe(true);
      } else if (want === "absent") {
        expect(fs.lstatSync(ctx.stateFile, { throwIfNoEntry: false })).toBeUndefined();
      } else {
        const st = fs.lstatSync(ctx.stateFile);
        expect(st.isFile()).toBe(true);
        expect(st.mode & 0o7777).toBe(0o600);
        expect(fs.readFileSync(ctx.stateFile, "latin1")).toBe(Buffer.from(want, "utf8").toString("latin1"));
      }
      if (c.code === 2) expect(listTree(root)).toEqual(treeBefore);

      // No planted value anywhere but in the secret files: not in any output, the state file or any other file.
      const values = [...new Set(manifests.flatMap(valuesOf))];
      const allowed = new Set([...manifests.flatMap((mf) => targetsOf(mf, home)), ...(c.valueFiles?.(ctx) ?? [])]);
      const scanned: string[] = [];
      for (const rel of listTree(root)) {
        const abs = path.join(root, rel);
        if (allowed.has(abs)) continue;
        const st = fs.lstatSync(abs);
        if (st.isFile()) scanned.push(fs.readFileSync(abs, "latin1"));
      }
      const everywhere = [...outputs, ...scanned].join("\n");
      for (const v of values) expect({ leaked: everywhere.includes(v), value: v.slice(0, 12) }).toEqual({ leaked: false, value: v.slice(0, 12) });
      const temps = listTree(root).filter((f) => path.basename(f).startsWith(TEMP_FILE_PREFIX));
      expect(temps).toEqual([]);

      await c.check?.(ctx, result, (mf) => run(mf, options));
    } finally {
      c.cleanup?.(ctx);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
