/**
 * Runs a manifest through either injector — the Node CLI (in-process, `inject --manifest-env VAR`) or the sh delivery
 * script (`/bin/sh -c <script>` with the manifest in the environment) — and collects exit code and output.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
import { buildSync } from "esbuild";
import { main } from "../../cli/main";
import { deliveryScript, splitManifestEnv } from "../../lib/inject";

export const MANIFEST_VAR = "CODER_SECRETS_MANIFEST";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** HOME for the run; undefined = unset. */
  readonly home: string | undefined;
  /** The home as the injector is told it: `--home ARG` for Node (HOME stays as above), HOME=ARG for sh (its only source). */
  readonly homeArg?: string;
  /** Split the manifest over VAR, VAR_2, … with this chunk size. */
  readonly chunkChars?: number;
  /** Leave the manifest variable unset. */
  readonly unset?: boolean;
  /** Extra CLI flags (Node runner only). */
  readonly extraArgs?: readonly string[];
  /** Extra environment variables for the run (e.g. XDG_STATE_HOME). */
  readonly env?: Readonly<Record<string, string>>;
  /** Another process acting at one step of the run (see `Interference`). */
  readonly interfere?: Interference;
  /**
   * Run as uid/gid 65534 when the tests run as root (root reads every file whatever its mode; Node then runs the built
   * CLI in a child process), else as the current user.
   */
  readonly asNobody?: boolean;
}

/** What a swap leaves at the path: another regular file (a new inode) with these bytes, a FIFO, or the file with another mode. */
export type Swap = { readonly kind: "file"; readonly content: string } | { readonly kind: "fifo" } | { readonly kind: "mode"; readonly mode: number };

/**
 * A swap at one precise step, made deterministic, once per run. `hash`: as the injector opens `path` to hash it (Node:
 * just before its `open`; sh: a `sha256sum` shim first on PATH, when its stdin, already opened by the shell, is that
 * file). `rename`: just after the injector renames its temp file over `path` (Node: `renameSync`; sh: an `mv` shim).
 */
export interface Interference {
  readonly at: "hash" | "rename";
  readonly path: string;
  readonly swap: Swap;
}

/** Longest a run may take: a script blocked for good (on a FIFO, say) fails the test instead of hanging the suite. */
export const RUN_TIMEOUT_MS = 30_000;
const NOBODY = 65534;
const IS_ROOT = process.getuid?.() === 0;
const BIN = path.resolve(__dirname, "../../bin/cdktf-coder-secrets.js");
// The module object itself (not an import copy), so a patched function is what lib/inject calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const liveFs: typeof fs = require("node:fs");

function swapNow(p: string, swap: Swap, rename: typeof fs.renameSync): void {
  if (swap.kind === "mode") return fs.chmodSync(p, swap.mode);
  if (swap.kind === "file") {
    fs.writeFileSync(`${p}.swap`, swap.content, { mode: 0o600 });
    return rename(`${p}.swap`, p);
  }
  fs.rmSync(p, { force: true });
  const r = spawnSync("mkfifo", [p]);
  if (r.status !== 0) throw new Error("mkfifo failed");
}

/** Patches the one fs call of `i` in this process; returns the undo. */
function interfereInProcess(i: Interference): () => void {
  const open = liveFs.openSync;
  const rename = liveFs.renameSync;
  let done = false;
  if (i.at === "hash") {
    liveFs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
      if (!done && p === i.path) {
        done = true;
        swapNow(i.path, i.swap, rename);
      }
      return (open as (...a: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync;
  } else {
    liveFs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      rename(from, to);
      if (!done && to === i.path) {
        done = true;
        swapNow(i.path, i.swap, rename);
      }
    };
  }
  return () => {
    liveFs.openSync = open;
    liveFs.renameSync = rename;
  };
}

function resolveIn(dirs: string, name: string): string {
  const found = dirs.split(":").map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
  if (!found) throw new Error(`${name} is not on ${dirs}: the shim cannot run the real one`);
  return found;
}

/** The swap as sh (absolute paths of the system's tools: the applet PATH has no mkfifo or chmod). */
function swapShell(swap: Swap): string {
  const q = (t: string) => `'${t.replace(/'/g, "'\\''")}'`;
  if (swap.kind === "mode") return `${resolveIn("/usr/bin:/bin", "chmod")} ${swap.mode.toString(8)} "$CS_SWAP_PATH"`;
  if (swap.kind === "fifo") return `${resolveIn("/usr/bin:/bin", "rm")} -f "$CS_SWAP_PATH" && ${resolveIn("/usr/bin:/bin", "mkfifo")} "$CS_SWAP_PATH"`;
  return `printf %s ${q(swap.content)} >"$CS_SWAP_PATH.swap" && ${resolveIn("/usr/bin:/bin", "mv")} -f "$CS_SWAP_PATH.swap" "$CS_SWAP_PATH"`;
}

/** A dir holding the one shim of `i` (running the real command found on `searchPath`), and its environment. */
function interfereShim(i: Interference, searchPath: string): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inject-swap-"));
  fs.chmodSync(dir, 0o755);
  const stat = resolveIn("/usr/bin:/bin", "stat");
  const once = `{ [ -e "$CS_SWAP_DONE" ] || { : >"$CS_SWAP_DONE" && ${swapShell(i.swap)}; }; }`;
  if (i.at === "hash") {
    const real = resolveIn(searchPath, "sha256sum");
    const ids = `a=$(${stat} -L -c %d:%i /dev/stdin 2>/dev/null); b=$(${stat} -c %d:%i -- "$CS_SWAP_PATH" 2>/dev/null)`;
    fs.writeFileSync(path.join(dir, "sha256sum"), `#!/bin/sh
${ids}
[ -z "$b" ] || [ "$a" != "$b" ] || ${once}
exec ${real} "$@"
`, { mode: 0o755 });
  } else {
    const real = resolveIn(searchPath, "mv");
    fs.writeFileSync(path.join(dir, "mv"), `#!/bin/sh
for d; do :; done
${real} "$@" || exit
[ "$d" != "$CS_SWAP_PATH" ] || ${once}
exit 0
`, { mode: 0o755 });
  }
  return { dir, env: { CS_SWAP_PATH: i.path, CS_SWAP_DONE: path.join(dir, "done") } };
}

