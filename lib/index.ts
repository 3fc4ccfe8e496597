/**
 * cdktf-coder-secrets: constructs for Coder workspace templates written with CDKTF that make secrets first-class,
 * their value types and errors, plus the secret core they share with the bridge provider and the injector (Coder's
 * rules, the manifest codec). Only what a template author uses is exported here; the workspace side is
 * `cdktf-coder-secrets/inject`. Everything else is internal (tests import it by path).
 */

// Constructs and their props.
export { CoderTemplate, CODER_PROVIDER_VERSION, CODER_PROVIDER_VERSION_LEGACY } from "./constructs/template";
export type { CoderTemplateProps } from "./constructs/template";
export { Agent, EnvDelivery, DEFAULT_MANIFEST_ENV_VAR } from "./constructs/agent";
export type { AgentProps } from "./constructs/agent";
export { DynamicSecret } from "./constructs/dynamic-secret";
export type { DynamicSecretProps, PlaintextSecretTargets } from "./constructs/dynamic-secret";
export { UserSecret } from "./constructs/user-secret";
export type { UserSecretProps } from "./constructs/user-secret";
export { OwnerSshKey } from "./constructs/owner-ssh-key";
export type { OwnerSshKeyOptions } from "./constructs/owner-ssh-key";
export { SecretMetadata, SecretDisplay } from "./constructs/secret-metadata";
export type { SecretMetadataProps, SecretItemOptions } from "./constructs/secret-metadata";
// What the secret-flow check treats as secret, extended by the author.
export { SensitiveAttributes } from "./constructs/sensitivity";
// Coder's external auth tokens, delivered to env and files (agent.addExternalAuth).
export { ExternalAuthToken } from "./constructs/external-auth";
export type { ExternalAuthOptions } from "./constructs/external-auth";

// Value types: a secret's value, and the binding model.
export { SecretValue } from "./constructs/secret-value";
export type { ISecret, SecretBinding, SecretBindingConfig, ExpectedSecret } from "./constructs/binding";

// For a template's own tests: the findings a synth recorded (Testing.synth records errors without throwing).
export { annotationsOf, synthErrorOf } from "./constructs/annotations";
export type { AnnotationLevel } from "./constructs/annotations";

// Which CDK package (cdktf or its fork cdktn) the library runs on, and the error when none or the other one is found.
export { CDK_PACKAGE, CDK_PACKAGE_ENV, CdkPackageError } from "./constructs/cdk";
export type { CdkPackageName } from "./constructs/cdk";

// Errors.
export { CoderConstructError } from "./constructs/errors";
export { PlaintextSecretError } from "./constructs/secret-value";
export { SecretRuleViolation, SecretValidationError } from "./core/violations";
export { ManifestDecodeError } from "./core/manifest";

// The core a template's own tests and tools use: Coder's rules and the manifest format.
export type { ManifestSecret, SecretTargets } from "./core/secret";
export { secret } from "./core/secret";
export type { Severity, SecretField, RuleCode } from "./core/violations";
export type { CheckOptions } from "./core/rules";
export { LIMITS, checkSecrets, assertValidSecrets } from "./core/rules";
export { encodeManifest, decodeManifest, encodeManifestBase64, decodeManifestBase64 } from "./core/manifest";
export { toSdkJson, fromSdkJson } from "./core/sdk-json";
export { fingerprint } from "./core/fingerprint";
