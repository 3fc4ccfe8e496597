/**
 * The injector: applies a decoded manifest inside a workspace with Coder's agent semantics, without its gaps
 * (always 0600, atomic replace, symlinks never followed, values never printed). README.md: "The workspace injector".
 */
import { describeTarget, isHomeRelative, ManifestSecret, printablePath, sha256Hex } from "../core";
import { checkSecretFileTarget, SECRET_FILE_MODE, writeSecretFileAtomic, WriteOutcome } from "./atomic-write";
import { EnvEntry, EnvValueError, formatEnvFile } from "./dotenv";
import { InjectPlan, knownHome, planInjection } from "./plan";
import { formatStaleResult, readStateFile, removeStaleFile, StaleResult, StateRead, writeStateFile } from "./stale";
import { formatState, nextState, StateEntry, StateLocation, stateLocation, staleCandidates } from "./state";
import { checkDirectoryTrust } from "./trust";

/** written (or, in a dry run, would be written), skipped (home unknown, superseded), failed (incl. refused links). */
export type InjectAction = "written" | "skipped" | "failed";

export interface TargetResult {
  /** Position of the secret in the manifest; undefined for the env file, which gathers several. */
  readonly index: number | undefined;
  readonly kind: "file" | "env-file";
  /** `describeTarget` of the secret, or `env file (A, B)`. Never a value. */
  readonly target: string;
  /** The resolved path written (or that would be), when known. */
  readonly path: string | undefined;
  readonly action: InjectAction;
  /** The file's mode after writing (always 0600 when written). */
  readonly mode: number | undefined;
  /** Why it was skipped or failed; for a symlink or an untrusted directory, `refused` is also true. */
  readonly reason: string | undefined;
  readonly refused: boolean;
  /** Symlinks followed on the way to a written file (`LINK -> TARGET`, escaped). */
  readonly links: readonly string[];
}

/** The state file this run wrote (or, in a dry run, would write). */
export interface StateWrite {
  readonly path: string;
  /** The new state's bytes; undefined when they equal the old file's (nothing written). */
  readonly bytes: Uint8Array | undefined;
}

/** Stale-file removal (README.md: "Stale secret files"). */
export interface StaleReport {
  /** Warnings before the candidates: no state location, the state unreadable or not used, the home unknown. */
  readonly warnings: readonly string[];
  /** One per candidate, in state order (`gone` ones are not printed). */
  readonly results: readonly StaleResult[];
  /** The warning when the state could not be written. */
  readonly writeWarning: string | undefined;
  /** undefined when no state was read or written this run. */
  readonly state: StateWrite | undefined;
}

export interface InjectReport {
  readonly dryRun: boolean;
  readonly results: readonly TargetResult[];
  readonly warnings: readonly string[];
  readonly stale: StaleReport;
  /** Env-only secrets not written anywhere (no `envFile`): they reach the workspace through the agent's env. */
  readonly envOnlyNotWritten: number;
  /** 0 when everything that could be written was (and every stale file to remove was removed), 1 otherwise. */
  readonly exitCode: 0 | 1;
}

export interface StateOptions {
  /** The state file's name: the template's manifest variable (checked with `stateKeyProblem`). */
  readonly key: string;
  /** `XDG_STATE_HOME` from the environment; used only when absolute. */
  readonly xdgStateHome: string | undefined;
}

export interface InjectOptions {
  /** The workspace user's home for `~/` paths; undefined, empty or relative means unknown (those are skipped). */
  readonly homeDir?: string;
  /** Plan and check only; write nothing. */
  readonly dryRun?: boolean;
  /** Also write env-targeted secrets to this dotenv file (0600, atomic, `set -a; . FILE` safe). */
  readonly envFile?: string;
  /** Keep a state file and remove stale files (the env file is never tracked). @default - no state */
  readonly state?: StateOptions;
}

function fromOutcome(base: Omit<TargetResult, "action" | "mode" | "reason" | "refused" | "links">, outcome: WriteOutcome): TargetResult {
  return outcome.ok
    ? { ...base, action: "written", mode: SECRET_FILE_MODE, reason: undefined, refused: false, links: outcome.links }
    : { ...base, action: "failed", mode: undefined, reason: outcome.reason, refused: outcome.refused, links: [] };
}

