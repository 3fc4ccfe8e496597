/**
 * Replaces a file atomically: written to a temp file in the same directory, then renamed over it, so a reader never
 * sees half of it. For the provider's own files (the code cache, the CLI configuration); secret files have their own,
 * stricter writer (lib/inject/atomic-write.ts). In boot/ because the boot entry, bundled on its own, writes the cache.
 */
import * as fs from "fs";

/** Writes `data` to `file` with `mode` through a temp file and a rename; the temp file is removed on failure. */
export function replaceFileAtomically(file: string, data: string | Uint8Array, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
