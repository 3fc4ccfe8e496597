/**
 * Pure converter: the decoded `codersecrets_manifest` configuration (a cty object) → a typed model that keeps
 * track of what is still unknown. Type problems become diagnostics with attribute paths; values never appear in them.
 */
import { CAPS, capProblem, LIMITS } from "../../../lib/core";
import { attr, CtyObject, CtyValue, isObject, isUnknown, UNKNOWN, UnknownValue } from "../cty/value";
import { errorDiagnostic, PathStep } from "../diagnostics";
import type { Diagnostic } from "../protocol/messages";

/** A string attribute: known (string or null) or unknown until apply. */
export type MaybeString = string | null | UnknownValue;

export interface SecretEntryConfig {
  readonly envName: MaybeString;
  readonly filePath: MaybeString;
  readonly value: MaybeString;
}

export interface ManifestConfig {
  readonly homeDir: MaybeString;
  /** The `secret` blocks, or UNKNOWN when the whole list is unknown (e.g. a dynamic block over an unknown). */
  readonly secrets: readonly SecretEntryConfig[] | UnknownValue;
}

export interface ParsedConfig {
  /** Undefined when the configuration is unusable (its diagnostics say why). */
  readonly config: ManifestConfig | undefined;
  readonly diagnostics: Diagnostic[];
}

function describeType(value: CtyValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Uint8Array) return "bytes";
  if (typeof value === "bigint") return "number";
  if (isObject(value)) return "an object";
  return typeof value === "object" ? "a value" : typeof value;
}

function stringAttr(object: CtyObject, name: string, path: readonly PathStep[], diagnostics: Diagnostic[]): MaybeString {
  const value = attr(object, name);
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return UNKNOWN;
  if (typeof value === "string") return value;
  diagnostics.push(
    errorDiagnostic(
      "Invalid configuration value",
      `${[...path, name].map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[")} must be a string, got ${describeType(value)}.`,
      [...path, name],
    ),
  );
  return null;
}

export function parseManifestConfig(value: CtyValue): ParsedConfig {
  const diagnostics: Diagnostic[] = [];
  if (isUnknown(value)) return { config: { homeDir: UNKNOWN, secrets: UNKNOWN }, diagnostics };
  if (!isObject(value)) {
    diagnostics.push(errorDiagnostic("Invalid configuration", `The data source configuration must be an object, got ${describeType(value)}.`));
    return { config: undefined, diagnostics };
  }
  const homeDir = stringAttr(value, "home_dir", [], diagnostics);
  if (typeof homeDir === "string" && !homeDir.startsWith("/")) {
    diagnostics.push(
      // The value is not echoed: it may come from anywhere in the configuration, a secret included.
      errorDiagnostic("Invalid home_dir", `home_dir must be an absolute path starting with "/" (it is used to resolve "~/" file paths); set it to the workspace user's home, e.g. "/home/coder".`, ["home_dir"]),
    );
  }
  const rawSecrets = attr(value, "secret");
  let secrets: SecretEntryConfig[] | UnknownValue;
  if (isUnknown(rawSecrets)) secrets = UNKNOWN;
  else if (rawSecrets === undefined || rawSecrets === null) secrets = [];
  else if (!Array.isArray(rawSecrets)) {
    diagnostics.push(errorDiagnostic("Invalid configuration value", `secret must be a list of blocks, got ${describeType(rawSecrets)}.`, ["secret"]));
    secrets = [];
  } else if (rawSecrets.length > CAPS.maxEntries) {
    // Refused before any block is read: the work per request stays bounded (lib/core/caps.ts).
    diagnostics.push(errorDiagnostic("Too many secrets", `${capProblem("entries", rawSecrets.length, CAPS.maxEntries, `declare at most ${LIMITS.maxSecrets} secret blocks`)}.`, ["secret"]));
    return { config: undefined, diagnostics };
  } else {
    secrets = rawSecrets.map((entry, i): SecretEntryConfig => {
      const path: PathStep[] = ["secret", i];
      if (isUnknown(entry)) return { envName: UNKNOWN, filePath: UNKNOWN, value: UNKNOWN };
      if (!isObject(entry)) {
        diagnostics.push(errorDiagnostic("Invalid configuration value", `secret[${i}] must be a block, got ${describeType(entry)}.`, path));
        return { envName: null, filePath: null, value: null };
      }
      const parsed = {
        envName: stringAttr(entry, "env_name", path, diagnostics),
        filePath: stringAttr(entry, "file_path", path, diagnostics),
        value: stringAttr(entry, "value", path, diagnostics),
      };
      const rawValue = attr(entry, "value");
      if (rawValue === undefined || rawValue === null) {
        diagnostics.push(errorDiagnostic("Missing required argument", `secret[${i}].value is required.`, [...path, "value"]));
      }
      return parsed;
    });
  }
  return { config: { homeDir, secrets }, diagnostics };
}
