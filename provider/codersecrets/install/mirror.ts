/**
 * Writes a Terraform filesystem mirror (unpacked layout) holding this provider, and a CLI configuration that
 * installs `cdktf-coder/codersecrets` from it and everything else as usual:
 *
 *   DIR/mirror/registry.terraform.io/cdktf-coder/codersecrets/<version>/<os>_<arch>/terraform-provider-codersecrets_v<version>
 *   DIR/terraformrc
 *
 * The executable is an `exec` launcher (Terraform kills providers by PID: a wrapper that does not exec would orphan
 * node and hang Terraform) for the boot entry, which runs the bundled server next to it from a V8 code cache made
 * by a training run here (boot/); or a Node single executable (`standalone`).
 */
import * as fs from "fs";
import * as path from "path";
import { PROVIDER_REGISTRY_HOST, PROVIDER_SOURCE, providerVersion } from "../version";
import { BOOT_FILE, BUNDLE_FILE, CODE_CACHE_FILE } from "../boot/layout";
import { bundleBoot, bundleProvider, canBundle, providerEntry } from "./bundle";
import { trainCodeCache, TrainingSession } from "./code-cache";
import { terraformPlatform } from "./platform";
import { buildStandaloneExecutable } from "./sea";

export const PROVIDER_ADDRESS = `${PROVIDER_REGISTRY_HOST}/${PROVIDER_SOURCE}`;

export interface InstallOptions {
  readonly dir: string;
  readonly standalone?: boolean;
  /** The node binary the launcher runs (default: the running one, with `node` on PATH as fallback). */
  readonly nodeBinary?: string;
  readonly version?: string;
  readonly platform?: string;
  /**
   * Write the bundle's V8 code cache with a training run of the installed provider (also a start-up check).
   * Skipped for another platform than this one, where the provider cannot run here.
   * @default true
   */
  readonly codeCache?: boolean;
}

