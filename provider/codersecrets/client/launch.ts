/**
 * The client half of go-plugin's launch, as Terraform does it: fresh client certificate in PLUGIN_CLIENT_CERT,
 * TF_PLUGIN_MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS (a set, sent in random order), then wait for the single
 * handshake line on stdout. Used by the demo, the benchmarks and the protocol tests.
 */
import { ChildProcess, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { HandshakeLine, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, parseHandshakeLine } from "../handshake";
import { createSelfSignedCertificate, SelfSignedCertificate } from "../tls/certificate";

export const TERRAFORM_ENV = {
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PLUGIN_MIN_PORT: "10000",
  PLUGIN_MAX_PORT: "25000",
};

export interface LaunchOptions {
  /** Executable and arguments (e.g. an installed mirror's launcher). */
  readonly command: readonly string[];
  /** Extra environment; `undefined` values remove a variable. */
  readonly env?: NodeJS.ProcessEnv;
  /** false: no PLUGIN_CLIENT_CERT (plaintext, like TF_DISABLE_PLUGIN_TLS). @default true */
  readonly tls?: boolean;
  /** @default 15000 */
  readonly handshakeTimeoutMs?: number;
}

export interface LaunchedProvider {
  readonly child: ChildProcess;
  readonly handshake: HandshakeLine;
  readonly handshakeRaw: string;
  /** Milliseconds from spawn to the handshake line. */
  readonly startMs: number;
  readonly clientCert: SelfSignedCertificate | undefined;
  stderr(): string;
  stdoutAfterHandshake(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/** The provider exited or stayed silent before its handshake line. */
export class LaunchError extends Error {
  constructor(message: string, readonly stderr: string, readonly code: number | null = null) {
    super(message);
    this.name = "LaunchError";
  }
}

export function launchProvider(options: LaunchOptions): Promise<LaunchedProvider> {
  const clientCert = options.tls === false ? undefined : createSelfSignedCertificate({ curve: "P-521" });
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
  const timeoutMs = options.handshakeTimeoutMs ?? 15000;
  const started = performance.now();
  const [file, ...args] = options.command;
  const child = spawn(file, args, { env, stdio: ["pipe", "pipe", "pipe"] });
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
      reject(new LaunchError(`no handshake line within ${timeoutMs} ms`, stderr));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new LaunchError(`cannot start ${file}: ${err.message}`, stderr));
    });
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (handshakeRaw !== undefined) return;
      const nl = stdout.indexOf("\n");
      if (nl < 0) return;
      handshakeRaw = stdout.slice(0, nl + 1);
      const startMs = performance.now() - started;
      stdout = stdout.slice(nl + 1);
      clearTimeout(timer);
      let handshake: HandshakeLine;
      try {
        handshake = parseHandshakeLine(handshakeRaw);
      } catch {
        // As go-plugin: a first line that is not a handshake is the plugin's message (e.g. why it cannot start).
        child.kill("SIGKILL");
        reject(new LaunchError(`unrecognized plugin message: ${handshakeRaw.trim()}`, stderr));
        return;
      }
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
    });
    void exit.then(({ code }) => {
      if (handshakeRaw === undefined) {
        clearTimeout(timer);
        reject(new LaunchError(`provider exited with ${code} before the handshake`, stderr, code));
      }
    });
  });
}