/**
 * Writes every file secret (and, with `envFile`, the env secrets) of a decoded manifest. Throws `InjectInputError`
 * when an entry breaks Coder's rules — before writing anything. Otherwise never throws: each target gets a result.
 */
export function injectManifest(secrets: readonly ManifestSecret[], options: InjectOptions = {}): InjectReport {
  const envFile = options.envFile;
  const plan: InjectPlan = planInjection(secrets, { homeDir: options.homeDir, envFile: envFile !== undefined });
  const dryRun = options.dryRun ?? false;
  const opened = options.state === undefined ? undefined : openState(options.state, options.homeDir);
  const write: (path: string, data: Uint8Array) => WriteOutcome = dryRun ? (path: string) => checkSecretFileTarget(path) : (path: string, data: Uint8Array) => writeSecretFileAtomic(path, data);
  const results: TargetResult[] = [];

  for (const f of plan.files) {
    const base = { index: f.index, kind: "file" as const, target: f.target, path: f.path };
    if (f.decision === "skip" || f.path === undefined) {
      results.push({ ...base, action: "skipped", mode: undefined, reason: f.reason, refused: false, links: [] });
      continue;
    }
    results.push(fromOutcome(base, write(f.path, secrets[f.index].value)));
  }

  if (envFile !== undefined) {
    const entries: EnvEntry[] = [];
    for (const e of plan.env) {
      if (!e.used) continue;
      const value = secrets[e.index].value;
      if (value.includes(0)) {
        const reason = new EnvValueError(e.name).message;
        results.push({ index: e.index, kind: "env-file", target: describeTarget({ envName: e.name }), path: envFile, action: "failed", mode: undefined, reason, refused: false, links: [] });
        continue;
      }
      entries.push({ name: e.name, value });
    }
    const target = `env file (${entries.map((e) => e.name).join(", ") || "no variables"})`;
    results.push(fromOutcome({ index: undefined, kind: "env-file", target, path: envFile }, write(envFile, formatEnvFile(entries))));
  }

  const envOnlyNotWritten = envFile === undefined ? secrets.filter((s) => s.envName && !s.filePath).length : 0;
  const stale = opened === undefined ? NO_STALE : settleStaleFiles(opened, secrets, plan, results, options.homeDir, dryRun);
  return {
    dryRun,
    results,
    warnings: plan.warnings,
    stale,
    envOnlyNotWritten,
    exitCode: results.some((r) => r.action === "failed") || stale.results.some((r) => r.action === "failed") ? 1 : 0,
  };
}

const NO_STALE: StaleReport = { warnings: [], results: [], writeWarning: undefined, state: undefined };

interface OpenedState {
  readonly warnings: readonly string[];
  readonly location: StateLocation | undefined;
  /** undefined when the state is not used this run (no location, or its directory refused). */
  readonly read: StateRead | undefined;
}

/** Finds and reads the state before anything is written (a refused directory is neither read nor written). */
function openState(state: StateOptions, homeDir: string | undefined): OpenedState {
  const location = stateLocation({ xdgStateHome: state.xdgStateHome, homeDir: knownHome(homeDir), key: state.key });
  if (location === undefined) {
    return { warnings: ["stale files are not tracked: the home directory is unknown and XDG_STATE_HOME is not an absolute path (no state file)"], location, read: undefined };
  }
  const file = printablePath(location.file);
  const trust = checkDirectoryTrust(location.dir);
  if (!trust.ok) return { warnings: [`state file ${file} not used: ${trust.reason}; nothing removed, no state written`], location, read: undefined };
  const read = readStateFile(location.file);
  const warnings = read.kind === "corrupted" ? [`state file ${file} is unreadable (${read.why}): nothing removed; it is rewritten after this run`] : [];
  return { warnings, location, read };
}

