/**
 * Directory trust, as OpenSSH's StrictModes: a secret is written only when no other user can change the directories
 * it passes through. From `/` down to the target's directory (or, while it does not exist yet, its nearest existing
 * ancestor) every directory must be owned by the user or root and not group- or world-writable unless sticky; a
 * symlink on the way is followed only when the link itself is owned by the user or root, and the directories it leads
 * to pass the same rule (dotfile setups such as `~/.ssh -> ~/dotfiles/ssh` keep working). Links followed are named in
 * the output. The sh delivery script walks the same way with the same messages.
 */
import * as fs from "node:fs";
import { printablePath } from "../core";

/** The rule, as both injectors print it after the reason. */
export const TRUST_RULE =
  "every directory on the way to a secret file, and every link followed, must be owned by you or root, and no such directory may be writable by group or others unless it is sticky (as OpenSSH's StrictModes); fix the owner or mode, or choose another path";

/** Links followed on the way are reported as `LINK -> TARGET` (TARGET as the link holds it). */
export type TrustOutcome = { readonly ok: true; readonly links: readonly string[] } | { readonly ok: false; readonly reason: string };

/** Like the kernel's limit on links in one lookup. */
const MAX_LINKS = 40;

function currentUid(): number {
  return typeof process.getuid === "function" ? process.getuid() : 0;
}

/** Why `st` (of `path`, a directory or a link) fails the rule; undefined when it passes. */
function untrusted(path: string, st: fs.Stats, uid: number): string | undefined {
  const kind = st.isSymbolicLink() ? "link" : "directory";
  if (st.uid !== 0 && st.uid !== uid) return `${kind} ${printablePath(path)} is owned by uid ${st.uid}, not by you (uid ${uid}) or root; ${TRUST_RULE}`;
  if (kind === "directory" && (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) {
    return `directory ${printablePath(path)} is writable by group or others and not sticky; ${TRUST_RULE}`;
  }
  return undefined;
}

/** `lstat`, or undefined when the path (or a directory on the way) does not exist. */
export function lstatOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/** Walks `/` to `dir` (absolute), following links, and checks every directory and link met. Never throws. */
export function checkDirectoryTrust(dir: string, uid: number = currentUid()): TrustOutcome {
  const links: string[] = [];
  try {
    const rootProblem = untrusted("/", fs.lstatSync("/"), uid);
    if (rootProblem) return { ok: false, reason: rootProblem };
    // `real` is the path resolved so far ("" is /): it holds no link, so ".." is its parent.
    let real = "";
    let hops = 0;
    const pending = dir.split("/").reverse();
    while (pending.length > 0) {
      const part = pending.pop() as string;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        real = real.slice(0, real.lastIndexOf("/"));
        continue;
      }
      const next = `${real}/${part}`;
      const st = lstatOrUndefined(next);
      if (st === undefined) break; // the rest is created below a checked directory
      if (st.isSymbolicLink()) {
        const problem = untrusted(next, st, uid);
        if (problem) return { ok: false, reason: problem };
        if (++hops > MAX_LINKS) return { ok: false, reason: `more than ${MAX_LINKS} links on the way` };
        const target = fs.readlinkSync(next);
        links.push(`${printablePath(next)} -> ${printablePath(target)}`);
        if (target.startsWith("/")) real = "";
        pending.push(...target.split("/").reverse());
        continue;
      }
      if (!st.isDirectory()) break; // creating the directories reports it
      const problem = untrusted(next, st, uid);
      if (problem) return { ok: false, reason: problem };
      real = next;
    }
    return { ok: true, links };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: `cannot inspect the directories on the way: ${e.code ?? "error"}` };
  }
}
