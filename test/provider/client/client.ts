/**
 * A tfplugin6 test client that launches the provider the way Terraform does (go-plugin with AutoMTLS):
 * TF_PLUGIN_MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS in random order, PLUGIN_CLIENT_CERT with a fresh P-521
 * certificate (go-plugin's curve); parses the handshake line, checks the server certificate (SAN localhost,
 * unpadded base64) and connects over mTLS on the unix socket.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import { encode as msgpackEncode, decode as msgpackDecode, ExtData } from "@msgpack/msgpack";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, parseHandshakeLine, HandshakeLine } from "../../../provider/codersecrets/handshake";
import { messageCodec } from "../../../provider/codersecrets/protocol/codec";
import type { Diagnostic, DynamicValue } from "../../../provider/codersecrets/protocol/messages";
import { createSelfSignedCertificate, SelfSignedCertificate } from "../../../provider/codersecrets/tls/certificate";
import { formatPath } from "../../../provider/codersecrets/diagnostics";
import { providerBundle } from "./bundle";
import { PassThrough } from "stream";
import type { CliIo } from "../../../lib/cli/io";

export const TERRAFORM_ENV = {
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PLUGIN_MIN_PORT: "10000",
  PLUGIN_MAX_PORT: "25000",
};

export interface LaunchOptions {
  /** Executable and args; default: node <bundle>. */
  readonly command?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** false: no PLUGIN_CLIENT_CERT (plaintext, like TF_DISABLE_PLUGIN_TLS). */
  readonly tls?: boolean;
  readonly handshakeTimeoutMs?: number;
}

export interface LaunchedProvider {
  readonly child: ChildProcess;
  readonly handshake: HandshakeLine;
  readonly handshakeRaw: string;
  /** ms from spawn to the handshake line. */
  readonly startMs: number;
  readonly clientCert: SelfSignedCertificate | undefined;
  stderr(): string;
  stdoutAfterHandshake(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function launchProvider(options: LaunchOptions = {}): Promise<LaunchedProvider> {
  const clientCert = options.tls === false ? undefined : createSelfSignedCertificate({ curve: "P-521" });
  const command = options.command ?? [process.execPath, providerBundle()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    ...TERRAFORM_ENV,
    PLUGIN_PROTOCOL_VERSIONS: Math.random() < 0.5 ? "5,6" : "6,5",
    ...(clientCert ? { PLUGIN_CLIENT_CERT: clientCert.certPem } : {}),
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let handshakeRaw: string | undefined;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no handshake line within ${options.handshakeTimeoutMs ?? 15000} ms; stderr: ${stderr}`));
    }, options.handshakeTimeoutMs ?? 15000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (handshakeRaw !== undefined) return;
      const nl = stdout.indexOf("\n");
      if (nl < 0) return;
      handshakeRaw = stdout.slice(0, nl + 1);
      const startMs = performance.now() - started;
      stdout = stdout.slice(nl + 1);
      clearTimeout(timer);
      try {
        const handshake = parseHandshakeLine(handshakeRaw);
        resolve({
          child,
          handshake,
          handshakeRaw,
          startMs,
          clientCert,
          stderr: () => stderr,
          stdoutAfterHandshake: () => stdout,
          exited: () => exit,
          kill: () => child.kill("SIGKILL"),
        });
      } catch (err) {
        reject(err);
      }
    });
    void exit.then(({ code }) => {
      if (handshakeRaw === undefined) {
        clearTimeout(timer);
        reject(Object.assign(new Error(`provider exited with ${code} before the handshake; stderr: ${stderr}`), { code, stderr }));
      }
    });
  });
}

export function derToPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export type ClientIdentity = { kind: "cert"; cert: SelfSignedCertificate } | { kind: "none" } | { kind: "plaintext" };

/** A grpc-js client for the launched provider; `identity` defaults to the certificate given to the provider. */
export class ProviderClient {
  readonly client: grpc.Client;

  constructor(readonly provider: LaunchedProvider, identity?: ClientIdentity) {
    const id: ClientIdentity = identity ?? (provider.clientCert ? { kind: "cert", cert: provider.clientCert } : { kind: "plaintext" });
    let credentials: grpc.ChannelCredentials;
    if (id.kind === "plaintext") credentials = grpc.credentials.createInsecure();
    else {
      const serverDer = provider.handshake.certificateDer;
      if (!serverDer) throw new Error("server sent no certificate");
      const serverPem = Buffer.from(derToPem(serverDer));
      credentials =
        id.kind === "cert"
          ? grpc.credentials.createSsl(serverPem, Buffer.from(id.cert.keyPem), Buffer.from(id.cert.certPem))
          : grpc.credentials.createSsl(serverPem);
    }
    const target = provider.handshake.network === "unix" ? `unix://${provider.handshake.address}` : provider.handshake.address;
    this.client = new grpc.Client(target, credentials, {
      "grpc.ssl_target_name_override": "localhost",
      "grpc.default_authority": "localhost",
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
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

  /** A raw call with bytes we choose (for malformed protobuf). */
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

  rpc<Res>(name: string, request: unknown = {}, deadlineMs?: number): Promise<Res> {
    return this.call<Res>(`/tfplugin6.Provider/${name}`, `tfplugin6.${name}.Request`, `tfplugin6.${name}.Response`, request, deadlineMs);
  }

  shutdown(): Promise<unknown> {
    return this.call("/plugin.GRPCController/Shutdown", "plugin.Empty", "plugin.Empty", {});
  }

  close(): void {
    this.client.close();
  }
}

/** The unknown marker as cty writes it: fixext1, type 0, one zero byte. */
export const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));
/** A refined unknown (ext 12): not null, string prefix "ab". */
export const REFINED_UNKNOWN_EXT = new ExtData(12, msgpackEncode(new Map<number, unknown>([[1, false], [2, "ab"]])));

export function msgpack(value: unknown): DynamicValue {
  return { msgpack: Buffer.from(msgpackEncode(value, { useBigInt64: true })) };
}

export function decodeState(value: DynamicValue | undefined): unknown {
  if (!value?.msgpack) return undefined;
  return msgpackDecode(value.msgpack, { useBigInt64: true });
}

export function isUnknownExt(value: unknown): boolean {
  return value instanceof ExtData;
}

export interface SecretBlock {
  env_name?: string | null | ExtData;
  file_path?: string | null | ExtData;
  value?: string | null | ExtData;
}

/** A full config object for codersecrets_manifest, computed attributes null as Terraform sends them. */
export function manifestConfig(secrets: SecretBlock[] | ExtData, homeDir: string | null | ExtData = null): Record<string, unknown> {
  return {
    id: null,
    home_dir: homeDir,
    secret: Array.isArray(secrets)
      ? secrets.map((s) => ({ env_name: s.env_name ?? null, file_path: s.file_path ?? null, value: s.value ?? null }))
      : secrets,
    proto_base64: null,
    json: null,
    env: null,
    fingerprints: null,
  };
}

export function summarize(diagnostics: Diagnostic[] | undefined): { severity: number; summary: string; path: string; detail: string }[] {
  return (diagnostics ?? []).map((d) => ({ severity: d.severity ?? 0, summary: d.summary ?? "", path: formatPath(d.attribute), detail: d.detail ?? "" }));
}

export function randomCanary(): string {
  return `CANARY-${crypto.randomBytes(9).toString("hex")}`;
}

/** In-process CLI streams for running a command's `run(argv, io)` and reading what it printed. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env, out: () => out, err: () => err };
}

