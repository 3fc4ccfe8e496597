/**
 * The package root exports what a template author uses (constructs, value types, errors, Coder's rules and the manifest
 * codec) and no internals: a new export is a decision, made here.
 */
import * as root from "../lib";

test("the root export is the curated list", () => {
  expect(Object.keys(root).sort()).toEqual([
    "Agent", "CDK_PACKAGE", "CDK_PACKAGE_ENV", "CODER_PROVIDER_VERSION", "CODER_PROVIDER_VERSION_LEGACY", "CdkPackageError", "CoderConstructError", "CoderTemplate", "DEFAULT_MANIFEST_ENV_VAR",
    "DynamicSecret", "EnvDelivery", "ExternalAuthToken", "LIMITS", "ManifestDecodeError", "OwnerSshKey", "PlaintextSecretError", "SecretDisplay", "SecretMetadata",
    "SecretRuleViolation", "SecretValidationError", "SecretValue", "SensitiveAttributes", "UserSecret", "annotationsOf", "assertValidSecrets", "checkSecrets", "decodeManifest",
    "decodeManifestBase64", "encodeManifest", "encodeManifestBase64", "fingerprint", "fromSdkJson", "secret", "synthErrorOf", "toSdkJson",
  ]);
});
