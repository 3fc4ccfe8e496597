/**
 * Process lifecycle of the provider as go-plugin expects it: cookie check, version negotiation, AutoMTLS with a
 * per-start certificate, a unix socket, the single stdout handshake line, SIGINT ignored, exit on
 * GRPCController/Shutdown, SIGTERM or when the parent (Terraform) is gone. `debug` serves plaintext and prints
 * a TF_REATTACH_PROVIDERS value instead (Terraform then does not start or stop the provider).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootState } from "./boot/state";
import { checkMagicCookie, checkNoNodeOptions, formatHandshakeLine, negotiateProtocolVersion } from "./handshake";
import { pinYoungGeneration } from "./heap";
import type { Listener } from "./listener";
import { createLogger, levelFromEnv, Logger } from "./log";
import { ProviderRuntime } from "./runtime";
import { createSelfSignedCertificate } from "./tls/certificate";
import { PROVIDER_REGISTRY_HOST, PROVIDER_SOURCE, providerVersion } from "./version";
import { processMs } from "./boot/clock";

export interface ServeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reattach mode: plaintext, prints TF_REATTACH_PROVIDERS, runs until SIGINT/SIGTERM. */
  readonly debug?: boolean;
  /** Called once when the provider has stopped serving (process exit code). */
  readonly onExit: (code: number) => void;
  /** Install signal handlers and the parent watch on `process` (false in in-process tests). */
  readonly manageProcess?: boolean;
}

export interface ServingProvider {
  readonly address: string;
  readonly handshakeLine: string;
  shutdown(reason: string): Promise<void>;
}

export function reattachValue(network: "unix" | "tcp", address: string, pid: number, host = PROVIDER_REGISTRY_HOST): string {
  return JSON.stringify({
    [`${host}/${PROVIDER_SOURCE}`]: { Protocol: "grpc", ProtocolVersion: 6, Pid: pid, Test: true, Addr: { Network: network, String: address } },
  });
}

const MAX_UNIX_SOCKET_PATH = 100;

function socketDir(env: NodeJS.ProcessEnv): string {
  const base = env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
  return fs.mkdtempSync(path.join(base, "plugin"));
}