/** After this run's writes: removes the stale files the rules allow and writes the new state (not in a dry run). */
function settleStaleFiles(
  opened: OpenedState,
  secrets: readonly ManifestSecret[],
  plan: InjectPlan,
  results: readonly TargetResult[],
  homeDir: string | undefined,
  dryRun: boolean,
): StaleReport {
  const { location, read } = opened;
  if (location === undefined || read === undefined) return { ...NO_STALE, warnings: opened.warnings };
  const warnings = [...opened.warnings];
  const old = read.kind === "ok" ? read.entries : [];
  const named = new Set(plan.files.flatMap((f) => (f.path === undefined ? [] : [f.path])));
  const homeUnknownWithTilde = knownHome(homeDir) === undefined && secrets.some((s) => s.filePath !== undefined && isHomeRelative(s.filePath));
  if (homeUnknownWithTilde) warnings.push("the home directory is unknown and the manifest has ~/ entries: no stale file removed this run");

  const candidates = staleCandidates({ old, named, homeUnknownWithTilde });
  const staleResults = candidates.map((c) => removeStaleFile(c, dryRun));
  const written: StateEntry[] = results.flatMap((r) =>
    r.kind === "file" && r.action === "written" && r.path !== undefined && r.index !== undefined ? [{ path: r.path, sha256: sha256Hex(secrets[r.index].value) }] : [],
  );
  const failedRemovals = candidates.filter((_, i) => staleResults[i].action === "failed");
  const bytes = formatState(nextState({ old, written, named, homeUnknownWithTilde, failedRemovals }));
  const changed = read.kind !== "ok" || !read.bytes.equals(bytes);
  let writeWarning: string | undefined;
  if (changed && !dryRun) {
    const problem = writeStateFile(location.file, bytes);
    if (problem !== undefined) {
      writeWarning = `cannot write state file ${printablePath(location.file)}: ${problem}; the secrets were delivered (the next run cannot remove what this one wrote)`;
    }
  }
  return { warnings, results: staleResults, writeWarning, state: { path: location.file, bytes: changed ? bytes : undefined } };
}

/** The lines of the stale step, in the order both injectors print them (warnings go to stderr, `removed` to stdout). */
export function formatStaleLines(stale: StaleReport, dryRun: boolean): { readonly line: string; readonly toStderr: boolean }[] {
  const out = stale.warnings.map((w) => ({ line: `warning: ${w}`, toStderr: true }));
  for (const r of stale.results) {
    const line = formatStaleResult(r, dryRun);
    if (line !== undefined) out.push({ line, toStderr: r.action !== "removed" });
  }
  if (stale.writeWarning !== undefined) out.push({ line: `warning: ${stale.writeWarning}`, toStderr: true });
  return out;
}

/**
 * One line per result, naming targets and paths only (the CLI prints these). Every target and path in it went through
 * printable (describeTarget, printablePath, the reasons of ./atomic-write.ts and ./trust.ts), so a line cannot forge
 * another.
 */
export function formatResult(r: TargetResult, dryRun: boolean): string {
  const who = r.index === undefined ? r.target : `secret[${r.index}] (${r.target})`;
  const where = r.path === undefined ? "" : printablePath(r.path);
  switch (r.action) {
    case "written":
      return `${dryRun ? "would write" : "wrote"} ${who} to ${where} (0600)${r.links.map((l) => `; followed link ${l}`).join("")}`;
    case "skipped":
      return `skipped ${who}: ${r.reason ?? "not written"}`;
    case "failed": {
      const reason = r.reason ?? "error";
      return `${r.refused ? "refused" : "failed"} ${who}${dryRun ? " (dry run: would fail)" : ""}: ${where && !reason.includes(where) ? `${where}: ` : ""}${reason}`;
    }
  }
}

/** The closing line: counts per action. */
export function formatSummary(report: InjectReport): string {
  const count = (a: InjectAction) => report.results.filter((r) => r.action === a).length;
  const verb = report.dryRun ? "would be written" : "written";
  const envNote = report.envOnlyNotWritten > 0 ? `; ${report.envOnlyNotWritten} env-only secret${report.envOnlyNotWritten === 1 ? "" : "s"} not written (they reach the workspace through the agent's env; --write-env-file writes them)` : "";
  const reported = report.stale.results.filter((r) => r.action !== "gone");
  const removed = reported.filter((r) => r.action === "removed").length;
  const staleNote = reported.length > 0 ? `, ${removed} stale ${report.dryRun ? "would be removed" : "removed"}` : "";
  return `${count("written")} ${verb}, ${count("skipped")} skipped, ${count("failed")} failed${staleNote}${envNote}`;
}
