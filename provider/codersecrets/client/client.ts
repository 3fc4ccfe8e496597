/** A grpc-js client for a launched provider, over the same mTLS Terraform uses. */
import * as grpc from "@grpc/grpc-js";
import { messageCodec } from "../protocol/codec";
import { SelfSignedCertificate } from "../tls/certificate";
import { pemEncode } from "../tls/pem";
import { LaunchedProvider } from "./launch";

/** Who the client claims to be: the certificate given to the provider (default), none, or no TLS at all. */
export type ClientIdentity = { kind: "cert"; cert: SelfSignedCertificate } | { kind: "none" } | { kind: "plaintext" };

export interface ProviderClientOptions {
  /** Extra grpc-js channel options (tests use `grpc.default_compression_algorithm`). @default none */
  readonly channelOptions?: grpc.ChannelOptions;
}

export class ProviderClient {
  readonly client: grpc.Client;

  constructor(readonly provider: LaunchedProvider, identity?: ClientIdentity, options: ProviderClientOptions = {}) {
    const id: ClientIdentity = identity ?? (provider.clientCert ? { kind: "cert", cert: provider.clientCert } : { kind: "plaintext" });
    let credentials: grpc.ChannelCredentials;
    if (id.kind === "plaintext") credentials = grpc.credentials.createInsecure();
    else {
      const serverDer = provider.handshake.certificateDer;
      if (!serverDer) throw new Error("the provider sent no server certificate in its handshake");
      const serverPem = Buffer.from(pemEncode("CERTIFICATE", serverDer));
      credentials =
        id.kind === "cert"
          ? grpc.credentials.createSsl(serverPem, Buffer.from(id.cert.keyPem), Buffer.from(id.cert.certPem))
          : grpc.credentials.createSsl(serverPem);
    }
    const target = provider.handshake.network === "unix" ? `unix://${provider.handshake.address}` : provider.handshake.address;
    this.client = new grpc.Client(target, credentials, {
      // As Terraform's client: no retries (a provider RPC is not for a client to repeat; grpc-js would also keep
      // a copy of each request for it) and no channelz bookkeeping (no admin service reads it).
      "grpc.enable_retries": 0,
      "grpc.enable_channelz": 0,
      "grpc.ssl_target_name_override": "localhost",
      "grpc.default_authority": "localhost",
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      ...options.channelOptions,
    });
  }

  call<Res>(path: string, requestType: string, responseType: string, request: unknown, deadlineMs = 10000): Promise<Res> {
    const req = messageCodec<unknown>(requestType);
    const res = messageCodec<Res>(responseType);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        (v: unknown) => req.serialize(v),
        (b: Buffer) => res.deserialize(b),
        request,
        { deadline: Date.now() + deadlineMs },
        (err, value) => (err ? reject(err) : resolve(value as Res)),
      );
    });
  }

  /** A raw call with bytes we choose (malformed protobuf). */
  callRaw(path: string, body: Buffer, responseType: string): Promise<unknown> {
    const res = messageCodec<unknown>(responseType);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => res.deserialize(b),
        body,
        { deadline: Date.now() + 10000 },
        (err, value) => (err ? reject(err) : resolve(value)),
      );
    });
  }

  /** A tfplugin6.Provider RPC by name, e.g. `rpc("ReadDataSource", {...})`. */
  rpc<Res>(name: string, request: unknown = {}, deadlineMs?: number): Promise<Res> {
    return this.call<Res>(`/tfplugin6.Provider/${name}`, `tfplugin6.${name}.Request`, `tfplugin6.${name}.Response`, request, deadlineMs);
  }

  /** go-plugin's graceful stop (what Terraform sends before it lets a provider go). */
  shutdown(): Promise<unknown> {
    return this.call("/plugin.GRPCController/Shutdown", "plugin.Empty", "plugin.Empty", {});
  }

  close(): void {
    this.client.close();
  }
}
