/**
 * Pure converter: core rule violations (lib/core checkSecrets) → Terraform diagnostics with attribute paths.
 * Works on partly unknown configuration: unknown targets get unique placeholders and every problem about an unknown
 * field is dropped, so plan time reports what is already certain and apply time reports the rest.
 */
import { checkSecrets, ManifestSecret, RuleCode, SecretRuleViolation } from "../../../lib/core";
import { isUnknown } from "../cty/value";
import { errorDiagnostic, PathStep, warningDiagnostic } from "../diagnostics";
import type { Diagnostic } from "../protocol/messages";
import type { ManifestConfig, SecretEntryConfig } from "./config";

const SUMMARIES: Partial<Record<RuleCode, string>> & Record<"default", string> = {
  "env_name.too_long": "Invalid secret env_name",
  "env_name.syntax": "Invalid secret env_name",
  "env_name.reserved": "Reserved secret env_name",
  "env_name.coder_reserved": "Reserved secret env_name",
  "env_name.reserved_prefix": "Reserved secret env_name",
  "file_path.prefix": "Invalid secret file_path",
  "file_path.user_home": "Invalid secret file_path",
  "file_path.nul": "Invalid secret file_path",
  "file_path.too_long": "Invalid secret file_path",
  "file_path.dot_segments": "Secret file_path is not clean",
  "value.nul": "Invalid secret value",
  "value.too_large": "Secret value too large",
  "secret.no_target": "Secret has no target",
  "set.count": "Too many secrets",
  "set.total_bytes": "Secrets too large",
  "set.env_bytes": "Env secrets too large",
  "set.duplicate_env": "Duplicate secret env_name",
  "set.duplicate_file": "Duplicate secret file_path",
  "set.path_collision": "Two secrets write the same file",
  "env.dollar_expansion": "Env secret value will be $-expanded",
  default: "Secret rule violated",
};

/** The attribute path Terraform underlines for a violation. */
export function violationPath(v: SecretRuleViolation): PathStep[] {
  if (v.index === undefined) return ["secret"];
  if (v.field === "secrets") return ["secret", v.index];
  return ["secret", v.index, v.field];
}

export function violationDiagnostic(v: SecretRuleViolation): Diagnostic {
  const summary = SUMMARIES[v.code] ?? SUMMARIES.default;
  const detail = `${v.message}\n\n(rule ${v.code})`;
  return v.severity === "error" ? errorDiagnostic(summary, detail, violationPath(v)) : warningDiagnostic(summary, detail, violationPath(v));
}

const EMPTY = new Uint8Array(0);

function placeholderEnvName(i: number): string {
  return `_codersecrets_unknown_${i}_`;
}

function placeholderPath(i: number): string {
  return `/.codersecrets-unknown/${i}`;
}

/** The fields of one entry that are not known yet. */
function unknownFields(e: SecretEntryConfig): Set<string> {
  const out = new Set<string>();
  if (isUnknown(e.envName)) out.add("env_name");
  if (isUnknown(e.filePath)) out.add("file_path");
  if (isUnknown(e.value)) out.add("value");
  return out;
}

/** Every core rule on the known part of the configuration, as diagnostics. */
export function ruleDiagnostics(config: ManifestConfig): Diagnostic[] {
  if (isUnknown(config.secrets)) return [];
  const entries = config.secrets;
  const unknown = entries.map(unknownFields);
  const secrets: ManifestSecret[] = entries.map((e, i) => ({
    envName: isUnknown(e.envName) ? placeholderEnvName(i) : (e.envName ?? ""),
    filePath: isUnknown(e.filePath) ? placeholderPath(i) : (e.filePath ?? ""),
    value: typeof e.value === "string" ? Buffer.from(e.value, "utf8") : EMPTY,
  }));
  const homeDir = typeof config.homeDir === "string" && config.homeDir.startsWith("/") ? config.homeDir : undefined;
  const problems = checkSecrets(secrets, { homeDir });
  return problems
    .filter((p) => {
      // Set-wide budgets count unknown values as empty: a budget already exceeded stays exceeded.
      if (p.index === undefined) return true;
      const u = unknown[p.index];
      if (!u || u.size === 0) return true;
      // An entry-level problem (no target) is certain once both targets are known.
      if (p.field === "secrets") return !u.has("env_name") && !u.has("file_path");
      return !u.has(p.field);
    })
    .map(violationDiagnostic);
}
