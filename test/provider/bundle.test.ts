/**
 * The provider bundle as Terraform runs it: what a start has loaded at the handshake line (the modules our own code
 * loads on first use stay unloaded), and a compressed request is answered.
 */
import { spawn } from "child_process";
import type { GetMetadataResponse } from "../../provider/codersecrets/protocol/messages";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";
import { launchProvider, ProviderClient, TERRAFORM_ENV } from "./client/client";
import { providerBundle } from "./client/bundle";

jest.setTimeout(60000);

/** grpc-js's constant for gzip (compression-algorithms.ts); the client then compresses every request message. */
const GZIP = 2;


/** Runs `bundle` as Terraform would and returns node's list of loaded internal modules at the handshake line. */
function modulesAtHandshake(bundle: string): Promise<string[]> {
  const harness = [
    "const fs = require('fs');",
    "const write = process.stdout.write.bind(process.stdout);",
    "process.stdout.write = (chunk, ...rest) => {",
    "  if (String(chunk).split('|').length >= 6) { fs.writeSync(3, JSON.stringify(process.moduleLoadList)); process.exit(0); }",
    "  return write(chunk, ...rest);",
    "};",
    "require(process.env.BUNDLE);",
  ].join("\n");
  const cert = createSelfSignedCertificate();
  const child = spawn(process.execPath, ["-e", harness], {
    env: { PATH: process.env.PATH, BUNDLE: bundle, ...TERRAFORM_ENV, PLUGIN_PROTOCOL_VERSIONS: "6", PLUGIN_CLIENT_CERT: cert.certPem },
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdio[3]!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 && out ? resolve(JSON.parse(out) as string[]) : reject(new Error(`harness exited ${code}: ${err}`)))),
  );
}

describe("provider bundle", () => {
  test("a start loads http2 and tls but not node:v8 (loaded on the first read) nor perf_hooks", async () => {
    const modules = await modulesAtHandshake(await providerBundle());
    expect(modules).toEqual(expect.arrayContaining(["NativeModule http2", "NativeModule tls"]));
    for (const absent of ["NativeModule v8", "NativeModule perf_hooks"]) expect(modules).not.toContain(absent);
  });

  test("a gzip-compressed request is answered", async () => {
    const provider = await launchProvider({ command: [process.execPath, await providerBundle()] });
    const client = new ProviderClient(provider, undefined, { channelOptions: { "grpc.default_compression_algorithm": GZIP } });
    try {
      const metadata = await client.rpc<GetMetadataResponse>("GetMetadata");
      expect(metadata.data_sources?.map((d) => d.type_name)).toEqual(["codersecrets_manifest"]);
    } finally {
      client.close();
      provider.kill();
      await provider.exited();
    }
  });
});
