/**
 * Writes a Terraform filesystem mirror (unpacked layout) holding this provider, the runtime it runs on, and a CLI
 * configuration that installs `cdktf-coder/codersecrets` from the mirror and everything else as usual:
 *
 *   DIR/mirror/registry.terraform.io/cdktf-coder/codersecrets/<version>/<os>_<arch>/   the package Terraform hashes:
 *       terraform-provider-codersecrets_v<version>, codersecrets-boot.js, codersecrets-provider.js
 *   DIR/runtime/codersecrets_<version>_<os>_<arch>/   what is particular to this machine:
 *       node (a link to the installing node, or with `standalone` a copy of it), the bundle's V8 code cache
 *   DIR/terraformrc
 *
 * The package holds no absolute path and no machine-made bytes, so every install of one version hashes the same and
 * a `.terraform.lock.hcl` made anywhere verifies everywhere. The executable is an `exec` launcher (Terraform kills
 * providers by PID: a wrapper that does not exec would orphan node and hang Terraform) that finds the runtime
 * directory relative to itself (Terraform links `.terraform/providers/...` to the package directory, and the kernel
 * resolves `..` from the link's target) and runs the boot entry with it, which runs the bundle from the code cache
 * made by a training run here (boot/).
 */
import * as fs from "fs";
import * as path from "path";
import { shellSingleQuote } from "../../../lib/core/shell-quote";
import { CODERSECRETS_ADDRESS, CODERSECRETS_REGISTRY_HOST, CODERSECRETS_SOURCE } from "../../../lib/core/provider-address";
import { providerVersion } from "../version";
import { BOOT_FILE, BUNDLE_FILE, CODE_CACHE_FILE, CODE_CACHE_FLAG, RUNTIME_NODE } from "../boot/layout";
import { bundleBoot, bundleProvider, canBundle, providerEntry } from "./bundle";
import { CliConfigResult, writeCliConfig } from "./cli-config";
import { trainCodeCache, TrainingSession } from "./code-cache";
import { CODE_LOADING_ENV } from "../handshake";
import { terraformPlatform } from "./platform";
import { StandaloneBuildError, writeRuntime } from "./runtime";

export interface InstallOptions {
  readonly dir: string;
  readonly standalone?: boolean;
  /** The node binary the launcher runs (default: the running one; `node` on PATH when the runtime directory is not found). */
  readonly nodeBinary?: string;
  readonly version?: string;
  readonly platform?: string;
  /**
   * Write the bundle's V8 code cache with a training run of the installed provider (also a start-up check).
   * Skipped for another platform than this one, where the provider cannot run here.
   * @default true
   */
  readonly codeCache?: boolean;
  /**
   * A user's own Terraform CLI configuration to merge the provider_installation block into, instead of writing
   * `DIR/terraformrc` (see cli-config.ts for when it merges and when it only hands the block back).
   */
  readonly cliConfig?: string;
}

export interface InstalledMirror {
  readonly mirrorDir: string;
  /** The directory Terraform hashes into its lock file: the same bytes on every install of one version. */
  readonly packageDir: string;
  /** The node the launcher runs and the code cache: particular to this machine, outside the package. */
  readonly runtimeDir: string;
  readonly executable: string;
  /** The CLI configuration file that holds (or, when `cliConfigResult.action` is "printed", should hold) the block. */
  readonly cliConfig: string;
  readonly cliConfigResult: CliConfigResult;
  readonly version: string;
  readonly platform: string;
  readonly kind: "bundle" | "unbundled" | "standalone";
  /** The code cache file, when one was written. */
  readonly codeCacheFile: string | undefined;
}

/**
 * Environment the launcher removes before node starts. NODE_OPTIONS could `--require` code into a process that
 * holds secrets, and any V8 flag in it voids both node's code cache and ours; NODE_EXTRA_CA_CERTS makes node 20
 * parse a CA bundle at every start for outbound TLS that this provider never makes: it only serves Terraform
 * (what each costs a start: bench/README.md). CODE_LOADING_ENV (the dynamic loader's LD_PRELOAD,
 * LD_LIBRARY_PATH, LD_AUDIT and OpenSSL's OPENSSL_CONF, OPENSSL_MODULES, OPENSSL_ENGINES) would load foreign code into
 * node; they still reach the launcher's own `sh`, which never sees a secret.
 */
