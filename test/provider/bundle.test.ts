/**
 * The provider bundle's module substitutions (install/substitutions.ts): what a start no longer loads, and that
 * the stand-ins still do their job when they are reached (a compressed request, the admin-service factory).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { bundleEntry, providerEntry } from "../../provider/codersecrets/install/bundle";
import { GRPC_CLIENT_FACTORY, LAZY_ZLIB } from "../../provider/codersecrets/install/substitutions";
import type { GetMetadataResponse } from "../../provider/codersecrets/protocol/messages";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";
import { launchProvider, ProviderClient, TERRAFORM_ENV } from "./client/client";
import { providerBundle } from "./client/bundle";

jest.setTimeout(60000);

/** grpc-js's constant for gzip (compression-algorithms.ts); the client then compresses every request message. */
const GZIP = 2;

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "codersecrets-bundle-test-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

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

describe("provider bundle substitutions", () => {
  test("a start loads http2 and tls but not node:v8 (loaded on the first read) nor perf_hooks", async () => {
    const modules = await modulesAtHandshake(await providerBundle());
    expect(modules).toEqual(expect.arrayContaining(["NativeModule http2", "NativeModule tls"]));
    for (const absent of ["NativeModule v8", "NativeModule perf_hooks"]) expect(modules).not.toContain(absent);
  });

  test("a gzip-compressed request is answered (zlib is loaded on first use), and is refused without zlib", async () => {
    // Negative control: the same bundle, but the zlib stand-in has nothing behind it. If the client did not really
    // compress, this call would succeed and the test would fail.
    const broken = path.join(work, "no-zlib.js");
    await bundleEntry(providerEntry(), broken, { substitutions: [GRPC_CLIENT_FACTORY, { ...LAZY_ZLIB, contents: "module.exports = {};" }] });
    for (const [bundle, works] of [[await providerBundle(), true], [broken, false]] as const) {
      const provider = await launchProvider({ command: [process.execPath, bundle] });
      const client = new ProviderClient(provider, undefined, { channelOptions: { "grpc.default_compression_algorithm": GZIP } });
      try {
        const call = client.rpc<GetMetadataResponse>("GetMetadata");
        if (works) expect((await call).data_sources?.map((d) => d.type_name)).toEqual(["codersecrets_manifest"]);
        else await expect(call).rejects.toThrow();
      } finally {
        client.close();
        provider.kill();
        await provider.exited();
      }
    }
  });

  test("the grpc-js client factory stand-in fails with a named error when called", () => {
    const module = { exports: {} as { loadPackageDefinition?: () => unknown } };
    vm.runInNewContext(GRPC_CLIENT_FACTORY.contents, { module, exports: module.exports });
    expect(() => module.exports.loadPackageDefinition!()).toThrow(/grpc-js client .* is not bundled/);
  });
});
