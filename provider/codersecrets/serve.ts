/**
 * Process lifecycle of the provider as go-plugin expects it, in four steps: check the plugin environment (cookie,
 * protocol version, no NODE_OPTIONS), open the socket (AutoMTLS with a per-start certificate, a unix socket or
 * loopback TCP), announce it (the single stdout handshake line), and watch the parent (exit when Terraform is
 * gone). SIGINT is ignored; GRPCController/Shutdown and SIGTERM stop the provider. `debug` serves plaintext and
 * prints a TF_REATTACH_PROVIDERS value instead (Terraform then does not start or stop the provider).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Duplex } from "stream";
import { bootState } from "./boot/state";
import { processMs } from "./boot/clock";
import { checkMagicCookie, checkNoNodeOptions, formatHandshakeLine, negotiateProtocolVersion } from "./handshake";
import { pinYoungGeneration } from "./heap";
import type { Listener } from "./listener";
import { createLogger, levelFromEnv, Logger } from "./log";
import { ProviderRuntime } from "./runtime";
import { createSelfSignedCertificate } from "./tls/certificate";
import { CODERSECRETS_REGISTRY_HOST, CODERSECRETS_SOURCE } from "../../lib/core/provider-address";
import { providerVersion } from "./version";

export interface ServeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reattach mode: plaintext, prints TF_REATTACH_PROVIDERS, runs until SIGINT/SIGTERM. @default false */
  readonly debug?: boolean;
  /** Called once when the provider has stopped serving (process exit code). */
  readonly onExit: (code: number) => void;
  /** Install signal handlers and the parent watch on `process` (false in in-process tests). @default false */
  readonly manageProcess?: boolean;
  /** Tests only: an abortable delay before each ReadDataSource, to hold reads in flight. @default 0 */
  readonly readDelayMs?: number;
}

export interface ServingProvider {
  readonly address: string;
  readonly handshakeLine: string;
  shutdown(reason: string): Promise<void>;
}

export function reattachValue(network: "unix" | "tcp", address: string, pid: number, host = CODERSECRETS_REGISTRY_HOST): string {
  return JSON.stringify({
    [`${host}/${CODERSECRETS_SOURCE}`]: { Protocol: "grpc", ProtocolVersion: 6, Pid: pid, Test: true, Addr: { Network: network, String: address } },
  });
}

/** How often the parent watch looks at our parent pid. */
const PARENT_POLL_MS = 500;
/** How long a shutdown waits for calls in flight before it closes their streams. */
const FORCE_SHUTDOWN_MS = 250;

/**
 * Step 1: what go-plugin's client hands over. Returns the protocol version to serve; throws a typed error that
 * explains itself when the process was not started by a plugin client (or with NODE_OPTIONS set).
 */
function checkPluginEnvironment(env: NodeJS.ProcessEnv, debug: boolean): number {
  if (debug) return 6;
  checkMagicCookie(env);
  const protocolVersion = negotiateProtocolVersion(env);
  checkNoNodeOptions(env);
  return protocolVersion;
}

/** The listening socket and how to remove what it left on disk. */
interface OpenSocket {
  readonly listener: Listener;
  readonly certificateDer: Buffer | undefined;
  /** Removes the socket and its directory; runs once, later calls do nothing. */
  readonly cleanup: () => void;
}

/** A unix socket path must fit sockaddr_un (104-108 bytes); past that, serve on loopback TCP as go-plugin can. */
const MAX_UNIX_SOCKET_PATH = 100;

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

/**
 * Step 2: a fresh directory holding the socket (in PLUGIN_UNIX_SOCKET_DIR when set), mTLS with a per-start
 * certificate when the client sent PLUGIN_CLIENT_CERT, every connection handed to `onConnection`.
 */
