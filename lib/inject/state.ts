/**
 * The injectors' state file: which files an earlier run wrote and the SHA-256 of what it wrote there, so
 * the next run can remove a file the manifest no longer holds while it is still that file. Pure: where it lives, the
 * key rule, the format, and the decisions. The file I/O is ./stale.ts; the sh delivery script implements the same
 * rules and writes byte-identical files. README.md: "Stale secret files".
 */
import { CAPS, cleanPath, printable } from "../core";

/** The first line of every state file. */
export const STATE_HEADER = "cdktf-coder-secrets state 1";
/** The directory under `$XDG_STATE_HOME` (or `~/.local/state`) holding one state file per key. */
export const STATE_DIR_NAME = "cdktf-coder-secrets";
/** A state key is an environment variable name: the manifest variable of the template is the key. */
export const STATE_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Why a candidate is kept when what is at its path changed between the check and the removal (both injectors say it). */
export const REPLACED_WHILE_CHECKED = "replaced while it was being checked";
/** Why the state file, or a candidate, cannot be read when its user may not read it (both injectors say it, not an errno code). */
export const READ_DENIED = "cannot read it: permission denied";

/** One file an earlier run wrote: its resolved absolute path and the SHA-256 (lowercase hex) of the bytes written. */
export interface StateEntry {
  readonly path: string;
  readonly sha256: string;
}

/** Why `key` cannot name a state file; undefined when it can. */
export function stateKeyProblem(key: string): string | undefined {
  if (STATE_KEY_PATTERN.test(key)) return undefined;
  return `"${printable(key)}" is not a state key: it must match ${STATE_KEY_PATTERN.source} (an environment variable name, as the template's manifest variable is)`;
}

export interface StateLocationInput {
  /** `XDG_STATE_HOME` as the environment has it; used only when absolute (the XDG spec ignores a relative value). */
  readonly xdgStateHome: string | undefined;
  /** The home the injector uses for `~/` (known = absolute), or undefined. */
  readonly homeDir: string | undefined;
  readonly key: string;
}

export interface StateLocation {
  readonly dir: string;
  readonly file: string;
}

/** Where the state of `key` lives; undefined when neither XDG_STATE_HOME nor the home is usable (no state at all). */
export function stateLocation(input: StateLocationInput): StateLocation | undefined {
  const base = input.xdgStateHome?.startsWith("/") ? input.xdgStateHome : input.homeDir?.startsWith("/") ? `${input.homeDir}/.local/state` : undefined;
  if (base === undefined) return undefined;
  const dir = cleanPath(`${base}/${STATE_DIR_NAME}`);
  return { dir, file: `${dir}/${input.key}.state` };
}

/** The state file's bytes: the header, then one `<sha256> <hex of the path's bytes>` line per entry. */
export function formatState(entries: readonly StateEntry[]): Buffer {
  return Buffer.from(`${STATE_HEADER}\n${entries.map((e) => `${e.sha256} ${Buffer.from(e.path, "utf8").toString("hex")}\n`).join("")}`, "latin1");
}

export type ParsedState = { readonly ok: true; readonly entries: readonly StateEntry[] } | { readonly ok: false; readonly line: number };

const ENTRY_LINE = /^([0-9a-f]{64}) ((?:[0-9a-f]{2})+)$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A path as the writers record it: absolute, clean (as Go's filepath.Clean leaves it), valid UTF-8 without NUL. Any
 * other spelling of a path the manifest names could escape the "a named path is never removed" rule.
 */
function recordedPath(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  let p: string;
  try {
    p = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  return p.startsWith("/") && cleanPath(p) === p ? p : undefined;
}

/**
 * Reads a state file's bytes (already checked to be a regular file within the cap). `line` is the first line that
 * breaks the format (1-based): a wrong header, a line that is not `<64 hex> <hex pairs>`, a path that is not absolute
 * and clean UTF-8, a path seen before, or a last line without its newline.
 */
export function parseState(bytes: Uint8Array): ParsedState {
  const text = Buffer.from(bytes).toString("latin1");
  const lines = text.split("\n");
  // A well-formed file ends with "\n": the split leaves one empty string after it.
  const last = lines.pop();
  if (lines[0] !== STATE_HEADER) return { ok: false, line: 1 };
  const entries: StateEntry[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const match = ENTRY_LINE.exec(lines[i]);
    const p = match ? recordedPath(Buffer.from(match[2], "hex")) : undefined;
    if (!match || p === undefined || seen.has(p)) return { ok: false, line: i + 1 };
    seen.add(p);
    entries.push({ path: p, sha256: match[1] });
  }
  if (last !== "") return { ok: false, line: lines.length + 1 };
  return { ok: true, entries };
}

export interface CandidateInput {
  /** The old state's entries (none when it was missing or corrupted). */
  readonly old: readonly StateEntry[];
  /** Every resolved path an entry of this manifest names (written, failed or superseded this run). */
  readonly named: ReadonlySet<string>;
  /** The home is unknown and the manifest has a `~/` entry: that entry could be any old path. */
  readonly homeUnknownWithTilde: boolean;
}

/** The old entries this run may remove, in state order: none are named by the manifest. */
export function staleCandidates(input: CandidateInput): StateEntry[] {
  return input.homeUnknownWithTilde ? [] : input.old.filter((e) => !input.named.has(e.path));
}

export interface NextStateInput {
  readonly old: readonly StateEntry[];
  /** This run's written files, in manifest order. */
  readonly written: readonly StateEntry[];
  readonly named: ReadonlySet<string>;
  readonly homeUnknownWithTilde: boolean;
  /** Candidates whose removal failed (they stay, to be tried again). */
  readonly failedRemovals: readonly StateEntry[];
}

/**
 * The new state: this run's written files; then old entries not written this run that the manifest still names (or,
 * when nothing could be a candidate, every old entry not written), with their old hash; then the failed removals.
 * Entries after the written ones are dropped from the first that would take the file over CAPS.maxStateBytes.
 */
export function nextState(input: NextStateInput): StateEntry[] {
  const writtenPaths = new Set(input.written.map((e) => e.path));
  const carried = input.old.filter((e) => !writtenPaths.has(e.path) && (input.homeUnknownWithTilde || input.named.has(e.path)));
  const out = [...input.written];
  let size = formatState(out).length;
  for (const e of [...carried, ...input.failedRemovals]) {
    size += 64 + 1 + 2 * Buffer.byteLength(e.path, "utf8") + 1;
    if (size > CAPS.maxStateBytes) break;
    out.push(e);
  }
  return out;
}