export const LAUNCHER_UNSET_ENV = ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", ...CODE_LOADING_ENV] as const;

/**
 * The provider trusts no certificate authority: it pins the one client certificate Terraform hands it
 * (listener.ts). Node 20 still fills every TLS context with its bundled root certificates, parsed from PEM at each
 * start; `--use-openssl-ca` with empty OpenSSL locations makes that store empty instead. A node
 * option, not a V8 flag: the code caches stay valid.
 */
export const LAUNCHER_NODE_ARGS = ["--use-openssl-ca"] as const;
export const LAUNCHER_SET_ENV = { SSL_CERT_FILE: "/dev/null", SSL_CERT_DIR: "/dev/null" } as const;

export interface LauncherOptions {
  /** The script node runs: relative to the launcher's directory, or absolute. */
  readonly script: string;
  /** The runtime directory ({@link RUNTIME_NODE}, the code cache): relative to the launcher's directory, or absolute. */
  readonly runtimeDir: string;
  /** The script is the boot entry: tell it where the code cache is. */
  readonly codeCache: boolean;
}

export function launcherScript(options: LauncherOptions): string {
  const at = (p: string) => (p.startsWith("/") ? shellSingleQuote(p) : `"$here"/${shellSingleQuote(p)}`);
  const args = [...LAUNCHER_NODE_ARGS, at(options.script), ...(options.codeCache ? [CODE_CACHE_FLAG, `"$runtime"/${shellSingleQuote(CODE_CACHE_FILE)}`] : [])];
  return [
    "#!/bin/sh",
    "# codersecrets Terraform provider launcher, written by `cdktf-coder-secrets install-provider`.",
    "# It must exec: Terraform stops providers by PID, and a shell left in between would orphan node and hang Terraform.",
    "# The provider runs without NODE_OPTIONS (no code or V8 flags injected into a process that holds secrets) and",
    "# without NODE_EXTRA_CA_CERTS (it makes no outbound TLS; node would parse that CA file at every start), and",
    "# without the loader's and OpenSSL's code-loading variables (a preloaded library or an OpenSSL module would run in it).",
    `unset ${LAUNCHER_UNSET_ENV.join(" ")}`,
    "# It trusts no CA (it pins Terraform's client certificate): an empty OpenSSL store instead of node's bundled roots.",
    `export ${Object.entries(LAUNCHER_SET_ENV).map(([k, v]) => `${k}=${v}`).join(" ")}`,
    "# The runtime directory sits outside this package (Terraform hashes every file here into its lock file): the node",
    "# to run and the code cache, both particular to this machine. Found from this file's directory; node on PATH if absent.",
    `here=\${0%/*}`,
    `runtime=${at(options.runtimeDir)}`,
    `node="$runtime"/${RUNTIME_NODE}`,
    `if [ ! -x "$node" ]; then`,
    `  command -v node >/dev/null 2>&1 || { echo "codersecrets provider: no node at $node nor on PATH; copy the whole install directory (mirror/ and runtime/) or run 'cdktf-coder-secrets install-provider' again" >&2; exit 1; }`,
    "  node=node",
    "fi",
    `exec "$node" ${args.join(" ")} "$@"`,
    "",
  ].join("\n");
}

export interface BootPackageOptions {
  readonly nodeBinary: string;
  /** Run the code cache training run (also a start-up check). */
  readonly train: boolean;
  /** What the training run asks of the server. @default a Terraform plan and apply (install/code-cache.ts) */
  readonly session?: TrainingSession;
  /** Where the node and the code cache go. @default `<the executable's directory>.runtime` */
  readonly runtimeDir?: string;
  /** Copy the node into the runtime directory instead of linking it (a host without Node.js). @default false */
  readonly copyNode?: boolean;
}

/**
 * Writes the launcher `executable` and, beside it, the boot entry and the bundle (`writeBundle` puts it at the path
 * it is given); the node into the runtime directory, and when `train` the bundle's code cache. Returns the code
 * cache file when one was written. Used by the installer, and by bench/ for its baseline server, so both start the
 * same way.
 */
