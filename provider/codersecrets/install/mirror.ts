/**
 * Writes a Terraform filesystem mirror (unpacked layout) holding this provider, and a CLI configuration that
 * installs `cdktf-coder/codersecrets` from it and everything else as usual:
 *
 *   DIR/mirror/registry.terraform.io/cdktf-coder/codersecrets/<version>/<os>_<arch>/terraform-provider-codersecrets_v<version>
 *   DIR/terraformrc
 *
 * The executable is an `exec` launcher for the bundled server next to it (Terraform kills providers by PID: a
 * wrapper that does not exec would orphan node and hang Terraform), or a Node single executable (`standalone`).
 */
import * as fs from "fs";
import * as path from "path";
import { PROVIDER_REGISTRY_HOST, PROVIDER_SOURCE, providerVersion } from "../version";
import { bundleProvider, canBundle, providerEntry } from "./bundle";
import { terraformPlatform } from "./platform";
import { buildStandaloneExecutable } from "./sea";

export const PROVIDER_ADDRESS = `${PROVIDER_REGISTRY_HOST}/${PROVIDER_SOURCE}`;
export const BUNDLE_FILE = "codersecrets-provider.js";

export interface InstallOptions {
  readonly dir: string;
  readonly standalone?: boolean;
  /** The node binary the launcher runs (default: the running one, with `node` on PATH as fallback). */
  readonly nodeBinary?: string;
  readonly version?: string;
  readonly platform?: string;
}

export interface InstalledMirror {
  readonly mirrorDir: string;
  readonly packageDir: string;
  readonly executable: string;
  readonly cliConfig: string;
  readonly version: string;
  readonly platform: string;
  readonly kind: "bundle" | "unbundled" | "standalone";
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function launcherScript(nodeBinary: string, script: string): string {
  const node = shQuote(nodeBinary);
  return [
    "#!/bin/sh",
    "# codersecrets Terraform provider launcher, written by `cdktf-coder-secrets install-provider`.",
    "# It must exec: Terraform stops providers by PID, and a shell left in between would orphan node and hang Terraform.",
    `script=${script.startsWith("/") ? shQuote(script) : `"\${0%/*}/${script}"`}`,
    `if [ -x ${node} ]; then exec ${node} "$script" "$@"; fi`,
    'exec node "$script" "$@"',
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
  try {
    const stagedExe = path.join(staging, path.basename(executable));
    if (options.standalone) {
      await buildStandaloneExecutable(stagedExe, options.nodeBinary);
      kind = "standalone";
    } else {
      const node = options.nodeBinary ?? process.execPath;
      let script: string;
      if (canBundle()) {
        bundleProvider(path.join(staging, BUNDLE_FILE));
        script = BUNDLE_FILE;
        kind = "bundle";
      } else {
        const entry = providerEntry();
        if (!entry.endsWith(".js")) throw new Error("no bundler and no compiled provider: run `npm run build` first");
        script = entry;
        kind = "unbundled";
      }
      fs.writeFileSync(stagedExe, launcherScript(node, script), { mode: 0o755 });
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
  return { mirrorDir, packageDir, executable, cliConfig: cliConfigFile, version, platform, kind };
}
