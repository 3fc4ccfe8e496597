/** Starting an installed provider as Terraform does, for tests of what an install wrote. */
import { launchProvider, LaunchedProvider, ProviderClient } from "./client";

/**
 * Launches `exe` with the provider's info log, runs `during`, shuts the provider down gracefully (exit 0 expected)
 * and returns its stderr, whose "provider serving" line says whether the code cache was used.
 */
export async function serveInstalled(
  exe: string,
  env: NodeJS.ProcessEnv,
  during: (client: ProviderClient, provider: LaunchedProvider) => Promise<void>,
): Promise<string> {
  const provider = await launchProvider({ command: [exe], env: { TF_LOG_PROVIDER: "info", ...env } });
  const client = new ProviderClient(provider);
  try {
    await during(client, provider);
    const exited = provider.exited();
    await client.shutdown();
    expect((await exited).code).toBe(0);
    return provider.stderr();
  } finally {
    client.close();
    provider.kill();
  }
}