export async function writeBootPackage(executable: string, writeBundle: (file: string) => Promise<void>, options: BootPackageOptions): Promise<string | undefined> {
  const dir = path.dirname(executable);
  const runtimeDir = options.runtimeDir ?? `${dir}.runtime`;
  await writeBundle(path.join(dir, BUNDLE_FILE));
  await bundleBoot(path.join(dir, BOOT_FILE));
  writeRuntime(runtimeDir, options.nodeBinary, options.copyNode ?? false);
  fs.writeFileSync(executable, launcherScript({ script: BOOT_FILE, runtimeDir: path.relative(dir, runtimeDir), codeCache: true }), { mode: 0o755 });
  if (!options.train) return undefined;
  const cacheFile = path.join(runtimeDir, CODE_CACHE_FILE);
  await trainCodeCache(executable, path.join(dir, BUNDLE_FILE), cacheFile, options.session);
  return cacheFile;
}

/** The runtime directory of an install in `dir` (see the layout at the top of this file). */
export function runtimeDirOf(dir: string, version: string, platform: string): string {
  return path.join(dir, "runtime", `codersecrets_${version}_${platform}`);
}

/** Replaces `dest` by `staged` (a directory), creating its parents. */
function swapIn(staged: string, dest: string): void {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.renameSync(staged, dest);
}

export async function installProvider(options: InstallOptions): Promise<InstalledMirror> {
  const version = options.version ?? providerVersion();
  const platform = options.platform ?? terraformPlatform();
  const dir = path.resolve(options.dir);
  const mirrorDir = path.join(dir, "mirror");
  const packagePath = [CODERSECRETS_REGISTRY_HOST, CODERSECRETS_SOURCE, version, platform];
  const packageDir = path.join(mirrorDir, ...packagePath);
  const runtimeDir = runtimeDirOf(dir, version, platform);
  const executable = path.join(packageDir, `terraform-provider-codersecrets_v${version}`);
  // Build both directories in a staging copy of DIR's layout (the launcher finds the runtime by a relative path,
  // also during the training run), then swap them in: a failed build leaves the previous install intact.
  const staging = path.join(dir, `.install-${process.pid}`);
  const stagedPackage = path.join(staging, "mirror", ...packagePath);
  const stagedRuntime = runtimeDirOf(staging, version, platform);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(stagedPackage, { recursive: true });
  let kind: InstalledMirror["kind"];
  let codeCache: string | undefined;
  try {
    const stagedExe = path.join(stagedPackage, path.basename(executable));
    const node = options.nodeBinary ?? process.execPath;
    if (canBundle()) {
      const train = options.codeCache !== false && platform === terraformPlatform();
      const written = await writeBootPackage(stagedExe, bundleProvider, { nodeBinary: node, train, runtimeDir: stagedRuntime, copyNode: options.standalone });
      codeCache = written && path.join(runtimeDir, path.relative(stagedRuntime, written));
      kind = options.standalone ? "standalone" : "bundle";
    } else {
      if (options.standalone) throw new StandaloneBuildError("a standalone install needs the bundled provider: no prebuilt bundle in this package and no esbuild");
      const entry = providerEntry();
      if (!entry.endsWith(".js")) throw new Error("no bundler and no compiled provider: run `npm run build` first");
      writeRuntime(stagedRuntime, node, false);
      fs.writeFileSync(stagedExe, launcherScript({ script: entry, runtimeDir: path.relative(stagedPackage, stagedRuntime), codeCache: false }), { mode: 0o755 });
      kind = "unbundled";
    }
    swapIn(stagedPackage, packageDir);
    swapIn(stagedRuntime, runtimeDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const cliConfigResult = options.cliConfig
    ? writeCliConfig(path.resolve(options.cliConfig), mirrorDir, CODERSECRETS_ADDRESS, true)
    : writeCliConfig(path.join(dir, "terraformrc"), mirrorDir, CODERSECRETS_ADDRESS, false);
  return { mirrorDir, packageDir, runtimeDir, executable, cliConfig: cliConfigResult.file, cliConfigResult, version, platform, kind, codeCacheFile: codeCache };
}
