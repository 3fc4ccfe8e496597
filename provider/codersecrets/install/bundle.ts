/**
 * Bundles the provider into one minified CommonJS file with esbuild (a devDependency, loaded only here): a single
 * file loads faster than the module tree and is what the code cache (boot/) needs. The boot entry
 * that runs it from the code cache is bundled the same way, on its own.
 */
import * as fs from "fs";
import * as path from "path";
import { providerVersion } from "../version";

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleError";
  }
}

/** An entry module: `<name>.js` when running from dist/, `<name>.ts` from the sources. */
function entry(relative: string): string {
  for (const ext of [".js", ".ts"]) {
    const file = path.join(__dirname, "..", `${relative}${ext}`);
    if (fs.existsSync(file)) return file;
  }
  throw new BundleError(`cannot find ${relative}.js or ${relative}.ts in ${path.join(__dirname, "..")}`);
}

/** The provider entry next to this file: main.js when running from dist/, main.ts from the sources. */
export function providerEntry(): string {
  return entry("main");
}

/**
 * Where the npm package carries the bundles (dist/provider/codersecrets/bundle/<name>.js): `npm pack` writes them
 * (prepack, scripts/prebuilt-bundles.js) and removes them again from the working tree (postpack), so an install
 * from the registry, which has no esbuild (a devDependency), still gets the bundled, code-cached provider. In a
 * development tree they never exist, so the bundle is always built from the current sources.
 */
export const PREBUILT_DIR = path.join(__dirname, "..", "bundle");

type BundleName = "provider" | "boot";

function prebuilt(name: BundleName): string | undefined {
  const file = path.join(PREBUILT_DIR, `${name}.js`);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Left out of the provider bundle: grpc-js requires @grpc/proto-loader (and with it the full protobufjs with its
 * .proto parser) lazily, only to serve the channelz/ORCA admin services, which this server never registers. Every
 * start reads and hashes the bundle (boot/), so dead weight costs there. Should grpc-js ever reach for it, the
 * require fails loudly ("Cannot find module") instead of running anything unexpected.
 */
export const PROVIDER_BUNDLE_EXTERNAL = ["@grpc/proto-loader"] as const;

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ errors: { text: string }[] }>;
}

function loadEsbuild(): EsbuildApi | undefined {
  try {
    return require("esbuild") as EsbuildApi;
  } catch {
    return undefined;
  }
}

export function canBundle(): boolean {
  return (prebuilt("provider") !== undefined && prebuilt("boot") !== undefined) || loadEsbuild() !== undefined;
}

/** The boot entry is bundled on its own, with nothing left out (it uses node built-ins only). */
const BOOT_BUNDLE_OPTIONS: BundleEntryOptions = { external: [] };

function entryOf(name: BundleName): string {
  return name === "provider" ? providerEntry() : entry("boot/main");
}

function buildFresh(name: BundleName, outfile: string): Promise<void> {
  return bundleEntry(entryOf(name), outfile, name === "provider" ? {} : BOOT_BUNDLE_OPTIONS);
}

async function bundle(name: BundleName, outfile: string): Promise<void> {
  const ready = prebuilt(name);
  if (ready) {
    fs.copyFileSync(ready, outfile);
    return;
  }
  await buildFresh(name, outfile);
}

/** Builds both bundles with esbuild into `dir` (the package's {@link PREBUILT_DIR} by default); returns the files. */
export async function writePrebuiltBundles(dir: string = PREBUILT_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const name of ["provider", "boot"] as const) {
    const file = path.join(dir, `${name}.js`);
    await buildFresh(name, file);
    files.push(file);
  }
  return files;
}

export interface BundleEntryOptions {
  /** @default PROVIDER_BUNDLE_EXTERNAL */
  readonly external?: readonly string[];
}

/** Bundles any entry module the way the provider is bundled (bench/ uses it for its baseline server). */
export async function bundleEntry(entryPoint: string, outfile: string, options: BundleEntryOptions = {}): Promise<void> {
  const esbuild = loadEsbuild();
  if (!esbuild) throw new BundleError("esbuild is not installed (npm install --include=dev), and no prebuilt bundle exists");
  let result: { errors: { text: string }[] };
  try {
    result = await esbuild.build({
      entryPoints: [entryPoint],
      outfile,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify: true,
      legalComments: "eof",
      logLevel: "silent",
      define: { __CODERSECRETS_VERSION__: JSON.stringify(providerVersion()) },
      external: [...(options.external ?? PROVIDER_BUNDLE_EXTERNAL)],
    });
  } catch (err) {
    // esbuild rejects with the errors attached; keep only their texts (no source excerpts in the message).
    const errors = (err as { errors?: { text: string }[] }).errors;
    throw errors ? esbuildFailure(errors) : new BundleError(`esbuild failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (result.errors.length > 0) throw esbuildFailure(result.errors);
}

function esbuildFailure(errors: readonly { text: string }[]): BundleError {
  return new BundleError(`esbuild failed: ${errors.map((e) => e.text).join("; ")}`);
}

/** Writes the bundled provider server to `outfile`. */
export function bundleProvider(outfile: string): Promise<void> {
  return bundle("provider", outfile);
}

/** Writes the boot entry (boot/main) to `outfile`; it runs the bundle named boot/layout.ts's BUNDLE_FILE beside it. */
export function bundleBoot(outfile: string): Promise<void> {
  return bundle("boot", outfile);
}