async function openSocket(env: NodeJS.ProcessEnv, debug: boolean, onConnection: (connection: Duplex) => void, log: Logger): Promise<OpenSocket> {
  // Loaded after the environment check, so a mistaken manual run fails before loading TLS and gRPC.
  const { listen } = require("./listener") as typeof import("./listener");
  const clientCert = debug ? undefined : env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? createSelfSignedCertificate() : undefined;
  const dir = fs.mkdtempSync(path.join(env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir(), "plugin"));
  const unixSocket = path.join(dir, "plugin.sock");
  const useTcp = Buffer.byteLength(unixSocket) > MAX_UNIX_SOCKET_PATH;
  let cleanedUp = false;
  // unlink + rmdir: fs.rmSync would load node's rimraf module at each exit, three times per plan. Closing the
  // listener has usually unlinked the socket already (libuv does); a directory holding anything else goes rmSync.
  const cleanup = (): void => {
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
  };
  try {
    const listener = await listen({
      at: useTcp ? { tcpPort: 0 } : { unixSocket },
      tls: certificate && clientCert ? { server: certificate, clientCertPem: clientCert } : undefined,
      onConnection,
      log,
    });
    if (!useTcp) applySocketGroup(unixSocket, env, log);
    return { listener, certificateDer: certificate?.der, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Step 3: the one stdout line go-plugin reads (or, in debug mode, the TF_REATTACH_PROVIDERS text for a human). */
function announce(options: ServeOptions, handshakeLine: string, listener: Listener): void {
  if (options.debug) {
    options.stdout(
      "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n" +
        `\tTF_REATTACH_PROVIDERS='${reattachValue(listener.network, listener.address, process.pid)}'\n\n` +
        "Stop the provider with Ctrl-C.\n",
    );
  } else {
    options.stdout(handshakeLine);
  }
}

/**
 * Step 4: stop when Terraform is gone. Terraform's stdin is inherited (go-plugin sets cmd.Stdin = os.Stdin), so
 * reading it would steal input meant for Terraform (e.g. `echo yes | terraform apply`): a dead parent shows as a
 * changed parent pid instead.
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, PARENT_POLL_MS);
  watch.unref();
}

/**
 * Signal handlers, installed before anything else: without one, SIGINT kills node at once, even between the
 * handshake line and serving. Ctrl-C reaches the whole process group, and Terraform stops its providers itself
 * (StopProvider, then Shutdown), so SIGINT is ignored outside debug mode. `stop` is set once serving.
 */
function handleSignals(debug: boolean, log: Logger, onExit: (code: number) => void): { stop?: (reason: string) => unknown } {
  const target: { stop?: (reason: string) => unknown } = {};
  const onSignal = (signal: NodeJS.Signals): void => {
    if (target.stop) void target.stop(signal);
    else onExit(0);
  };
  if (debug) process.on("SIGINT", onSignal);
  else process.on("SIGINT", () => log.debug("SIGINT ignored"));
  process.on("SIGTERM", onSignal);
  return target;
}

function logStarted(log: Logger, runtime: ProviderRuntime, protocolVersion: number, tls: boolean, debug: boolean, phases: Record<string, number>): void {
  const boot = bootState();
  log.info("provider serving", { version: runtime.version, protocol: protocolVersion, tls, debug, code_cache: boot?.codeCache ?? "none" });
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
}

export async function serve(options: ServeOptions): Promise<ServingProvider> {
  const { env } = options;
  const debug = options.debug === true;
  const log = createLogger(options.stderr, levelFromEnv(env, debug ? "info" : "warn"));
  const signals = options.manageProcess ? handleSignals(debug, log, options.onExit) : {};
  const phases: Record<string, number> = { entered: processMs() };

  const protocolVersion = checkPluginEnvironment(env, debug);

  const { createServer, connectionInjector } = require("./server") as typeof import("./server");
  const runtime = new ProviderRuntime({
    log,
    version: providerVersion(),
    readDelayMs: options.readDelayMs,
    // Not in the training run: a changed V8 flag would change the flag hash written into the code cache.
    onFirstRead: options.manageProcess && bootState()?.codeCache !== "writing" ? pinYoungGeneration : undefined,
  });
  let stopping: Promise<void> | undefined;
  const server = createServer(runtime, { onShutdown: () => void shutdown("GRPCController/Shutdown") });
  phases.loaded = processMs();

  const socket = await openSocket(env, debug, connectionInjector(server), log);
  phases.bound = processMs();

  function shutdown(reason: string): Promise<void> {
    if (stopping) return stopping;
    log.debug("shutting down", { reason });
    stopping = new Promise<void>((resolve) => {
      runtime.stop();
      socket.listener.close();
      const force = setTimeout(() => server.forceShutdown(), FORCE_SHUTDOWN_MS);
      force.unref();
      server.tryShutdown(() => {
        clearTimeout(force);
        socket.cleanup();
        resolve();
      });
    }).then(() => options.onExit(0));
    return stopping;
  }

  const { address, network } = socket.listener;
  const handshakeLine = formatHandshakeLine({ protocolVersion, network, address, certificateDer: socket.certificateDer });
  announce(options, handshakeLine, socket.listener);
  logStarted(log, runtime, protocolVersion, socket.certificateDer !== undefined, debug, phases);

  signals.stop = shutdown;
  if (options.manageProcess) {
    if (!debug) watchParent(() => void shutdown("parent process exited"));
    process.on("exit", socket.cleanup);
  }
  return { address, handshakeLine, shutdown };
}
