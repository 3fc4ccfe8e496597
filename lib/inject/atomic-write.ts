/**
 * Writing one secret file safely. The directories on the way must pass the trust rule (./trust.ts) or the target is
 * refused. Missing parents are created 0700 and their mode set through a descriptor opened O_DIRECTORY|O_NOFOLLOW
 * (never chmod by path; existing ones keep their mode). The content goes to a temp file in the same directory
 * (O_CREAT|O_EXCL|O_NOFOLLOW, 0600), is fsynced and renamed over the target, so no reader ever sees a partial file and
 * the result is 0600 whatever mode the old file had; before the rename the temp path and after it the target must be
 * the inode the descriptor holds, else the target is removed and the write reported failed. A symlink at the final
 * component is never followed. Messages name paths only; the content is never part of an error.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { dirname } from "node:path";
import { printablePath } from "../core";
import { TEMP_FILE_PREFIX } from "./delivery-script";
import { errnoText } from "./errors";
import { forgetTempFile, trackTempFile } from "./signals";
import { checkDirectoryTrust } from "./trust";

/** The mode every secret file ends with. */
export const SECRET_FILE_MODE = 0o600;
/** The mode of every directory the injector creates. */
export const SECRET_DIR_MODE = 0o700;

export type WriteOutcome =
  /** `links`: symlinks followed on the way (`LINK -> TARGET`), named in the output. */
  | { readonly ok: true; readonly links: readonly string[] }
  | { readonly ok: false; readonly refused: boolean; readonly reason: string };

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

/**
 * Creates the missing ancestors of `dir` with mode 0700; existing ones (and links to directories) are left alone.
 * True when it had to create (or found created meanwhile) any.
 */
export function ensureDirectory(dir: string): boolean {
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
  if (missing.length === 0) return false;
  for (const m of missing.reverse()) {
    let created = true;
    try {
      fs.mkdirSync(m, SECRET_DIR_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      created = false;
    }
    // Opened without following a link: a directory swapped for a symlink meanwhile fails here (ELOOP/ENOTDIR).
    const fd = fs.openSync(m, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
    try {
      if (created) fs.fchmodSync(fd, SECRET_DIR_MODE); // the umask may have taken bits away
    } finally {
      fs.closeSync(fd);
    }
  }
  return true;
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Writes `data` to `path` atomically with mode 0600; never follows a symlink at `path`. Never throws. */
export function writeSecretFileAtomic(path: string, data: Uint8Array): WriteOutcome {
  if (path === "/") return { ok: false, refused: false, reason: "/ is a directory" };
  const dir = dirname(path);
  const trust = checkDirectoryTrust(dir);
  if (!trust.ok) return { ok: false, refused: true, reason: trust.reason };
  const early = targetProblem(path);
  if (early) return early;
  let created: boolean;
  try {
    created = ensureDirectory(dir);
  } catch (err) {
    return { ok: false, refused: false, reason: `cannot create its directory: ${errnoText(err)}` };
  }
  // A directory another user made first (between the check and mkdir) fails the rule now; once every directory on
  // the way passes it, none of them can change under us.
  const again = created ? checkDirectoryTrust(dir) : trust;
  if (!again.ok) return { ok: false, refused: true, reason: again.reason };
  let tmp: string | undefined;
  let fd: number | undefined;
  try {
    for (let attempt = 0; fd === undefined; attempt++) {
      const candidate = `${dir === "/" ? "" : dir}/${TEMP_FILE_PREFIX}${randomBytes(6).toString("hex")}`;
      try {
        trackTempFile(candidate);
        fd = fs.openSync(candidate, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, SECRET_FILE_MODE);
        tmp = candidate;
      } catch (err) {
        forgetTempFile(candidate);
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 5) throw err;
      }
    }
    fs.fchmodSync(fd, SECRET_FILE_MODE);
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
    const mine = fs.fstatSync(fd);
    if (!sameFile(mine, fs.lstatSync(tmp as string))) {
      return { ok: false, refused: false, reason: "its temp file was replaced before the rename (changed meanwhile); nothing renamed" };
    }
    const late = targetProblem(path); // a link planted meanwhile: still refuse (rename would replace, not follow it)
    if (late) {
      fs.unlinkSync(tmp as string);
      forgetTempFile(tmp as string);
      tmp = undefined;
      return late;
    }
    fs.renameSync(tmp as string, path);
    forgetTempFile(tmp as string);
    tmp = undefined;
    const after = lstatOrUndefined(path);
    if (!after || !after.isFile() || !sameFile(mine, after) || after.uid !== mine.uid || (after.mode & 0o7777) !== SECRET_FILE_MODE) {
      if (after && !after.isDirectory()) fs.unlinkSync(path);
      return { ok: false, refused: false, reason: "after the rename it is not the 0600 file written (changed meanwhile); removed" };
    }
    return { ok: true, links: trust.links };
  } catch (err) {
    return { ok: false, refused: false, reason: errnoText(err) };
  } finally {
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
      forgetTempFile(tmp);
    }
  }
}

/** What `writeSecretFileAtomic` would do, without writing: the same refusals, checked now. */
export function checkSecretFileTarget(path: string): WriteOutcome {
  if (path === "/") return { ok: false, refused: false, reason: "/ is a directory" };
  const trust = checkDirectoryTrust(dirname(path));
  if (!trust.ok) return { ok: false, refused: true, reason: trust.reason };
  const problem = targetProblem(path);
  if (problem) return problem;
  let d = dirname(path);
  for (;;) {
    try {
      const st = fs.statSync(d);
      if (!st.isDirectory()) return { ok: false, refused: false, reason: `cannot create its directory: ${printablePath(d)} exists and is not a directory` };
      return { ok: true, links: trust.links };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return { ok: false, refused: false, reason: errnoText(err) };
    }
    const parent = dirname(d);
    if (parent === d) return { ok: true, links: trust.links };
    d = parent;
  }
}
