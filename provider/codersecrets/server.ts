/**
 * The gRPC server: registers tfplugin6.Provider (one handler module per RPC), go-plugin's controller and stdio
 * services and the health service, with a wrapper that turns every failure into a gRPC error instead of a crash,
 * links each call to StopProvider and client cancellation, and logs RPC names and timings (never payloads).
 */
import * as grpc from "@grpc/grpc-js";
import type { Duplex } from "stream";
import { emptyResponse } from "./handlers/empty";
import { getMetadata } from "./handlers/get-metadata";
import { getProviderSchema } from "./handlers/get-provider-schema";
import { stopProvider } from "./handlers/stop-provider";
import type { HealthCheckRequest, HealthCheckResponse } from "./protocol/messages";
import { controllerService, healthService, providerService, ProviderRpc, stdioService } from "./protocol/services";
import { CallContext, ProviderRuntime } from "./runtime";
import { processMs } from "./boot/clock";
import { MAX_REQUEST_BYTES } from "./manifest/request-size";

type Handler = (request: never, ctx: CallContext) => unknown;

/**
 * Loads a handler module on its first call: Terraform's first provider process only asks for the schema, so the
 * msgpack codec and the secret core are loaded by the processes that need them (esbuild keeps this lazy).
 */
function lazy(load: () => Handler): Handler {
  let handler: Handler | undefined;
  return (request, ctx) => (handler ??= load())(request, ctx);
}

const PROVIDER_HANDLERS: Record<ProviderRpc, Handler> = {
  GetMetadata: getMetadata,
  GetProviderSchema: getProviderSchema,
  ValidateProviderConfig: lazy(() => (require("./handlers/validate-provider-config") as typeof import("./handlers/validate-provider-config")).validateProviderConfig),
  ValidateDataResourceConfig: lazy(
    () => (require("./handlers/validate-data-resource-config") as typeof import("./handlers/validate-data-resource-config")).validateDataResourceConfig,
  ),
  GetResourceIdentitySchemas: emptyResponse,
  ConfigureProvider: lazy(() => (require("./handlers/configure-provider") as typeof import("./handlers/configure-provider")).configureProvider),
  ReadDataSource: lazy(() => (require("./handlers/read-data-source") as typeof import("./handlers/read-data-source")).readDataSource),
  GetFunctions: emptyResponse,
  StopProvider: stopProvider,
};

/** Terraform's own gRPC client accepts up to 256 MiB; the state this provider sends is a few times its manifest. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * grpc-js options of this server. Channelz off: it only feeds the channelz admin service, which this server never
 * registers, yet with it on grpc-js counts, timestamps and traces every call and session.
 */
export const SERVER_OPTIONS: grpc.ServerOptions = {
  "grpc.max_receive_message_length": MAX_REQUEST_BYTES,
  "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  "grpc.enable_channelz": 0,
};

export interface ServerHooks {
  /** plugin.GRPCController/Shutdown arrived: the reply is sent, then this runs. */
  readonly onShutdown: () => void;
}

function unary(runtime: ProviderRuntime, name: string, fn: Handler): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const started = processMs();
    const lifetime = runtime.openCall();
    call.on("cancelled", lifetime.cancel);
    const ctx: CallContext = { runtime, signal: lifetime.signal };
    runtime.log.trace("rpc start", { rpc: name });
    Promise.resolve()
      .then(() => fn(call.request as never, ctx))
      .then(
        (response) => {
          lifetime.done();
          runtime.log.trace("rpc done", { rpc: name, ms: Math.round(processMs() - started) });
          callback(null, response);
        },
        (err: unknown) => {
          lifetime.done();
          // The error's message could quote input; report only its class.
          const kind = err instanceof Error ? err.name : typeof err;
          runtime.log.error("rpc failed", { rpc: name, error: kind });
          callback({ code: grpc.status.INTERNAL, details: `codersecrets: internal error in ${name} (${kind})` });
        },
      );
  };
}

export function createServer(runtime: ProviderRuntime, hooks: ServerHooks): grpc.Server {
  const server = new grpc.Server(SERVER_OPTIONS);

  const provider: grpc.UntypedServiceImplementation = {};
  for (const [name, fn] of Object.entries(PROVIDER_HANDLERS)) provider[name] = unary(runtime, name, fn);
  server.addService(providerService(), provider);

  server.addService(controllerService(), {
    Shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      runtime.log.debug("GRPCController/Shutdown");
      callback(null, {});
      setImmediate(hooks.onShutdown);
    },
  });

  // Kept open and silent: every log line goes to stderr, which go-plugin reads anyway.
  server.addService(stdioService(), {
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.on("cancelled", () => call.end());
      call.on("error", () => undefined);
    },
  });

  server.addService(healthService(), {
    Check: (call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, callback: grpc.sendUnaryData<HealthCheckResponse>) => {
      const service = call.request.service ?? "";
      if (service === "" || service === "plugin") callback(null, { status: 1 });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    },
  });
  return server;
}

/**
 * Where listener.ts hands its connections: grpc-js serves HTTP/2 on each stream it is given. "Insecure" to grpc-js
 * only: the listener has already done TLS and the client-certificate pin, and passes the decrypted stream.
 */
export function connectionInjector(server: grpc.Server): (connection: Duplex) => void {
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  return (connection) => injector.injectConnection(connection);
}
