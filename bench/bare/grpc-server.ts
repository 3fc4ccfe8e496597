/**
 * Baseline for bench 2: the project's own gRPC server start without the provider logic. The same go-plugin
 * handshake checks, per-start certificate, pinned-mTLS listener and grpc-js server as the provider, serving only
 * go-plugin's Shutdown (an empty message, no protobuf code), so the cold-start difference to the real provider is
 * what the provider adds: its services, schema, protobuf codec, logging and lifecycle.
 * Bundled and started like the provider (boot entry, code cache, same launcher); see bench/provider.ts.
 */
import { checkMagicCookie, formatHandshakeLine, negotiateProtocolVersion } from "../../provider/codersecrets/handshake";
import * as grpc from "@grpc/grpc-js";
import { listen } from "../../provider/codersecrets/listener";
import { silentLogger } from "../../provider/codersecrets/log";
import { connectionInjector, SERVER_OPTIONS } from "../../provider/codersecrets/server";
import { createSelfSignedCertificate } from "../../provider/codersecrets/tls/certificate";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

async function main(): Promise<void> {
  checkMagicCookie(process.env);
  const protocolVersion = negotiateProtocolVersion(process.env);
  const certificate = createSelfSignedCertificate();
  const server = new grpc.Server(SERVER_OPTIONS);
  const empty = { serialize: () => Buffer.alloc(0), deserialize: () => ({}) };
  server.addService(
    {
      Shutdown: {
        path: "/plugin.GRPCController/Shutdown", requestStream: false, responseStream: false, originalName: "Shutdown",
        requestSerialize: empty.serialize, requestDeserialize: empty.deserialize, responseSerialize: empty.serialize, responseDeserialize: empty.deserialize,
      },
    },
    {
      Shutdown: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
        callback(null, {});
        setImmediate(() => server.tryShutdown(() => process.exit(0)));
      },
    },
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bare-grpc"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const listener = await listen({
    at: { unixSocket: path.join(dir, "plugin.sock") },
    tls: { server: certificate, clientCertPem: process.env.PLUGIN_CLIENT_CERT ?? "" },
    onConnection: connectionInjector(server),
    log: silentLogger,
  });
  process.stdout.write(formatHandshakeLine({ protocolVersion, network: listener.network, address: listener.address, certificateDer: certificate.der }));
}

main().catch((err: unknown) => {
  process.stderr.write(`bare gRPC server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
