/**
 * The installed provider's entry (the launcher execs `node codersecrets-boot.js --code-cache FILE`). It compiles the
 * bundle next to it with the V8 code cache made at install time (kept in the runtime directory, outside the package
 * Terraform hashes: layout.ts), so a start deserializes bytecode instead of parsing and compiling the whole
 * bundle: Terraform starts the provider 3 times per plan and 4 per apply. Anything wrong with the
 * cache (missing, other bundle, other node) only costs that saving; the bundle runs the same either way.
 *
 * Only node built-ins and the small modules of this directory: esbuild bundles this file on its own.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { decodeCodeCache, encodeCodeCache, sourceHash } from "./code-cache-file";
import { BUNDLE_FILE, CODE_CACHE_FLAG, WRITE_CODE_CACHE_FLAG } from "./layout";
import { CodeCacheState, setBootState } from "./state";
import { processMs } from "./clock";
import { replaceFileAtomically } from "./atomic-file";

/** The CommonJS wrapper node itself puts around a module, so the bundle sees the usual module scope. */
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) { ";
const WRAPPER_TAIL = "\n});";

function readCache(file: string, hash: Buffer): { data: Buffer | undefined; state: CodeCacheState } {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch {
    return { data: undefined, state: "missing" };
  }
  const data = decodeCodeCache(raw, hash);
  return data ? { data, state: "used" } : { data: undefined, state: "stale" };
}

/** The cache through a temp file and a rename (a reader never sees half a cache); a failure is reported, not thrown. */
function writeAtomically(file: string, bytes: Buffer): void {
  try {
    replaceFileAtomically(file, bytes, 0o644);
  } catch (err) {
    process.stderr.write(`codersecrets boot: cannot write the code cache ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

/** The file after `flag` in `argv`; undefined without the flag. */
function fileArgument(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return undefined;
  const file = argv[at + 1];
  if (!file) throw new Error(`${flag} needs a file`);
  return file;
}

export function boot(dir: string, argv: readonly string[], load: NodeRequire): void {
  const startedAt = processMs();
  const bundle = path.join(dir, BUNDLE_FILE);
  const source = fs.readFileSync(bundle);
  const hash = sourceHash(source);
  const writeTo = fileArgument(argv, WRITE_CODE_CACHE_FLAG);
  const readFrom = fileArgument(argv, CODE_CACHE_FLAG);

  const cache = writeTo ? { data: undefined, state: "writing" as const } : readFrom ? readCache(readFrom, hash) : { data: undefined, state: "missing" as const };
  const script = new vm.Script(WRAPPER_HEAD + source.toString("utf8") + WRAPPER_TAIL, { filename: bundle, cachedData: cache.data });
  setBootState({ codeCache: cache.data && script.cachedDataRejected ? "rejected" : cache.state, startedAt, compiledAt: processMs() });
  // After the provider's own exit path (Shutdown), so the cache holds every function a Terraform session compiles.
  if (writeTo) process.on("exit", () => writeAtomically(writeTo, encodeCodeCache(hash, script.createCachedData())));

  const wrapped = script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void;
  const module = { exports: {} };
  wrapped.call(module.exports, module.exports, load, module, bundle, dir);
}
