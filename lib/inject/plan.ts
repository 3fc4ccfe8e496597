/**
 * What the injector will do with a manifest, decided before anything touches the disk: Coder's path rules (bad input
 * stops everything), `~/` expansion and cleaning (core), skipped `~/` entries when the home is unknown, and collisions
 * (two entries resolving to one file: warned, the later wins, the earlier is not written).
 */
import { isAbsolute } from "node:path";
import { checkFilePath, describeTarget, ManifestSecret, printablePath, resolveSecretPath, SecretRuleViolation } from "../core";
import { checkEnvFileName } from "./dotenv";
import { InjectInputError } from "./errors";

export interface PlannedFile {
  /** Position of the secret in the manifest. */
  readonly index: number;
  /** The secret's targets, as `describeTarget` names them. */
  readonly target: string;
  /** Where it lands, or undefined when it cannot be resolved (a `~/` path without a home). */
  readonly path: string | undefined;
  /** write; skip: home unknown or superseded by a later entry for the same file. */
  readonly decision: "write" | "skip";
  /** Why it is skipped. */
  readonly reason?: string;
}

export interface PlannedEnv {
  readonly index: number;
  readonly name: string;
  /** False when a later entry sets the same name (the later wins). */
  readonly used: boolean;
}

export interface InjectPlan {
  readonly files: readonly PlannedFile[];
  readonly env: readonly PlannedEnv[];
  readonly warnings: readonly string[];
}

export interface PlanOptions {
  /** The workspace user's home; `~/` paths are skipped when it is undefined, empty or not absolute. */
  readonly homeDir?: string;
  /** Env targets will be written to an env file: their names must then pass the env file's name rule. */
  readonly envFile?: boolean;
}

/** A usable home directory, or undefined (the agent's "home directory unknown"). */
export function knownHome(homeDir: string | undefined): string | undefined {
  return homeDir && isAbsolute(homeDir) ? homeDir : undefined;
}

/** Plans the injection; throws `InjectInputError` when an entry breaks Coder's path (or env-name) rules. */
export function planInjection(secrets: readonly ManifestSecret[], options: PlanOptions = {}): InjectPlan {
  const errors: SecretRuleViolation[] = [];
  const warnings: string[] = [];
  secrets.forEach((s, i) => {
    const checks = [...checkFilePath(s.filePath), ...(options.envFile ? checkEnvFileName(s.envName) : [])];
    for (const v of checks) {
      if (v.severity === "error") errors.push(v.at(i));
    }
  });
  if (errors.length > 0) throw new InjectInputError(errors);

  const home = knownHome(options.homeDir);
  const resolved = secrets.map((s) => (s.filePath ? resolveSecretPath(s.filePath, home) : undefined));
  const lastFor = new Map<string, number>();
  resolved.forEach((p, i) => {
    if (p !== undefined) lastFor.set(p, i);
  });

  const files: PlannedFile[] = [];
  secrets.forEach((s, i) => {
    if (!s.filePath && !s.envName) warnings.push(`secret[${i}] has neither env_name nor file_path (Coder's agent skips it); skipped`);
    if (!s.filePath) return;
    const target = describeTarget(s);
    const path = resolved[i];
    if (path === undefined) {
      warnings.push(`skipped secret[${i}] (${target}): its file path starts with ~/ and the home directory is unknown (not set, empty or not an absolute path)`);
      files.push({ index: i, target, path, decision: "skip", reason: "home directory unknown" });
      return;
    }
    const winner = lastFor.get(path);
    if (winner !== undefined && winner !== i) {
      warnings.push(`secret[${i}] (${target}) and secret[${winner}] (${describeTarget(secrets[winner])}) resolve to the same file ${printablePath(path)}; the later one (secret[${winner}]) wins`);
      files.push({ index: i, target, path, decision: "skip", reason: `superseded by secret[${winner}] (same file)` });
      return;
    }
    files.push({ index: i, target, path, decision: "write" });
  });

  const lastEnv = new Map<string, number>();
  secrets.forEach((s, i) => {
    if (s.envName) lastEnv.set(s.envName, i);
  });
  const env: PlannedEnv[] = [];
  secrets.forEach((s, i) => {
    if (!s.envName) return;
    const used = lastEnv.get(s.envName) === i;
    if (!used && options.envFile) {
      warnings.push(`secret[${i}] and secret[${lastEnv.get(s.envName)}] both set env ${printablePath(s.envName)}; the later one wins`);
    }
    env.push({ index: i, name: s.envName, used });
  });
  return { files, env, warnings };
}
