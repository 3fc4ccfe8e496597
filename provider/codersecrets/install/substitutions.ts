/**
 * Modules replaced inside the provider bundle (install/bundle.ts applies them with an esbuild plugin). Each one is
 * a module grpc-js loads at start-up for a feature this plugin server never uses; Terraform starts the provider
 * 3 times per plan and 4 per apply, and every start reads, hashes and compiles the bundle and evaluates what it
 * requires (bench/provider.ts measures a start). A stand-in either fails loudly when called or loads the real
 * module on first use, so a wrong guess costs speed or gives a named error, never a silent change in behaviour.
 */

export interface ModuleSubstitution {
  /** Shown in the bundle as the module's path, and in errors. */
  readonly name: string;
  /** The import as written in the importing module. */
  readonly request: RegExp;
  /** The importing module's path. */
  readonly importer: RegExp;
  /** CommonJS source of the stand-in. */
  readonly contents: string;
}

const GRPC_JS_SRC = String.raw`[\\/]@grpc[\\/]grpc-js[\\/]build[\\/]src[\\/]`;

/**
 * grpc-js's channelz.js and orca.js require its client factory (make-client.js) at load time, and with it the
 * whole client: channels, subchannels, name resolvers, load balancers, retries, node:http and node:dns (a quarter
 * of the bundle). They call it only to turn the proto-loader definitions of the channelz/ORCA admin services into
 * service objects, and this server registers neither (proto-loader itself is left out for the same reason).
 */
export const GRPC_CLIENT_FACTORY: ModuleSubstitution = {
  name: "codersecrets-stub:grpc-js-make-client",
  request: /^\.\/make-client(\.js)?$/,
  importer: new RegExp(`${GRPC_JS_SRC}(channelz|orca)\\.js$`),
  contents: [
    "exports.loadPackageDefinition = function () {",
    '  throw new Error("codersecrets provider bundle: the grpc-js client (channelz/ORCA admin services) is not bundled");',
    "};",
  ].join("\n"),
};

/**
 * grpc-js's server-interceptors.js requires node:zlib to inflate messages a client sent compressed; Terraform
 * never compresses. The stand-in loads node:zlib on the first property read. A small saving: ~1 ms to load after
 * node:http2 here, too little to see in 80 interleaved starts; kept because it costs nothing at run time and a
 * test (test/provider/bundle.test.ts) proves compressed requests still work.
 */
export const LAZY_ZLIB: ModuleSubstitution = {
  name: "codersecrets-stub:lazy-zlib",
  request: /^(node:)?zlib$/,
  importer: new RegExp(`${GRPC_JS_SRC}server-interceptors\\.js$`),
  contents: [
    "let zlib;",
    'module.exports = new Proxy({}, { get(_, key) { zlib = zlib || require("zlib"); return zlib[key]; } });',
  ].join("\n"),
};

export const PROVIDER_SUBSTITUTIONS: readonly ModuleSubstitution[] = [GRPC_CLIENT_FACTORY, LAZY_ZLIB];

interface EsbuildPluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string; importer: string }) => { path: string; namespace: string } | undefined): void;
  onLoad(options: { filter: RegExp; namespace: string }, callback: (args: { path: string }) => { contents: string; loader: "js" }): void;
}

const NAMESPACE = "codersecrets-stub";

/** An esbuild plugin applying `substitutions`; an import that matches none resolves as usual. */
export function substitutionPlugin(substitutions: readonly ModuleSubstitution[]): { name: string; setup(build: EsbuildPluginBuild): void } {
  const byName = new Map(substitutions.map((s) => [s.name, s]));
  return {
    name: "codersecrets-module-substitutions",
    setup(build) {
      // One filter for all requests: esbuild calls into JavaScript only for imports that may match.
      const filter = new RegExp(substitutions.map((s) => `(?:${s.request.source})`).join("|"));
      build.onResolve({ filter }, (args) => {
        const hit = substitutions.find((s) => s.request.test(args.path) && s.importer.test(args.importer));
        return hit ? { path: hit.name, namespace: NAMESPACE } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: byName.get(args.path)!.contents, loader: "js" }));
    },
  };
}