function unlinkIfPresent(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

function applySocketGroup(socket: string, env: NodeJS.ProcessEnv, log: Logger): void {
  const group = env.PLUGIN_UNIX_SOCKET_GROUP;
  if (!group) return;
  const gid = Number(group);
  if (!Number.isInteger(gid)) {
    log.warn("PLUGIN_UNIX_SOCKET_GROUP must be a numeric gid here; ignored", { group });
    return;
  }
  fs.chownSync(socket, -1, gid);
  fs.chmodSync(socket, 0o660);
}

export async function serve(options: ServeOptions): Promise<ServingProvider> {
  const { env } = options;
  const log = createLogger(options.stderr, levelFromEnv(env, options.debug ? "info" : "warn"));
  const debug = options.debug === true;
  // Signal handlers first: without one, SIGINT kills node at once, even between the handshake line and serving.
  let shutdownHook: ((reason: string) => unknown) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdownHook) void shutdownHook(signal);
    else options.onExit(0);
  };
  if (options.manageProcess) {
    // Ctrl-C reaches the whole process group; Terraform stops providers itself (StopProvider, then Shutdown).
    if (debug) process.on("SIGINT", onSignal);
    else process.on("SIGINT", () => log.debug("SIGINT ignored"));
    process.on("SIGTERM", onSignal);
  }
  let protocolVersion = 6;
  if (!debug) {
    checkMagicCookie(env);
    protocolVersion = negotiateProtocolVersion(env);
    checkNoNodeOptions(env);
  }

  const clientCert = debug ? undefined : env.PLUGIN_CLIENT_CERT;
  const phases: Record<string, number> = { entered: processMs() };
  const certificate = clientCert ? createSelfSignedCertificate() : undefined;
  phases.certificate = processMs();

  // Loaded after the checks so a mistaken manual run fails fast.
  const { createServer, connectionInjector } = require("./server") as typeof import("./server");
  const { listen } = require("./listener") as typeof import("./listener");

  const boot = bootState();
  const runtime = new ProviderRuntime({
    log,
    version: providerVersion(),
    readDelayMs: Number(env.CODERSECRETS_TEST_READ_DELAY_MS) || 0,
    // Not in the training run: a changed V8 flag would change the flag hash written into the code cache.
    onFirstRead: options.manageProcess && boot?.codeCache !== "writing" ? pinYoungGeneration : undefined,
  });

  const dir = socketDir(env);
  // A unix socket path must fit sockaddr_un (104-108 bytes); past that, serve on loopback TCP as go-plugin can.
  const unixSocket = path.join(dir, "plugin.sock");
  const useTcp = Buffer.byteLength(unixSocket) > MAX_UNIX_SOCKET_PATH;
  let stopping: Promise<void> | undefined;
  phases.loaded = processMs();
  const server = createServer(runtime, { onShutdown: () => void shutdown("GRPCController/Shutdown") });
  phases.registered = processMs();
  let listener: Listener | undefined;

  let cleanedUp = false;
  /**
   * Removes the socket and its directory, once (the Shutdown path and the exit handler both call it; on Terraform's
   * clock 3× per plan): unlink + rmdir, where any `fs.rmSync` would first load node's rimraf module (~1–3 ms at
   * exit, measured). Closing the listener has usually unlinked the socket already (libuv does). A directory that
   * holds anything else still goes the rmSync way.
   */
  function cleanup(): void {
    if (cleanedUp) return;
    cleanedUp = true;
    try {
      if (!useTcp) unlinkIfPresent(unixSocket);
      fs.rmdirSync(dir);
    } catch {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  }

  function shutdown(reason: string): Promise<void> {
    if (stopping) return stopping;
    log.debug("shutting down", { reason });
    stopping = new Promise<void>((resolve) => {
      runtime.stop();
      listener?.close();
      const force = setTimeout(() => server.forceShutdown(), 250);
      force.unref();
      server.tryShutdown(() => {
        clearTimeout(force);
        cleanup();
        resolve();
      });
    }).then(() => options.onExit(0));
    return stopping;
  }

  try {
    listener = await listen({
      at: useTcp ? { tcpPort: 0 } : { unixSocket },
      tls: certificate ? { server: certificate, clientCertPem: clientCert! } : undefined,
      onConnection: connectionInjector(server),
      log,
    });
    if (!useTcp) applySocketGroup(unixSocket, env, log);
  } catch (err) {
    cleanup();
    throw err;
  }
  phases.bound = processMs();
  const { address, network } = listener;

  const handshakeLine = formatHandshakeLine({ protocolVersion, network, address, certificateDer: certificate?.der });
  if (debug) {
    options.stdout(
      "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n" +
        `\tTF_REATTACH_PROVIDERS='${reattachValue(network, address, process.pid)}'\n\n` +
        "Stop the provider with Ctrl-C.\n",
    );
  } else {
    options.stdout(handshakeLine);
  }
  log.info("provider serving", {
    version: runtime.version, protocol: protocolVersion, tls: certificate !== undefined, debug, code_cache: boot?.codeCache ?? "none",
  });
  if (log.enabled("debug")) {
    const at: Record<string, number> = {};
    if (boot) Object.assign(at, { boot_ms: Math.round(boot.startedAt), compiled_ms: Math.round(boot.compiledAt) });
    for (const [k, v] of Object.entries(phases)) at[`${k}_ms`] = Math.round(v);
    at.handshake_ms = Math.round(processMs());
    log.debug("start-up phases (ms since the process started)", at);
  }
  if (boot?.codeCache === "rejected" || boot?.codeCache === "stale") {
    log.info("the V8 code cache does not fit this node or bundle; starts are slower until `cdktf-coder-secrets install-provider` runs again");
  }
  shutdownHook = shutdown;
  if (options.manageProcess) {
    if (!debug) {
      // Terraform's stdin is inherited (go-plugin sets cmd.Stdin = os.Stdin), so reading it would steal input meant
      // for Terraform (e.g. `echo yes | terraform apply`): detect a dead parent by watching our parent pid instead.
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid !== parent) void shutdown("parent process exited");
      }, 500);
      watch.unref();
    }
    process.on("exit", cleanup);
  }
  return { address, handshakeLine, shutdown };
}