let binForOthers: string | undefined;

/** The harness's own temp directories (the CLI bundle, the applet PATHs), removed after the test file that made them. */
const harnessDirs: string[] = [];
// The harness is imported at the top of test files, so this registers in the file's top-level scope.
if (typeof afterAll === "function") afterAll(() => { for (const d of harnessDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/**
 * The CLI bundled into one file in a directory every user may read: a run as uid 65534 cannot reach the checkout when
 * it sits under a 0700 directory (a `mktemp -d` clone, a CI workspace). Built once per test file.
 */
function cliForOtherUsers(): string {
  if (binForOthers !== undefined) return binForOthers;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inject-cli-"));
  harnessDirs.push(dir);
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, "cdktf-coder-secrets.js");
  buildSync({ entryPoints: [BIN], bundle: true, platform: "node", target: "node20", outfile: file, logLevel: "error" });
  fs.chmodSync(file, 0o644);
  binForOthers = file;
  return file;
}

/** `argv` as uid/gid 65534 when root and asked (setpriv), else as it is. */
function asUser(argv: readonly string[], options: RunOptions): string[] {
  return options.asNobody && IS_ROOT ? [resolveIn("/usr/bin:/bin:/usr/sbin:/sbin", "setpriv"), `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...argv] : [...argv];
}

/** Runs `argv` with `env` under the options' swap and user, within RUN_TIMEOUT_MS. */
function spawnRun(argv: readonly string[], env: NodeJS.ProcessEnv, options: RunOptions): RunResult {
  if (options.interfere && options.asNobody) throw new Error("a run has either interfere or asNobody, not both");
  const shim = options.interfere ? interfereShim(options.interfere, env.PATH ?? "") : undefined;
  try {
    const fullEnv = shim ? { ...env, ...shim.env, PATH: `${shim.dir}:${env.PATH ?? ""}` } : env;
    const [cmd, ...args] = asUser(argv, options);
    const r = spawnSync(cmd, args, { env: fullEnv, encoding: "utf8", timeout: RUN_TIMEOUT_MS, killSignal: "SIGKILL" });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") throw new Error(`${argv[0]} did not finish within ${RUN_TIMEOUT_MS} ms (killed): it hangs`);
    if (r.error) throw r.error;
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    if (shim) fs.rmSync(shim.dir, { recursive: true, force: true });
  }
}

export type Runner = (manifestBase64: string, options: RunOptions) => Promise<RunResult>;

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

function manifestEnv(manifestBase64: string, options: RunOptions): Record<string, string> {
  if (options.unset) return {};
  return options.chunkChars ? splitManifestEnv(manifestBase64, MANIFEST_VAR, options.chunkChars) : { [MANIFEST_VAR]: manifestBase64 };
}

/** Node in this process (`main` of the CLI); as another user, the built CLI (bundled where that user may read it) in a child process. */
export const runNode: Runner = async (manifestBase64, options) => {
  const out = collector();
  const err = collector();
  const env: NodeJS.ProcessEnv = { ...options.env, ...manifestEnv(manifestBase64, options) };
  if (options.home !== undefined) env.HOME = options.home;
  const homeArgs = options.homeArg === undefined ? [] : ["--home", options.homeArg];
  const argv = ["inject", "--manifest-env", MANIFEST_VAR, ...homeArgs, ...(options.extraArgs ?? [])];
  if (options.asNobody && IS_ROOT) {
    return spawnRun([process.execPath, cliForOtherUsers(), ...argv], { PATH: process.env.PATH, ...env }, options);
  }
  const undo = options.interfere ? interfereInProcess(options.interfere) : () => undefined;
  try {
    const code = await main(argv, { stdin: Readable.from([]), stdout: out.stream, stderr: err.stream, env });
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    undo();
  }
};

export const SCRIPT = deliveryScript({ manifestEnvVar: MANIFEST_VAR });

/** The environment the sh script gets: a minimal PATH, no HOME unless given. */
export function shEnv(manifestBase64: string, options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: "/usr/bin:/bin", ...options.env, ...manifestEnv(manifestBase64, options) };
  if (options.home !== undefined) env.HOME = options.home;
  if (options.homeArg !== undefined) env.HOME = options.homeArg;
  return env;
}

export const runSh: Runner = async (manifestBase64, options) => spawnRun(["/bin/sh", "-c", SCRIPT], shEnv(manifestBase64, options), options);

/** Where BusyBox lives when installed (Alpine-like images: ash plus BusyBox applets, no coreutils). */
export const BUSYBOX = "/bin/busybox";
/**
 * Every command the sh scripts call (the delivery script and the user-secret check), each one an applet of Debian's
 * BusyBox 1.35 (which has no `printenv`). A test checks the scripts name no other command.
 */
export const SCRIPT_COMMANDS = ["od", "tail", "head", "tr", "wc", "base64", "mkdir", "mktemp", "mv", "rm", "ls", "readlink", "sort", "id", "sha256sum"] as const;
const APPLETS = ["sh", ...SCRIPT_COMMANDS, "printf", "cat", "true", "test", "["];
const appletBins = new Map<string, string>();

/** Whether the real BusyBox is installed; without it the applet PATH is built from the same names in coreutils. */
export const HAVE_BUSYBOX = fs.existsSync(BUSYBOX);

/**
 * A PATH holding only the applet names above, so the script cannot fall back on anything else: links to BusyBox when it
 * is installed, else (a clean CI machine without it) links to the system's own tools of the same names, with dash as sh.
 */
export function appletPath(without: readonly (typeof SCRIPT_COMMANDS)[number][] = []): string {
  const key = without.join(" ");
  let bin = appletBins.get(key);
  if (!bin) {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), "inject-applets-"));
    harnessDirs.push(bin);
    fs.chmodSync(bin, 0o755); // for runs as another user (asNobody)
    for (const applet of APPLETS.filter((a) => !(without as readonly string[]).includes(a))) {
      const target = HAVE_BUSYBOX ? BUSYBOX : applet === "sh" ? "/bin/sh" : whichOrThrow(applet);
      fs.symlinkSync(target, path.join(bin, applet));
    }
    appletBins.set(key, bin);
  }
  return bin;
}

function whichOrThrow(name: string): string {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`${name} is not installed: the applet PATH cannot be built`);
}

/** Removes the applet dirs, if any were made. */
export function cleanupApplets(): void {
  for (const bin of appletBins.values()) fs.rmSync(bin, { recursive: true, force: true });
  appletBins.clear();
}

export const runApplets: Runner = async (manifestBase64, options) => {
  const bin = appletPath();
  return spawnRun([path.join(bin, "sh"), "-c", SCRIPT], { ...shEnv(manifestBase64, options), PATH: bin }, options);
};

/** The script under `set -eu` (as a caller's shell options would leave it), with the caller's PATH. */
export const runShStrict: Runner = async (manifestBase64, options) => spawnRun(["/bin/sh", "-euc", SCRIPT], shEnv(manifestBase64, options), options);

/** Node, sh, sh under `set -eu`, and sh with only BusyBox applets on PATH (real BusyBox when installed). */
export const RUNNERS: ReadonlyArray<readonly [string, Runner]> = [
  ["node", runNode],
  ["sh", runSh],
  ["sh -eu", runShStrict],
  [HAVE_BUSYBOX ? "busybox sh + applets" : "sh + BusyBox applet names only", runApplets],
];

export function tempRoot(prefix = "inject-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function modeOf(p: string): number {
  return fs.lstatSync(p).mode & 0o7777;
}

/** Every file under `dir` (recursively), relative, sorted; symlinks listed, not followed. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, "");
  return out.sort();
}

/** Hand-written protobuf, for inputs the encoder would never produce. */
export const pb = {
  varint(n: number): number[] {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    return out;
  },
  field(num: number, wire: number, payload: readonly number[] | Uint8Array): number[] {
    const tag = pb.varint(num * 8 + wire);
    if (wire === 2) return [...tag, ...pb.varint(payload.length), ...payload];
    return [...tag, ...payload];
  },
  str(num: number, s: string | Uint8Array): number[] {
    return pb.field(num, 2, typeof s === "string" ? Buffer.from(s, "utf8") : s);
  },
  secret(fields: readonly number[]): number[] {
    return pb.field(19, 2, fields);
  },
  base64(bytes: readonly number[]): string {
    return Buffer.from(bytes).toString("base64");
  },
};
