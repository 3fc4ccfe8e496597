/**
 * ONE table of cases, run against both injectors: the Node CLI (`inject --manifest-env`) and the sh delivery script
 * (`/bin/sh -c`). Each case gets a fresh temp root with a home inside; every run's output is checked for canaries.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { decodeManifestBase64, encodeManifestBase64, ManifestSecret, secret } from "../../lib/core";
import { printablePath } from "../../lib/core";
import { TEMP_FILE_PREFIX } from "../../lib/inject";
import { cleanupApplets, listTree, modeOf, pb, RunResult, RUNNERS, runNode, tempRoot } from "./harness";

interface Ctx {
  readonly root: string;
  readonly home: string;
}

interface Case {
  readonly name: string;
  /** HOME for the run: the temp home (default), unset, or a relative path. */
  readonly home?: "set" | "unset" | "relative";
  readonly setup?: (ctx: Ctx) => void;
  readonly manifest: (ctx: Ctx) => string;
  readonly code: 0 | 1 | 2;
  /** Regular files that must exist afterwards with mode 0600 and exactly this content. */
  readonly files?: (ctx: Ctx) => Record<string, string | Uint8Array>;
  /** Directories and their modes afterwards. */
  readonly dirs?: (ctx: Ctx) => Record<string, number>;
  /** Nothing under the root changed (compared with the tree after setup). */
  readonly nothingWritten?: boolean;
  readonly stderr?: RegExp;
  readonly check?: (ctx: Ctx, result: RunResult) => void;
  readonly chunkChars?: number;
  readonly unset?: boolean;
  /** Values that must not appear in any output (decodable manifests add theirs automatically). */
  readonly canaries?: readonly string[];
  /** The home as the injector is told it (`--home ARG` for Node, with HOME set to the real home; HOME=ARG for sh). */
  readonly homeArg?: string;
  /** Runs as root only: it needs a directory owned by another uid. */
  readonly asRoot?: boolean;
}

let serial = 0;
const canary = (label: string) => `CANARY-${label}-${(++serial).toString(36)}-q7Zk`;
const m = (secrets: readonly ManifestSecret[]) => encodeManifestBase64(secrets);
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const C = {
  a: canary("a"),
  b: canary("b"),
  c: canary("c"),
  old: canary("old"),
  linked: canary("linked"),
};

