/**
 * Runs a manifest through either injector — the Node CLI (in-process, `inject --manifest-env VAR`) or the sh delivery
 * script (`/bin/sh -c <script>` with the manifest in the environment) — and collects exit code and output.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
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

export const runNode: Runner = async (manifestBase64, options) => {
  const out = collector();
  const err = collector();
  const env: NodeJS.ProcessEnv = { ...options.env, ...manifestEnv(manifestBase64, options) };
  if (options.home !== undefined) env.HOME = options.home;
  const homeArgs = options.homeArg === undefined ? [] : ["--home", options.homeArg];
  const code = await main(["inject", "--manifest-env", MANIFEST_VAR, ...homeArgs, ...(options.extraArgs ?? [])], {
    stdin: Readable.from([]),
    stdout: out.stream,
    stderr: err.stream,
    env,
  });
  return { code, stdout: out.text(), stderr: err.text() };
};

export const SCRIPT = deliveryScript({ manifestEnvVar: MANIFEST_VAR });

/** The environment the sh script gets: a minimal PATH, no HOME unless given. */
export function shEnv(manifestBase64: string, options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: "/usr/bin:/bin", ...options.env, ...manifestEnv(manifestBase64, options) };
  if (options.home !== undefined) env.HOME = options.home;
  if (options.homeArg !== undefined) env.HOME = options.homeArg;
  return env;
}

export const runSh: Runner = async (manifestBase64, options) => {
  const r = spawnSync("/bin/sh", ["-c", SCRIPT], { env: shEnv(manifestBase64, options), encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

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
  const r = spawnSync(path.join(bin, "sh"), ["-c", SCRIPT], { env: { ...shEnv(manifestBase64, options), PATH: bin }, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

/** The script under `set -eu` (as a caller's shell options would leave it), with the caller's PATH. */
export const runShStrict: Runner = async (manifestBase64, options) => {
  const r = spawnSync("/bin/sh", ["-euc", SCRIPT], { env: shEnv(manifestBase64, options), encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

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
