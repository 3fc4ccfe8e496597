/**
 * The file side of stale-file removal: reading the state file without following a link, checking and
 * removing one candidate, writing the new state like a secret file. The rules are ./state.ts; the wording is shared
 * with the sh delivery script (README.md: "Stale secret files"). Every message names paths only.
 */
import * as fs from "node:fs";
import { dirname } from "node:path";
import { CAPS, printablePath, sha256Hex } from "../core";
import { writeSecretFileAtomic } from "./atomic-write";
import { errnoText } from "./errors";
import { parseState, READ_DENIED, REPLACED_WHILE_CHECKED, StateEntry } from "./state";
import { checkDirectoryTrust, lstatOrUndefined } from "./trust";

export type StateRead =
  | { readonly kind: "missing" }
  | { readonly kind: "ok"; readonly entries: readonly StateEntry[]; readonly bytes: Buffer }
  /** `why`: `line N`, `a symbolic link`, `not a regular file`, `larger than N bytes`, or an OS error. */
  | { readonly kind: "corrupted"; readonly why: string };

/** Opens `path` only if it is still the regular file `st` describes (no link followed, a FIFO never blocks). */
function readRegularFile(path: string, st: fs.Stats, max: number): Buffer | "changed" {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev || now.size > max) return "changed";
    const buf = Buffer.alloc(now.size);
    let off = 0;
    while (off < buf.length) {
      const n = fs.readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and parses the state file; never follows a link at its path. */
export function readStateFile(file: string): StateRead {
  try {
    const st = lstatOrUndefined(file);
    if (st === undefined) return { kind: "missing" };
    if (st.isSymbolicLink()) return { kind: "corrupted", why: "a symbolic link" };
    if (!st.isFile()) return { kind: "corrupted", why: "not a regular file" };
    const tooLarge = `larger than ${CAPS.maxStateBytes} bytes`;
    if (st.size > CAPS.maxStateBytes) return { kind: "corrupted", why: tooLarge };
    const bytes = readRegularFile(file, st, CAPS.maxStateBytes);
    if (bytes === "changed") return { kind: "corrupted", why: "not a regular file" };
    const parsed = parseState(bytes);
    return parsed.ok ? { kind: "ok", entries: parsed.entries, bytes } : { kind: "corrupted", why: `line ${parsed.line}` };
  } catch (err) {
    return { kind: "corrupted", why: readErrorText(err) };
  }
}

/** A failed read as a reason: permission denied in words (as the sh script says it), other errors by code. */
function readErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM" ? READ_DENIED : errnoText(err);
}

/** What happened to one candidate. `gone` is silent (the file is already missing); the others are reported. */
export type StaleAction = "removed" | "gone" | "kept-changed" | "kept-not-regular" | "kept-replaced" | "kept-refused" | "failed";

export interface StaleResult {
  readonly path: string;
  readonly action: StaleAction;
  /** For kept-refused: the trust walk's reason; for failed: the OS error. Paths only, never content. */
  readonly reason: string | undefined;
}

/**
 * Checks one candidate and, unless `dryRun`, removes it: only when its directory passes the trust walk and `lstat`
 * says it is a regular file whose content still has the recorded hash. Never throws.
 */
export function removeStaleFile(entry: StateEntry, dryRun: boolean): StaleResult {
  const result = (action: StaleAction, reason?: string): StaleResult => ({ path: entry.path, action, reason });
  const trust = checkDirectoryTrust(dirname(entry.path));
  if (!trust.ok) return result("kept-refused", trust.reason);
  let st: fs.Stats | undefined;
  try {
    st = lstatOrUndefined(entry.path);
  } catch (err) {
    return result("failed", errnoText(err));
  }
  if (st === undefined) return result("gone");
  if (!st.isFile()) return result("kept-not-regular");
  // A file larger than any manifest cannot hold bytes an injector wrote: changed, without reading it.
  if (st.size > CAPS.maxManifestBytes) return result("kept-changed");
  let content: Buffer | "changed";
  try {
    content = readRegularFile(entry.path, st, CAPS.maxManifestBytes);
  } catch (err) {
    return result("failed", readErrorText(err));
  }
  // Another inode, or not a regular file, at the path once opened: swapped after the lstat.
  if (content === "changed") return result("kept-replaced");
  if (sha256Hex(content) !== entry.sha256) return result("kept-changed");
  if (dryRun) return result("removed");
  try {
    fs.unlinkSync(entry.path);
  } catch (err) {
    return result("failed", errnoText(err));
  }
  return result("removed");
}

/**
 * Writes the state file like a secret file (trust walk, missing directories 0700, temp file + rename, 0600). A link,
 * FIFO or device at its path is removed first (never followed: it is not a state this injector wrote); a directory
 * stays and the write fails. Returns the problem, or undefined when written.
 */
export function writeStateFile(file: string, bytes: Uint8Array): string | undefined {
  try {
    const st = lstatOrUndefined(file);
    if (st && !st.isFile() && !st.isDirectory()) fs.unlinkSync(file);
  } catch (err) {
    return errnoText(err);
  }
  const outcome = writeSecretFileAtomic(file, bytes);
  return outcome.ok ? undefined : outcome.reason;
}

/** The line for a reported candidate (undefined for `gone`), as both injectors print it. */
export function formatStaleResult(r: StaleResult, dryRun: boolean): string | undefined {
  const p = printablePath(r.path);
  const keep = dryRun ? "would keep" : "kept";
  const tail = "(no longer in the manifest; left untouched)";
  switch (r.action) {
    case "gone":
      return undefined;
    case "removed":
      return `${dryRun ? "would remove" : "removed"} stale file ${p} (written by an earlier run, no longer in the manifest)`;
    case "kept-changed":
      return `${keep} ${p}: changed since it was written (no longer in the manifest; remove it yourself if it is not needed)`;
    case "kept-not-regular":
      return `${keep} ${p}: not a regular file ${tail}`;
    case "kept-replaced":
      return `${keep} ${p}: ${REPLACED_WHILE_CHECKED} ${tail}`;
    case "kept-refused":
      return `${keep} ${p}: ${r.reason ?? "its directory is not trusted"} ${tail}`;
    case "failed":
      return `failed to remove stale file ${p}: ${r.reason ?? "error"} (it stays in the state; the next run tries again)`;
  }
}
