/**
 * The injector: applies a decoded manifest inside a workspace with Coder's agent semantics, without its gaps
 * (always 0600, atomic replace, symlinks never followed, values never printed). README.md: "The workspace injector".
 */
import { describeTarget, ManifestSecret, printablePath } from "../core";
import { checkSecretFileTarget, SECRET_FILE_MODE, writeSecretFileAtomic, WriteOutcome } from "./atomic-write";
import { EnvEntry, EnvValueError, formatEnvFile } from "./dotenv";
import { InjectPlan, planInjection } from "./plan";

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

export interface InjectReport {
  readonly dryRun: boolean;
  readonly results: readonly TargetResult[];
  readonly warnings: readonly string[];
  /** Env-only secrets not written anywhere (no `envFile`): they reach the workspace through the agent's env. */
  readonly envOnlyNotWritten: number;
  /** 0 when everything that could be written was, 1 when something failed. */
  readonly exitCode: 0 | 1;
}

export interface InjectOptions {
  /** The workspace user's home for `~/` paths; undefined, empty or relative means unknown (those are skipped). */
  readonly homeDir?: string;
  /** Plan and check only; write nothing. */
  readonly dryRun?: boolean;
  /** Also write env-targeted secrets to this dotenv file (0600, atomic, `set -a; . FILE` safe). */
  readonly envFile?: string;
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
  return {
    dryRun,
    results,
    warnings: plan.warnings,
    envOnlyNotWritten,
    exitCode: results.some((r) => r.action === "failed") ? 1 : 0,
  };
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
  return `${count("written")} ${verb}, ${count("skipped")} skipped, ${count("failed")} failed${envNote}`;
}
