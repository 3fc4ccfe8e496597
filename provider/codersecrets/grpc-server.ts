/**
 * The part of @grpc/grpc-js the provider process uses: the server, its (insecure, see listener.ts) credentials and
 * the status codes. Imported from grpc-js's own modules rather than its index, which also loads and registers the
 * client, channels, name resolvers (dns) and load balancers: code a plugin server never runs, but would evaluate
 * at each of Terraform's 3 launches per plan. The types are grpc-js's own. Clients use the package index.
 */
export { Server } from "@grpc/grpc-js/build/src/server";
export type { ServerOptions, UntypedServiceImplementation } from "@grpc/grpc-js/build/src/server";
export { ServerCredentials } from "@grpc/grpc-js/build/src/server-credentials";
export { Status } from "@grpc/grpc-js/build/src/constants";
export type { handleUnaryCall, sendUnaryData, ServerUnaryCall, ServerWritableStream } from "@grpc/grpc-js/build/src/server-call";
export type { ServiceDefinition, MethodDefinition } from "@grpc/grpc-js/build/src/make-client";