export interface InstalledMirror {
  readonly mirrorDir: string;
  readonly packageDir: string;
  readonly executable: string;
  readonly cliConfig: string;
  readonly version: string;
  readonly platform: string;
  readonly kind: "bundle" | "unbundled" | "standalone";
  /** The code cache file, when one was written. */
  readonly codeCacheFile: string | undefined;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Environment the launcher removes before node starts. NODE_OPTIONS could `--require` code into a process that
 * holds secrets, and any V8 flag in it voids both node's code cache and ours (~45 ms a start, measured);
 * NODE_EXTRA_CA_CERTS makes node 20 parse a CA bundle at every start (~40 ms with Debian's) for outbound TLS
 * that this provider never makes: it only serves Terraform.
 */
export const LAUNCHER_UNSET_ENV = ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS"] as const;

/**
 * The provider trusts no certificate authority: it pins the one client certificate Terraform hands it
 * (listener.ts). Node 20 still fills every TLS context with its ~140 bundled root certificates, parsed from PEM
 * (~25 ms a start here); `--use-openssl-ca` with empty OpenSSL locations makes that store empty instead. A node
 * option, not a V8 flag: the code caches stay valid.
 */
export const LAUNCHER_NODE_ARGS = ["--use-openssl-ca"] as const;
export const LAUNCHER_SET_ENV = { SSL_CERT_FILE: "/dev/null", SSL_CERT_DIR: "/dev/null" } as const;

export function launcherScript(nodeBinary: string, script: string): string {
  const node = shQuote(nodeBinary);
  const args = LAUNCHER_NODE_ARGS.join(" ");
  return [
    "#!/bin/sh",
    "# codersecrets Terraform provider launcher, written by `cdktf-coder-secrets install-provider`.",
    "# It must exec: Terraform stops providers by PID, and a shell left in between would orphan node and hang Terraform.",
    "# The provider runs without NODE_OPTIONS (no code or V8 flags injected into a process that holds secrets) and",
    "# without NODE_EXTRA_CA_CERTS (it makes no outbound TLS; node would parse that CA file at every start).",
    `unset ${LAUNCHER_UNSET_ENV.join(" ")}`,
    "# It trusts no CA (it pins Terraform's client certificate): an empty OpenSSL store instead of node's bundled roots.",
    `export ${Object.entries(LAUNCHER_SET_ENV).map(([k, v]) => `${k}=${v}`).join(" ")}`,
    `script=${script.startsWith("/") ? shQuote(script) : `"\${0%/*}/${script}"`}`,
    `if [ -x ${node} ]; then exec ${node} ${args} "$script" "$@"; fi`,
    `exec node ${args} "$script" "$@"`,
    "",
  ].join("\n");
}

function hclString(s: string): string {
  return JSON.stringify(s);
}

export function cliConfig(mirrorDir: string): string {
  return [
    "# Terraform CLI configuration written by `cdktf-coder-secrets install-provider`.",
    "# Use it with: export TF_CLI_CONFIG_FILE=<this file>",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${hclString(mirrorDir)}`,
    `    include = [${hclString(PROVIDER_ADDRESS)}]`,
    "  }",
    "  direct {",
    `    exclude = [${hclString(PROVIDER_ADDRESS)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

export interface BootPackageOptions {
  readonly nodeBinary: string;
  /** Run the code cache training run (also a start-up check). */
  readonly train: boolean;
  /** What the training run asks of the server. @default a Terraform plan and apply (install/code-cache.ts) */
  readonly session?: TrainingSession;
}

/**
 * Writes the launcher `executable` and, beside it, the boot entry, the bundle (`writeBundle` puts it at the path it
 * is given) and, when `train`, the bundle's code cache. Returns whether a code cache was written. Used by the
 * installer, and by bench/ for its baseline server, so both start the same way.
 */
export async function writeBootPackage(executable: string, writeBundle: (file: string) => Promise<void>, options: BootPackageOptions): Promise<boolean> {
  const dir = path.dirname(executable);
  await writeBundle(path.join(dir, BUNDLE_FILE));
  await bundleBoot(path.join(dir, BOOT_FILE));
  fs.writeFileSync(executable, launcherScript(options.nodeBinary, BOOT_FILE), { mode: 0o755 });
  if (!options.train) return false;
  await trainCodeCache(executable, path.join(dir, BUNDLE_FILE), path.join(dir, CODE_CACHE_FILE), options.session);
  return true;
}

export async function installProvider(options: InstallOptions): Promise<InstalledMirror> {
  const version = options.version ?? providerVersion();
  const platform = options.platform ?? terraformPlatform();
  const dir = path.resolve(options.dir);
  const mirrorDir = path.join(dir, "mirror");
  const packageDir = path.join(mirrorDir, PROVIDER_REGISTRY_HOST, PROVIDER_SOURCE, version, platform);
  const executable = path.join(packageDir, `terraform-provider-codersecrets_v${version}`);
  // Build into a sibling directory, then swap: a failed build leaves the previous install intact.
  const staging = `${packageDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  let kind: InstalledMirror["kind"];
  let codeCache = false;
  try {
    const stagedExe = path.join(staging, path.basename(executable));
    if (options.standalone) {
      await buildStandaloneExecutable(stagedExe, options.nodeBinary);
      kind = "standalone";
    } else {
      const node = options.nodeBinary ?? process.execPath;
      if (canBundle()) {
        const train = options.codeCache !== false && platform === terraformPlatform();
        codeCache = await writeBootPackage(stagedExe, bundleProvider, { nodeBinary: node, train });
        kind = "bundle";
      } else {
        const entry = providerEntry();
        if (!entry.endsWith(".js")) throw new Error("no bundler and no compiled provider: run `npm run build` first");
        fs.writeFileSync(stagedExe, launcherScript(node, entry), { mode: 0o755 });
        kind = "unbundled";
      }
    }
    fs.rmSync(packageDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(packageDir), { recursive: true });
    fs.renameSync(staging, packageDir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const cliConfigFile = path.join(dir, "terraformrc");
  fs.writeFileSync(cliConfigFile, cliConfig(mirrorDir));
  const codeCacheFile = codeCache ? path.join(packageDir, CODE_CACHE_FILE) : undefined;
  return { mirrorDir, packageDir, executable, cliConfig: cliConfigFile, version, platform, kind, codeCacheFile };
}