const CASES: readonly Case[] = [
  {
    name: "new file under ~/ with missing parents created 0700",
    manifest: () => m([secret({ filePath: "~/.config/app/token" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/.config/app/token`]: C.a }),
    dirs: ({ home }) => ({ [`${home}/.config`]: 0o700, [`${home}/.config/app`]: 0o700 }),
  },
  {
    name: "absolute path: parents created 0700",
    manifest: ({ root }) => m([secret({ filePath: `${root}/etc/app/deep/key.pem` }, C.a)]),
    code: 0,
    files: ({ root }) => ({ [`${root}/etc/app/deep/key.pem`]: C.a }),
    dirs: ({ root }) => ({ [`${root}/etc`]: 0o700, [`${root}/etc/app`]: 0o700, [`${root}/etc/app/deep`]: 0o700 }),
  },
  {
    name: "overwrite of a 0644 file ends 0600 with the new content",
    setup: ({ home }) => {
      fs.writeFileSync(`${home}/.netrc`, C.old);
      fs.chmodSync(`${home}/.netrc`, 0o644);
    },
    manifest: () => m([secret({ filePath: "~/.netrc" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/.netrc`]: C.a }),
  },
  {
    name: "existing parent keeps its mode",
    setup: ({ home }) => {
      fs.mkdirSync(`${home}/.ssh`);
      fs.chmodSync(`${home}/.ssh`, 0o755);
    },
    manifest: () => m([secret({ filePath: "~/.ssh/id_ed25519" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/.ssh/id_ed25519`]: C.a }),
    dirs: ({ home }) => ({ [`${home}/.ssh`]: 0o755, [home]: 0o755 }),
  },
  {
    name: "symlink at the target is refused; the link's target is untouched; others still written",
    setup: ({ root, home }) => {
      fs.writeFileSync(`${root}/victim`, C.linked);
      fs.chmodSync(`${root}/victim`, 0o644);
      fs.symlinkSync(`${root}/victim`, `${home}/.token`);
    },
    manifest: () => m([secret({ filePath: "~/.token" }, C.a), secret({ filePath: "~/other" }, C.b)]),
    code: 1,
    files: ({ home }) => ({ [`${home}/other`]: C.b }),
    stderr: /symbolic link/,
    check: ({ root, home }) => {
      expect(fs.lstatSync(`${home}/.token`).isSymbolicLink()).toBe(true);
      expect(fs.readlinkSync(`${home}/.token`)).toBe(`${root}/victim`);
      expect(fs.readFileSync(`${root}/victim`, "utf8")).toBe(C.linked);
      expect(modeOf(`${root}/victim`)).toBe(0o644);
    },
  },
  {
    name: "dangling symlink at the target is refused, nothing created at its target",
    setup: ({ root, home }) => fs.symlinkSync(`${root}/nowhere`, `${home}/.token`),
    manifest: () => m([secret({ filePath: "~/.token" }, C.a)]),
    code: 1,
    stderr: /symbolic link/,
    check: ({ root }) => expect(fs.existsSync(`${root}/nowhere`)).toBe(false),
  },
  {
    name: "~/ with HOME unset: skipped with a warning, absolute entries still written",
    home: "unset",
    manifest: ({ root }) => m([secret({ filePath: "~/.token" }, C.a), secret({ filePath: `${root}/abs` }, C.b)]),
    code: 0,
    files: ({ root }) => ({ [`${root}/abs`]: C.b }),
    stderr: /home directory is unknown/,
    check: ({ home }) => expect(listTree(home)).toEqual([]),
  },
  {
    name: "~/ with a relative HOME counts as unknown",
    home: "relative",
    manifest: () => m([secret({ filePath: "~/.token" }, C.a)]),
    code: 0,
    nothingWritten: true,
    stderr: /home directory is unknown/,
  },
  {
    name: "collision ~/x vs <home>/x: warned, the later wins",
    manifest: ({ home }) => m([secret({ filePath: "~/x" }, C.a), secret({ filePath: `${home}/x` }, C.b)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.b }),
    stderr: /same file/,
  },
  {
    name: "collision through cleaning (~/a/../x vs ~/x), three entries: the last wins",
    manifest: () => m([secret({ filePath: "~/a/../x" }, C.a), secret({ filePath: "~/x" }, C.b), secret({ filePath: "~/./x" }, C.c)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.c }),
    stderr: /same file/,
    check: ({ home }) => expect(fs.existsSync(`${home}/a`)).toBe(false),
  },
  {
    name: "binary content (all 256 byte values) is byte-exact",
    manifest: () => m([secret({ filePath: "~/bin.dat" }, allBytes)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/bin.dat`]: allBytes }),
  },
  {
    name: "50 files",
    manifest: () => m(Array.from({ length: 50 }, (_, i) => secret({ filePath: `~/many/f${i}` }, `${C.a}-${i}`))),
    code: 0,
    files: ({ home }) => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${home}/many/f${i}`, `${C.a}-${i}`])),
  },
  {
    name: "a regular file where a parent directory must be: that one fails, the others are written (exit 1)",
    setup: ({ home }) => fs.writeFileSync(`${home}/blocker`, "not a dir"),
    manifest: () => m([secret({ filePath: "~/before" }, C.a), secret({ filePath: "~/blocker/sub/x" }, C.b), secret({ filePath: "~/after" }, C.c)]),
    code: 1,
    files: ({ home }) => ({ [`${home}/before`]: C.a, [`${home}/after`]: C.c }),
    stderr: /blocker/,
    check: ({ home }) => expect(fs.readFileSync(`${home}/blocker`, "utf8")).toBe("not a dir"),
  },
  {
    name: "target is a directory: fails, others written",
    setup: ({ home }) => fs.mkdirSync(`${home}/adir`),
    manifest: () => m([secret({ filePath: "~/adir" }, C.a), secret({ filePath: "~/ok" }, C.b)]),
    code: 1,
    files: ({ home }) => ({ [`${home}/ok`]: C.b }),
    stderr: /is a directory/,
  },
  {
    name: "target is a FIFO (or device): refused and left untouched, others written",
    setup: ({ home }) => {
      const r = spawnSync("mkfifo", [`${home}/fifo`]);
      expect(r.status).toBe(0);
    },
    manifest: () => m([secret({ filePath: "~/fifo" }, C.a), secret({ filePath: "~/ok" }, C.b)]),
    code: 1,
    files: ({ home }) => ({ [`${home}/ok`]: C.b }),
    stderr: /not a regular file/,
    check: ({ home }) => expect(fs.lstatSync(`${home}/fifo`).isFIFO()).toBe(true),
  },
  {
    name: "~/. resolves to the home directory itself: fails",
    manifest: () => m([secret({ filePath: "~/." }, C.a)]),
    code: 1,
    stderr: /is a directory/,
  },
  {
    name: "bad base64: exit 2, nothing written",
    manifest: () => "this is not base64!",
    code: 2,
    nothingWritten: true,
  },
  {
    name: "base64 with = in the middle: exit 2",
    manifest: () => {
      let v = C.a;
      while (!m([secret({ filePath: "~/x" }, v)]).endsWith("=")) v += "!";
      return m([secret({ filePath: "~/x" }, v)]) + m([secret({ filePath: "~/y" }, C.b)]);
    },
    code: 2,
    nothingWritten: true,
  },
  {
    name: "truncated protobuf: exit 2, nothing written",
    manifest: () => Buffer.from(Buffer.from(m([secret({ filePath: "~/x" }, C.a), secret({ filePath: "~/y" }, C.b)]), "base64").subarray(0, 30)).toString("base64"),
    code: 2,
    nothingWritten: true,
  },
  {
    name: "invalid path in the second entry: exit 2, the first is not written either",
    manifest: () => m([secret({ filePath: "~/fine" }, C.a), secret({ filePath: "relative/path" }, C.b)]),
    code: 2,
    nothingWritten: true,
    stderr: /must start with ~\/ or \//,
  },
  {
    name: "~user/ path: exit 2",
    manifest: () => m([secret({ filePath: "~root/.token" }, C.a)]),
    code: 2,
    nothingWritten: true,
  },
  {
    name: "NUL in a path: exit 2",
    manifest: () => pb.base64([...pb.secret([...pb.str(2, "~/fine")]), ...pb.secret([...pb.str(2, "~/a\u0000b"), ...pb.str(3, C.a)])]),
    code: 2,
    nothingWritten: true,
    canaries: [C.a],
  },
  {
    name: "path longer than 4096 bytes: exit 2",
    manifest: () => m([secret({ filePath: `~/${"d/".repeat(2048)}x` }, C.a)]),
    code: 2,
    nothingWritten: true,
  },
  {
    name: "path of exactly 4096 bytes is accepted (fails later: name too long)",
    manifest: () => m([secret({ filePath: `~/${"a".repeat(4094)}` }, C.a)]),
    code: 1,
  },
  {
    name: "invalid UTF-8 in a path: exit 2",
    manifest: () => pb.base64(pb.secret([...pb.str(2, Uint8Array.from([0x7e, 0x2f, 0xc3, 0x28])), ...pb.str(3, C.a)])),
    code: 2,
    nothingWritten: true,
    canaries: [C.a],
  },
  {
    name: "invalid UTF-8 in an env name: exit 2",
    manifest: () => pb.base64([...pb.secret([...pb.str(2, "~/x"), ...pb.str(3, C.a)]), ...pb.secret([...pb.str(1, Uint8Array.from([0xed, 0xa0, 0x80])), ...pb.str(3, C.b)])]),
    code: 2,
    nothingWritten: true,
    canaries: [C.a, C.b],
  },
  {
    name: "wrong wire type for file_path: exit 2",
    manifest: () => pb.base64(pb.secret([...pb.field(2, 0, [5]), ...pb.str(3, C.a)])),
    code: 2,
    nothingWritten: true,
  },
  {
    name: "other Manifest fields (varint, string, nested message, fixed64, fixed32) are skipped",
    manifest: () =>
      pb.base64([
        ...pb.str(4, "/home/coder"),
        ...pb.field(7, 0, pb.varint(2 ** 40)),
        ...pb.secret([...pb.str(2, "~/one"), ...pb.str(3, C.a), ...pb.field(9, 5, [1, 2, 3, 4])]),
        ...pb.field(9, 2, pb.str(1, "derp")),
        ...pb.field(18, 1, [1, 2, 3, 4, 5, 6, 7, 8]),
        ...pb.secret([...pb.str(3, C.b), ...pb.str(2, "~/two")]),
      ]),
    code: 0,
    files: ({ home }) => ({ [`${home}/one`]: C.a, [`${home}/two`]: C.b }),
  },
  {
    name: "env-only entries are ignored; env+file entries are written to the file",
    manifest: () => m([secret({ envName: "ONLY_ENV" }, C.a), secret({ envName: "BOTH", filePath: "~/both" }, C.b)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/both`]: C.b }),
    check: ({ home }) => expect(outsideState(listTree(home))).toEqual(["both"]),
  },
  {
    name: "empty manifest: exit 0, nothing written",
    manifest: () => "",
    code: 0,
    nothingWritten: true,
  },
  {
    name: "empty value: an empty 0600 file",
    manifest: () => m([secret({ filePath: "~/empty" }, "")]),
    code: 0,
    files: ({ home }) => ({ [`${home}/empty`]: "" }),
  },
  {
    name: "dot segments and repeated slashes are cleaned like Go's filepath.Clean (.. may climb above home)",
    manifest: ({ root }) =>
      m([
        secret({ filePath: "~/a/../b/./c//d" }, C.a),
        secret({ filePath: "~/../up/e" }, C.b),
        secret({ filePath: `/../..${root}/./abs/../abs2//` }, C.c),
      ]),
    code: 0,
    files: ({ root, home }) => ({ [`${home}/b/c/d`]: C.a, [`${root}/up/e`]: C.b, [`${root}/abs2`]: C.c }),
    dirs: ({ root }) => ({ [`${root}/up`]: 0o700 }),
    check: ({ home }) => expect(fs.existsSync(`${home}/a`)).toBe(false),
  },
  {
    name: "unicode, spaces, a glob character and a trailing newline in the file name",
    manifest: () => m([secret({ filePath: "~/dír with space/*/new\nline\n" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/dír with space/*/new\nline\n`]: C.a }),
  },
  {
    name: "a stale temp file left by a crash is ignored; the target is written",
    setup: ({ home }) => fs.writeFileSync(`${home}/${TEMP_FILE_PREFIX}deadbeef`, "partial"),
    manifest: () => m([secret({ filePath: "~/x" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.a }),
  },
  {
    name: "a symlinked parent to a trusted directory is followed, and the output names the link",
    setup: ({ root, home }) => {
      fs.mkdirSync(`${root}/real`);
      fs.symlinkSync(`${root}/real`, `${home}/link`);
    },
    manifest: () => m([secret({ filePath: "~/link/x" }, C.a)]),
    code: 0,
    files: ({ root }) => ({ [`${root}/real/x`]: C.a }),
    check: ({ root, home }, r) => expect(r.stdout).toContain(`followed link ${home}/link -> ${root}/real`),
  },
  {
    name: "a relative symlinked parent (dotfiles) is followed through its trusted target",
    setup: ({ home }) => {
      fs.mkdirSync(`${home}/dotfiles/ssh`, { recursive: true });
      fs.symlinkSync("dotfiles/ssh", `${home}/.ssh`);
    },
    manifest: () => m([secret({ filePath: "~/.ssh/id_ed25519" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/dotfiles/ssh/id_ed25519`]: C.a }),
    check: ({ home }, r) => expect(r.stdout).toContain(`followed link ${home}/.ssh -> dotfiles/ssh`),
  },
  {
    name: "a world-writable, not sticky directory on the way is refused (named, with the rule); others written",
    setup: ({ root }) => {
      fs.mkdirSync(`${root}/shared`);
      fs.chmodSync(`${root}/shared`, 0o777);
    },
    manifest: ({ root }) => m([secret({ filePath: `${root}/shared/x` }, C.a), secret({ filePath: `${root}/shared/new/y` }, C.b), secret({ filePath: "~/ok" }, C.c)]),
    code: 1,
    files: ({ home }) => ({ [`${home}/ok`]: C.c }),
    stderr: /refused secret\[0\].*directory \S*\/shared is writable by group or others and not sticky; every directory on the way/,
    check: ({ root }, r) => {
      expect(fs.readdirSync(`${root}/shared`)).toEqual([]);
      expect(r.stderr).toMatch(/refused secret\[1\]/);
      expect(r.stderr).toContain("OpenSSH's StrictModes");
    },
  },
  {
    name: "a group-writable directory on the way is refused",
    setup: ({ home }) => {
      fs.mkdirSync(`${home}/team`);
      fs.chmodSync(`${home}/team`, 0o775);
    },
    manifest: () => m([secret({ filePath: "~/team/x" }, C.a)]),
    code: 1,
    stderr: /directory \S*\/team is writable by group or others and not sticky/,
    check: ({ home }) => expect(fs.readdirSync(`${home}/team`)).toEqual([]),
  },
  {
    name: "a sticky world-writable directory (like /tmp) is trusted",
    setup: ({ root }) => {
      fs.mkdirSync(`${root}/tmp`);
      fs.chmodSync(`${root}/tmp`, 0o1777);
    },
    manifest: ({ root }) => m([secret({ filePath: `${root}/tmp/app/x` }, C.a)]),
    code: 0,
    files: ({ root }) => ({ [`${root}/tmp/app/x`]: C.a }),
    dirs: ({ root }) => ({ [`${root}/tmp/app`]: 0o700 }),
  },
  {
    name: "a symlinked parent reaching a world-writable directory is refused",
    setup: ({ root, home }) => {
      fs.mkdirSync(`${root}/open`);
      fs.chmodSync(`${root}/open`, 0o777);
      fs.symlinkSync(`${root}/open`, `${home}/cfg`);
    },
    manifest: () => m([secret({ filePath: "~/cfg/x" }, C.a)]),
    code: 1,
    stderr: /directory \S*\/open is writable by group or others/,
    check: ({ root }) => expect(fs.readdirSync(`${root}/open`)).toEqual([]),
  },
  {
    name: "a directory owned by another user on the way is refused",
    asRoot: true,
    setup: ({ root }) => {
      fs.mkdirSync(`${root}/theirs`);
      fs.chownSync(`${root}/theirs`, 54321, 54321);
    },
    manifest: ({ root }) => m([secret({ filePath: `${root}/theirs/x` }, C.a)]),
    code: 1,
    stderr: /directory \S*\/theirs is owned by uid 54321, not by you \(uid 0\) or root/,
    check: ({ root }) => expect(fs.readdirSync(`${root}/theirs`)).toEqual([]),
  },
  {
    name: "a symlink on the way owned by another user is refused",
    asRoot: true,
    setup: ({ root, home }) => {
      fs.mkdirSync(`${root}/real`);
      fs.symlinkSync(`${root}/real`, `${home}/theirlink`);
      fs.lchownSync(`${home}/theirlink`, 54321, 54321);
    },
    manifest: () => m([secret({ filePath: "~/theirlink/x" }, C.a)]),
    code: 1,
    stderr: /link \S*\/theirlink is owned by uid 54321/,
    check: ({ root }) => expect(fs.readdirSync(`${root}/real`)).toEqual([]),
  },
  {
    name: "control characters in a target are printed escaped, the same by both injectors",
    manifest: () => m([secret({ filePath: "~/esc/a\u001bb]0;t\u0007\rc\u007fd\u009be\u00e9\nf\\g\u2028h\u202ei\u2069j\u2030k" }, C.a)]),
    code: 0,
    files: ({ home }) => ({ [`${home}/esc/a\u001bb]0;t\u0007\rc\u007fd\u009be\u00e9\nf\\g\u2028h\u202ei\u2069j\u2030k`]: C.a }),
    check: ({ home }, r) => {
      expect(r.stdout).toContain(`to ${printablePath(`${home}/esc/a\u001bb]0;t\u0007\rc\u007fd\u009be\u00e9\nf\\g\u2028h\u202ei\u2069j\u2030k`)} (0600)`);
      expect(r.stdout).toContain("a\\x1bb]0;t\\x07\\x0dc\\x7fd\\x9be\u00e9\\x0af\\\\g\\u{2028}h\\u{202e}i\\u{2069}j\u2030k");
      // eslint-disable-next-line no-control-regex
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    },
  },
  {
    name: "an entry with neither env_name nor file_path is reported (Coder's agent skips it), the others written",
    manifest: () => pb.base64([...pb.secret([...pb.str(3, C.a)]), ...pb.secret([...pb.str(2, "~/x"), ...pb.str(3, C.b)])]),
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.b }),
    stderr: /secret\[0\] has neither env_name nor file_path \(Coder's agent skips it\)/,
  },
  {
    name: "--home \"\" (HOME=\"\" for sh) is an unknown home: ~/ skipped with a warning, nothing written relative to the cwd",
    homeArg: "",
    manifest: ({ root }) => m([secret({ filePath: "~/.inject-case-home-empty" }, C.a), secret({ filePath: `${root}/abs` }, C.b)]),
    code: 0,
    files: ({ root }) => ({ [`${root}/abs`]: C.b }),
    stderr: /home directory is unknown/,
    check: ({ home }) => {
      expect(listTree(home)).toEqual([]);
      expect(fs.existsSync(path.join(process.cwd(), ".inject-case-home-empty"))).toBe(false);
    },
  },
  {
    name: "--home relative/dir (HOME=relative/dir for sh) is an unknown home: ~/ skipped with a warning",
    homeArg: "relative/dir",
    manifest: () => m([secret({ filePath: "~/.inject-case-home-rel" }, C.a)]),
    code: 0,
    stderr: /home directory is unknown/,
    check: ({ home }) => {
      expect(listTree(home)).toEqual([]);
      expect(fs.existsSync(path.join(process.cwd(), "relative"))).toBe(false);
    },
  },
  {
    name: "manifest split over VAR, VAR_2, VAR_3 (chunked env) is joined",
    manifest: () => m([secret({ filePath: "~/x" }, C.a.repeat(20)), secret({ filePath: "~/y" }, C.b)]),
    chunkChars: 100,
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.a.repeat(20), [`${home}/y`]: C.b }),
  },
  {
    name: "unpadded base64 with line breaks is accepted",
    manifest: () => {
      const b = m([secret({ filePath: "~/x" }, C.a + "!")]).replace(/=+$/, "");
      expect(b.length % 4).not.toBe(0);
      return b.replace(/(.{16})/g, "$1\n");
    },
    code: 0,
    files: ({ home }) => ({ [`${home}/x`]: C.a + "!" }),
  },
  {
    name: "manifest variable not set: exit 2",
    manifest: () => m([secret({ filePath: "~/x" }, C.a)]),
    unset: true,
    code: 2,
    nothingWritten: true,
  },
];

/**
 * Protobuf wire rules as Go's runtime applies them (issue 17.1): bad input is exit 2 with the byte offset and the rule,
 * nothing written. Both injectors must give the same verdict; the exact rule text is the sh script's.
 */
const first = () => pb.secret([...pb.str(2, "~/first"), ...pb.str(3, C.a)]);
const varintBytes = (n: bigint): number[] => {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
};
const F = first().length;
const DECODER_CASES: readonly Case[] = [
  {
    name: "strict: a length varint claiming 2^60 (issue 17's bytes) is bad input",
    manifest: () => pb.base64([...first(), 0x9a, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0a]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F + 2}: length above 2\^31-1; nothing written`),
  },
  {
    name: "strict: an 11-byte varint is bad input",
    manifest: () => pb.base64([...first(), 0x38, ...Array(10).fill(0x80), 0x01]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F + 1}: varint longer than 10 bytes`),
  },
  {
    name: "strict: a 10-byte varint whose last byte is above 1 overflows 64 bits: bad input",
    manifest: () => pb.base64([...first(), 0x38, ...Array(9).fill(0xff), 0x02]),
    code: 2,
    nothingWritten: true,
    stderr: /varint longer than 10 bytes/,
  },
  {
    name: "strict: a 10-byte varint (2^63) in an unknown field is skipped",
    manifest: () => pb.base64([...first(), 0x38, ...Array(9).fill(0x80), 0x01, ...pb.secret([...pb.str(2, "~/second"), ...pb.str(3, C.b)])]),
    code: 0,
    files: ({ home }) => ({ [`${home}/first`]: C.a, [`${home}/second`]: C.b }),
  },
  {
    name: "strict: a tag for field 2^29+19 is bad input (not skipped)",
    manifest: () => pb.base64([...first(), ...varintBytes(BigInt(2 ** 29 + 19) * 8n + 2n), ...pb.varint(3), 1, 2, 3]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F}: field number 0 or above 2\^29-1`),
  },
  {
    name: "strict: field number 0 is bad input",
    manifest: () => pb.base64([...first(), 0x02, 0x00]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F}: field number 0 or above 2\^29-1`),
  },
  {
    name: "strict: an outer length of 2^32+n is bad input (no 32-bit wrap)",
    manifest: () => pb.base64([...first(), 0x9a, 0x01, ...varintBytes(2n ** 32n + 5n), ...pb.str(2, "~/x")]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F + 2}: length above 2\^31-1`),
  },
  {
    name: "strict: a length beyond the remaining input is bad input",
    manifest: () => pb.base64([...first(), ...pb.field(4, 2, []).slice(0, 1), 50, 1, 2, 3]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F + 1}: length 50 goes beyond the remaining input`),
  },
  {
    name: "strict: wire types 6 and 7 do not exist: bad input",
    manifest: () => pb.base64([...first(), (5 << 3) | 7, 1]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F}: wire type 7 does not exist`),
  },
  {
    name: "strict: an end-group tag outside a group is bad input",
    manifest: () => pb.base64([...first(), (5 << 3) | 4]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F}: end-group tag outside a group`),
  },
  {
    name: "strict: unknown groups (nested, in the manifest and in a secret) are skipped to their matching end",
    manifest: () =>
      pb.base64([
        ...first(),
        (6 << 3) | 3, ...pb.str(1, "x"), (7 << 3) | 3, 0x08, 0x01, (7 << 3) | 4, ...pb.field(2, 5, [1, 2, 3, 4]), (6 << 3) | 4,
        ...pb.secret([(9 << 3) | 3, ...pb.str(3, "not the value"), (9 << 3) | 4, ...pb.str(2, "~/second"), ...pb.str(3, C.b)]),
      ]),
    code: 0,
    files: ({ home }) => ({ [`${home}/first`]: C.a, [`${home}/second`]: C.b }),
  },
  {
    name: "strict: a group closed by another field's end tag is bad input",
    manifest: () => pb.base64([...first(), (6 << 3) | 3, 0x08, 0x01, (7 << 3) | 4]),
    code: 2,
    nothingWritten: true,
    stderr: new RegExp(String.raw`byte ${F + 3}: end-group tag does not match its group`),
  },
  {
    name: "strict: a group never closed is bad input",
    manifest: () => pb.base64([...first(), (6 << 3) | 3, 0x08, 0x01]),
    code: 2,
    nothingWritten: true,
    stderr: /truncated varint/,
  },
  {
    name: "strict: a padded (non-minimal) tag varint is accepted, as Go does",
    manifest: () => {
      const f = first();
      expect(f[2]).toBe(f.length - 3); // a one-byte length
      return pb.base64([0x9a, 0x81, 0x80, 0x00, ...f.slice(2)]);
    },
    code: 0,
    files: ({ home }) => ({ [`${home}/first`]: C.a }),
  },
];

function expectedCanaries(c: Case, manifest: string): string[] {
  const found = [...(c.canaries ?? [])];
  try {
    for (const s of decodeManifestBase64(manifest)) {
      const text = Buffer.from(s.value).toString("utf8");
      if (text.length >= 8) found.push(text);
    }
  } catch {
    /* undecodable: only the declared canaries */
  }
  return found;
}

/** A tree without the state directory the injectors keep under the home (`~/.local/state/cdktf-coder-secrets`). */
const outsideState = (tree: readonly string[]) => tree.filter((f) => !/(^|\/)\.local(\/state(\/cdktf-coder-secrets(\/.*)?)?)?$/.test(f));

afterAll(cleanupApplets);

const IS_ROOT = process.getuid?.() === 0;

describe.each(RUNNERS)("shared table: %s injector", (_name, run) => {
  // Node's decoder (lib/core/manifest.ts) words its rules its own way: for it, a decoder case checks the verdict and
  // that the message names a byte offset.
  const decoderCases = run === runNode ? DECODER_CASES.map((c) => (c.stderr ? { ...c, stderr: /manifest: byte \d+: .*protobuf rule/ } : c)) : DECODER_CASES;
  const cases = [...CASES, ...decoderCases].filter((c) => IS_ROOT || !c.asRoot);
  test.each(cases.map((c) => [c.name, c] as const))("%s", async (_title, c) => {
    const root = fs.realpathSync(tempRoot());
    const home = path.join(root, "home");
    fs.mkdirSync(home);
    fs.chmodSync(home, 0o755);
    const ctx: Ctx = { root, home };
    c.setup?.(ctx);
    const before = listTree(root);
    const manifest = c.manifest(ctx);
    const homeEnv = c.home === "unset" ? undefined : c.home === "relative" ? "relative/home" : home;
    const result = await run(manifest, { home: homeEnv, homeArg: c.homeArg, chunkChars: c.chunkChars, unset: c.unset });

    const output = result.stdout + result.stderr;
    for (const value of expectedCanaries(c, manifest)) expect(output).not.toContain(value);
    expect({ code: result.code, output }).toEqual(expect.objectContaining({ code: c.code }));
    if (c.stderr) expect(result.stderr).toMatch(c.stderr);
    // A run that reads the manifest keeps its state file (README.md: "Stale secret files"); bad input (exit 2) creates not even that.
    if (c.nothingWritten) expect(c.code === 2 ? listTree(root) : outsideState(listTree(root))).toEqual(before);
    for (const [p, content] of Object.entries(c.files?.(ctx) ?? {})) {
      const st = fs.lstatSync(p);
      expect(st.isFile()).toBe(true);
      expect(st.mode & 0o7777).toBe(0o600);
      expect(Buffer.compare(fs.readFileSync(p), Buffer.from(content))).toBe(0);
    }
    for (const [d, mode] of Object.entries(c.dirs?.(ctx) ?? {})) {
      expect(fs.statSync(d).isDirectory()).toBe(true);
      expect(modeOf(d)).toBe(mode);
    }
    // No temp file of ours is left behind (except one planted by the case).
    const temps = listTree(root).filter((f) => path.basename(f).startsWith(TEMP_FILE_PREFIX) && !f.endsWith("deadbeef"));
    expect(temps).toEqual([]);
    c.check?.(ctx, result);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
