/**
 * The secret core: Coder's rules, paths, the manifest codec and env precedence. No cdktf, no gRPC, no I/O beyond
 * hashing, so constructs (synth), the bridge provider (plan/apply) and the injector (workspace) share one rule set.
 */
export type { ManifestSecret, SecretTargets } from "./secret";
export { secret, describeTarget, printable, printablePath } from "./secret";
export type { Severity, SecretField, RuleCode, ViolationInit } from "./violations";
export { SecretRuleViolation, SecretValidationError, errorsOf, warningsOf } from "./violations";
export type { ValueCheckOptions, CheckOptions } from "./rules";
export {
  LIMITS, RESERVED_ENV_NAMES, RESERVED_ENV_PREFIXES, ENV_NAME_SYNTAX, checkEnvName, checkFilePath, checkValue, checkSecrets, assertValidSecrets,
} from "./rules";
export { DEFAULT_HOME_DIR, cleanPath, isHomeRelative, resolveSecretPath, hasDotSegments } from "./paths";
export { expandLikeAgent, hasExpansionHazard } from "./expand";
export type { WireRule } from "./manifest";
export {
  ManifestDecodeError, encodeManifest, decodeManifest, encodeManifestBase64, decodeManifestBase64, decodeBase64Strict, hasTarget,
  checkManifestTextSize,
} from "./manifest";
export type { CapName } from "./caps";
export { CAPS, LARGEST_LEGAL_MANIFEST_BYTES, capProblem } from "./caps";
export { toSdkJson, fromSdkJson } from "./sdk-json";
export { fingerprint, sha256Hex, FINGERPRINT_HEX_CHARS } from "./fingerprint";
export type { WorkspaceEnvSources, WorkspaceEnv } from "./env";
export { mergeWorkspaceEnv } from "./env";
