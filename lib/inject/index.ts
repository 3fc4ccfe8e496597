/**
 * The workspace side: applies a manifest's secrets inside a workspace (no cdktf, no gRPC). `injectManifest` is the
 * Node injector; `deliveryScript` is the same semantics as a POSIX sh script for a `coder_script`.
 */
export type { InjectAction, TargetResult, InjectReport, InjectOptions, StaleReport, StateOptions, StateWrite } from "./inject";
export { injectManifest, formatResult, formatStaleLines, formatSummary } from "./inject";
export type { StateEntry, StateLocation, ParsedState } from "./state";
export { STATE_HEADER, STATE_DIR_NAME, STATE_KEY_PATTERN, stateKeyProblem, stateLocation, formatState, parseState, staleCandidates, nextState } from "./state";
export type { StaleAction, StaleResult, StateRead } from "./stale";
export { readStateFile, removeStaleFile, writeStateFile, formatStaleResult } from "./stale";
export type { InjectPlan, PlannedFile, PlannedEnv, PlanOptions } from "./plan";
export { planInjection, knownHome } from "./plan";
export { InjectInputError } from "./errors";
export type { WriteOutcome } from "./atomic-write";
export { writeSecretFileAtomic, checkSecretFileTarget, ensureDirectory, SECRET_FILE_MODE, SECRET_DIR_MODE } from "./atomic-write";
export type { EnvEntry } from "./dotenv";
export { checkEnvFileName, ENV_FILE_REFUSED_NAMES, ENV_FILE_REFUSED_PREFIXES, formatEnvFile, EnvValueError } from "./dotenv";
export { shellSingleQuote, ShellQuoteError } from "../core/shell-quote";
export type { DeliveryScriptOptions } from "./delivery-script";
export { deliveryScript, describeDeliveryScript, DeliveryScriptOptionsError, DELIVERY_SCRIPT_DISPLAY_NAME, TEMP_FILE_PREFIX } from "./delivery-script";
export { MAX_ENV_STRING_BYTES, MANIFEST_ENV_CHUNK_CHARS, MAX_MANIFEST_ENV_CHUNKS, manifestEnvChunkName, splitManifestEnv, readManifestEnv } from "../core/manifest-env";
