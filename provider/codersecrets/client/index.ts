export type { LaunchOptions, LaunchedProvider } from "./launch";
export { TERRAFORM_ENV, LaunchError, launchProvider } from "./launch";
export type { ClientIdentity } from "./client";
export { derToPem, ProviderClient } from "./client";
