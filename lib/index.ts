/**
 * cdktf-coder-secrets: constructs for Coder workspace templates written with CDKTF that make secrets first-class,
 * plus the secret core (Coder's rules, the manifest codec) they share with the bridge provider and the injector.
 */
export * from "./constructs";
export * from "./core";
