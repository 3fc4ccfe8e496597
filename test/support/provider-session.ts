/** One bundled provider process and a protocol client for a describe block: launched before its tests, killed after. */
import { launchProvider, LaunchedProvider, ProviderClient } from "../provider/client/client";
import { providerBundle } from "../provider/client/bundle";

export function providerSession(): { readonly client: () => ProviderClient } {
  let provider: LaunchedProvider | undefined;
  let client: ProviderClient | undefined;
  beforeAll(async () => {
    await providerBundle();
    provider = await launchProvider();
    client = new ProviderClient(provider);
  });
  afterAll(() => {
    client?.close();
    provider?.kill();
  });
  return { client: () => client as ProviderClient };
}
