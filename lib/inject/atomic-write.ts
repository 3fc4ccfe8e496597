/**
 * Writing one secret file safely: parents created 0700 (existing ones keep their mode), content written to a temp
 * file in the same directory (O_CREAT|O_EXCL, 0600) and renamed over the target, so no reader ever sees a partial
 * file and the result is 0600 whatever mode the old file had. A symlink at the final component is never followed.
 * Messages name paths only; the content is never part of an error.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { dirname } from "node:path";
import { printablePath } from "../core";
import { TEMP_FILE_PREFIX } from "./delivery-script";

/** The mode every secret file ends with. */
export const SECRET_FILE_MODE = 0o600;
/** The mode of every directory the injector creates. */
export const SECRET_DIR_MODE = 0o700;

export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly refused: boolean; readonly reason: string };

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e && typeof e.code === "string" ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, "")}` : String(err);
}

function lstatOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw err;
  }
}

/** Why `path` cannot be (over)written without following a link or clobbering a directory; undefined when it can. */
export function targetProblem(path: string): WriteOutcome | undefined {
  if (path === "/") return { ok: false, refused: false, reason: "/ is a directory" };
  let st: fs.Stats | undefined;
  try {
    st = lstatOrUndefined(path);
  } catch (err) {
    // ENOTDIR and friends: a parent is not a directory; creating the parents reports it precisely.
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    return { ok: false, refused: false, reason: errnoText(err) };
  }
  if (st?.isSymbolicLink()) {
    return {
      ok: false,
      refused: true,
      reason: `${printablePath(path)} is a symbolic link; links are never followed (the link and its target are left untouched; remove the link to let the secret be written)`,
    };
  }
  if (st?.isDirectory()) return { ok: false, refused: false, reason: `${printablePath(path)} is a directory` };
  if (st && !st.isFile()) {
    return { ok: false, refused: true, reason: `${printablePath(path)} is not a regular file (a device, FIFO or socket); it is left untouched` };
  }
  return undefined;
}

/** Creates the missing ancestors of `dir` with mode 0700; existing ones (and links to directories) are left alone. */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
    }
    if (st) {
      if (!st.isDirectory()) {
        const e: NodeJS.ErrnoException = new Error(`${printablePath(d)} exists and is not a directory`);
        e.code = "ENOTDIR";
        throw e;
      }
      break;
    }
    missing.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m, SECRET_DIR_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && fs.statSync(m).isDirectory()) continue;
      throw err;
    }
    fs.chmodSync(m, SECRET_DIR_MODE); // the umask may have taken bits away
  }
}

/** Writes `data` to `path` atomically with mode 0600; never follows a symlink at `path`. Never throws. */
export function writeSecretFileAtomic(path: string, data: Uint8Array): WriteOutcome {
  const early = targetProblem(path);
  if (early) return early;
  const dir = dirname(path);
  try {
    ensureDirectory(dir);
  } catch (err) {
    return { ok: false, refused: false, reason: `cannot create its directory: ${errnoText(err)}` };
  }
  let tmp: string | undefined;
  let fd: number | undefined;
  try {
    for (let attempt = 0; fd === undefined; attempt++) {
      const candidate = `${dir === "/" ? "" : dir}/${TEMP_FILE_PREFIX}${randomBytes(6).toString("hex")}`;
      try {
        fd = fs.openSync(candidate, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, SECRET_FILE_MODE);
        tmp = candidate;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 5) throw err;
      }
    }
    fs.fchmodSync(fd, SECRET_FILE_MODE);
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    const late = targetProblem(path); // a link planted meanwhile: still refuse (rename would replace, not follow it)
    if (late) {
      fs.unlinkSync(tmp as string);
      return late;
    }
    fs.renameSync(tmp as string, path);
    return { ok: true };
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    if (tmp !== undefined) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* gone or unreachable */
      }
    }
    return { ok: false, refused: false, reason: errnoText(err) };
  }
}

/** What `writeSecretFileAtomic` would do, without writing: the same refusals, checked now. */
export function checkSecretFileTarget(path: string): WriteOutcome {
  const problem = targetProblem(path);
  if (problem) return problem;
  let d = dirname(path);
  for (;;) {
    try {
      const st = fs.statSync(d);
      if (!st.isDirectory()) return { ok: false, refused: false, reason: `cannot create its directory: ${printablePath(d)} exists and is not a directory` };
      return { ok: true };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return { ok: false, refused: false, reason: errnoText(err) };
    }
    const parent = dirname(d);
    if (parent === d) return { ok: true };
    d = parent;
  }
}
