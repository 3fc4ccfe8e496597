/**
 * A user's own project, for tests of the package as users get it: the tarball `npm pack` would publish, installed
 * from a file into a fresh temp app next to peers from the npm registry.
 *
 *   const app = installScratchApp({ dependencies: { cdktf: "0.21.0", constructs: "10.4.2" } });
 *   const r = app.run("node", ["main.js"]);
 *
 * The tarball is packed once per built package: its key is a hash of the files `npm pack` would take (from
 * `npm pack --dry-run`, so the `files` allowlist decides), and it is kept in the OS temp dir, so the test files of
 * one run (jest workers are separate processes) share one pack, under a lock. The pack runs in a staging copy of
 * those files, never in the repository tree, which other tests are reading at the same time: the copy gets the
 * prepack step that follows the build (the prebuilt provider bundles) and is packed with `--ignore-scripts`.
 * The repository's dist/ must be built first (jest's global setup does it).
 *
 * Only the npm registry is needed; npm's own cache makes a second install of the same peers quick.
 */
import { spawnSync, SpawnSyncOptions } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const CACHE = path.join(os.tmpdir(), "cdktf-coder-secrets-pack");
const LOCK_STALE_MS = 10 * 60_000;

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ScratchAppOptions {
  /** The app's `dependencies` (peers and anything else), name → exact version or range; the tarball is added. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The app's `devDependencies`. @default - none */
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** Files to write into the app before the install, relative path → text. @default - none */
  readonly files?: Readonly<Record<string, string>>;
}

export interface ScratchApp {
  /** The app's directory (in the OS temp dir, outside the repository, so nothing resolves from its node_modules). */
  readonly dir: string;
  /** The tarball installed there. */
  readonly tarball: string;
  /** Runs a command in the app (cwd = dir unless given), with the app's `node_modules/.bin` first on PATH. */
  run(command: string, args: readonly string[], options?: SpawnSyncOptions): RunResult;
  /** Writes a file in the app (parents created); returns its absolute path. */
  write(relative: string, text: string): string;
  /** Deletes the app. */
  remove(): void;
}

/** An environment for npm and node children: the caller's, minus what an enclosing `npm test` says about this repo. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_/i.test(k) || /^npm_config_(local_prefix|prefix|global)$/i.test(k) || k === "INIT_CWD") continue;
    env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: "1", NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false", ...extra };
}

function exec(command: string, args: readonly string[], options: SpawnSyncOptions = {}): RunResult {
  const r = spawnSync(command, args as string[], { encoding: "utf8", env: childEnv(), maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}

function mustExec(what: string, command: string, args: readonly string[], options: SpawnSyncOptions = {}): RunResult {
  const r = exec(command, args, options);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${command} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r;
}

interface PackedFile {
  readonly path: string;
}

/** The files `npm pack` would put in the tarball (the build output as it is now, without the prepack bundles). */
function packList(): string[] {
  const r = mustExec("listing the package files", "npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
  const [entry] = JSON.parse(r.stdout) as Array<{ files: PackedFile[] }>;
  return entry.files.map((f) => f.path).sort();
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(lock: string, fn: () => T): T {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

let memo: { key: string; tarball: string } | undefined;

/**
 * The packed tarball of the package as built now (dist/ must be current): packed on the first call for a given
 * content hash, reused afterwards by every process of the run. Returns its absolute path.
 */
export function packedTarball(): string {
  const files = packList();
  if (!files.some((f) => f.startsWith("dist/"))) throw new Error("dist/ is not built: run `npm run build` first");
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update("\0").update(fs.readFileSync(path.join(ROOT, f))).update("\0");
  const key = hash.digest("hex").slice(0, 16);
  if (memo?.key === key && fs.existsSync(memo.tarball)) return memo.tarball;
  const dir = path.join(CACHE, key);
  fs.mkdirSync(CACHE, { recursive: true });
  const tarball = withLock(path.join(CACHE, `${key}.lock`), () => {
    const done = path.join(dir, "tarball");
    if (fs.existsSync(done)) return fs.readFileSync(done, "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    const stage = path.join(dir, "stage");
    for (const f of files) fs.cpSync(path.join(ROOT, f), path.join(stage, f));
    // The prepack step after the build: the provider bundles (esbuild from the repository's node_modules).
    fs.cpSync(path.join(ROOT, "scripts", "prebuilt-bundles.js"), path.join(stage, "scripts", "prebuilt-bundles.js"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(stage, "node_modules"));
    mustExec("writing the prebuilt bundles", process.execPath, [path.join(stage, "scripts", "prebuilt-bundles.js"), "write"], { cwd: stage });
    fs.rmSync(path.join(stage, "node_modules"));
    const out = path.join(dir, "out");
    fs.mkdirSync(out);
    const r = mustExec("npm pack", "npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd: stage });
    const [entry] = JSON.parse(r.stdout) as Array<{ filename: string }>;
    const file = path.join(out, entry.filename);
    fs.rmSync(stage, { recursive: true, force: true });
    fs.writeFileSync(done, file);
    return file;
  });
  memo = { key, tarball };
  return tarball;
}

/**
 * A fresh app in a temp dir with the packed package and the given dependencies installed from the registry
 * (`npm install`, lifecycle scripts off as npm 11 has them for unlisted packages). Throws with npm's output if the
 * install fails.
 */
export function installScratchApp(options: ScratchAppOptions): ScratchApp {
  const tarball = packedTarball();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-coder-secrets-app-"));
  const write = (relative: string, text: string): string => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const manifest = {
    name: "scratch-app",
    version: "0.0.0",
    private: true,
    dependencies: { ...options.dependencies, "cdktf-coder-secrets": `file:${tarball}` },
    devDependencies: { ...(options.devDependencies ?? {}) },
  };
  write("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [rel, text] of Object.entries(options.files ?? {})) write(rel, text);
  mustExec("npm install in the scratch app", "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: dir });
  const bin = path.join(dir, "node_modules", ".bin");
  return {
    dir,
    tarball,
    run(command, args, runOptions = {}) {
      const env = childEnv({ ...(runOptions.env ?? {}) });
      env.PATH = `${bin}${path.delimiter}${env.PATH ?? ""}`;
      return exec(command, args, { cwd: dir, ...runOptions, env });
    },
    write,
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
