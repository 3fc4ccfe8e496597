/** gRPC service definitions (paths and codecs) for the services the provider registers. */
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { messageCodec } from "./codec";

interface MethodSpec {
  readonly request: string;
  readonly response: string;
  readonly responseStream?: boolean;
}

function service(fullServiceName: string, methods: Record<string, MethodSpec>): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, spec] of Object.entries(methods)) {
    const req = messageCodec<unknown>(spec.request);
    const res = messageCodec<unknown>(spec.response);
    definition[name] = {
      path: `/${fullServiceName}/${name}`,
      requestStream: false,
      responseStream: spec.responseStream === true,
      requestSerialize: (v) => req.serialize(v),
      requestDeserialize: (b) => req.deserialize(b),
      responseSerialize: (v) => res.serialize(v),
      responseDeserialize: (b) => res.deserialize(b),
      originalName: name,
    };
  }
  return definition as ServiceDefinition;
}

const rpc = (name: string): MethodSpec => ({ request: `tfplugin6.${name}.Request`, response: `tfplugin6.${name}.Response` });

/** RPCs of `tfplugin6.Provider` this provider answers; any other path gets UNIMPLEMENTED from grpc-js. */
export const PROVIDER_RPCS = [
  "GetMetadata",
  "GetProviderSchema",
  "ValidateProviderConfig",
  "ValidateDataResourceConfig",
  "GetResourceIdentitySchemas",
  "ConfigureProvider",
  "ReadDataSource",
  "GetFunctions",
  "StopProvider",
] as const;
export type ProviderRpc = (typeof PROVIDER_RPCS)[number];

export function providerService(): ServiceDefinition {
  return service("tfplugin6.Provider", Object.fromEntries(PROVIDER_RPCS.map((n) => [n, rpc(n)])));
}

export function controllerService(): ServiceDefinition {
  return service("plugin.GRPCController", { Shutdown: { request: "plugin.Empty", response: "plugin.Empty" } });
}

export function stdioService(): ServiceDefinition {
  return service("plugin.GRPCStdio", { StreamStdio: { request: "plugin.Empty", response: "plugin.StdioData", responseStream: true } });
}

export function healthService(): ServiceDefinition {
  return service("grpc.health.v1.Health", {
    Check: { request: "grpc.health.v1.HealthCheckRequest", response: "grpc.health.v1.HealthCheckResponse" },
  });
}
