/**
 * The node in an install's runtime directory (layout in mirror.ts), the one the launcher execs: a symbolic link to
 * the installing node, or with `--standalone` a copy of it for hosts without Node.js, such as Coder provisioners.
 * Outside the package directory, so Terraform does not hash the node binary on every run (it hashes the package
 * directory each time it verifies the lock file; bench/README.md has what that cost).
 *
 * The copy's integrity is checked here instead: its bytes must hash like its source's, it is made read-only, and
 * the training run that follows (install/code-cache.ts) must serve a plan with it. Hashing it again on every start
 * would cost what moving it out of the package saves.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { RUNTIME_NODE } from "../boot/layout";

export class StandaloneBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StandaloneBuildError";
  }
}

function sha256File(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** Writes `runtimeDir/node`: a link to `nodeBinary`, or a verified, read-only copy of it when `copy`. */
export function writeRuntime(runtimeDir: string, nodeBinary: string, copy: boolean): void {
  fs.mkdirSync(runtimeDir, { recursive: true });
  const target = path.join(runtimeDir, RUNTIME_NODE);
  fs.rmSync(target, { force: true });
  const source = path.resolve(nodeBinary);
  if (!copy) {
    fs.symlinkSync(source, target);
    return;
  }
  try {
    fs.copyFileSync(source, target);
  } catch (err) {
    throw new StandaloneBuildError(`cannot copy the node runtime ${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (sha256File(target) !== sha256File(source)) throw new StandaloneBuildError(`the copy of the node runtime ${source} differs from it (disk full?)`);
  fs.chmodSync(target, 0o555);
}
