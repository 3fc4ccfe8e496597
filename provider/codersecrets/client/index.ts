/**
 * A tfplugin6 client that launches the provider as Terraform does. It ships with the provider because
 * `install-provider` uses it (install/code-cache.ts): it trains the V8 code cache by driving one real plan's calls
 * through a freshly installed provider. The tests, the demo and the bench use the same client.
 */
export type { LaunchOptions, LaunchedProvider } from "./launch";
export { TERRAFORM_ENV, LaunchError, launchProvider } from "./launch";
export type { ClientIdentity } from "./client";
export { ProviderClient } from "./client";
