/**
 * The Terraform CLI configuration that installs `cdktf-coder/codersecrets` from the mirror and everything else as
 * usual, and how it reaches a file: `DIR/terraformrc` is written when it is new or was written here before; a
 * user's own configuration is merged into only when asked (`--cli-config FILE`) and only when that needs no
 * judgement. Anything else is left as it is, and the block is handed back for a person to add.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { replaceFileAtomically } from "../boot/atomic-file";

/** The lines around the block in a file this installer wrote or merged into; a later install replaces what is between. */
export const BLOCK_BEGIN = "# BEGIN cdktf-coder-secrets install-provider (replaced on reinstall)";
export const BLOCK_END = "# END cdktf-coder-secrets install-provider";
const HEADER = "# Terraform CLI configuration written by `cdktf-coder-secrets install-provider`.";

function hclString(s: string): string {
  return JSON.stringify(s);
}

/** The `provider_installation` block: the mirror for `providerAddress`, direct installation for the rest. */
export function providerInstallationBlock(mirrorDir: string, providerAddress: string): string {
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${hclString(mirrorDir)}`,
    `    include = [${hclString(providerAddress)}]`,
    "  }",
    "  direct {",
    `    exclude = [${hclString(providerAddress)}]`,
    "  }",
    "}",
  ].join("\n");
}

function markedBlock(block: string): string {
  return `${BLOCK_BEGIN}\n${block}\n${BLOCK_END}\n`;
}

/** The whole of a CLI configuration file this installer owns (`DIR/terraformrc`). */
export function cliConfigFile(mirrorDir: string, providerAddress: string): string {
  return `${HEADER}\n# Use it with: export TF_CLI_CONFIG_FILE=<this file>\n${markedBlock(providerInstallationBlock(mirrorDir, providerAddress))}`;
}

export type CliConfigAction =
  /** The file did not exist: written. */
  | "written"
  /** The file held this installer's block (or was all its own): the block replaced, the rest kept. */
  | "updated"
  /** A user's configuration without a provider_installation block: the block appended, the rest kept. */
  | "merged"
  /** Left unchanged: `reason` says why, and the block is for the user to add. */
  | "printed";

export interface CliConfigResult {
  readonly file: string;
  readonly action: CliConfigAction;
  readonly block: string;
  readonly reason?: string;
}

/** Replaces the configuration atomically (a reader never sees half of it), keeping its mode. */
function writeAtomically(file: string, text: string): void {
  replaceFileAtomically(file, text, fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : 0o644);
}

/** Whether `text` has its own provider_installation block (Terraform allows one per configuration). */
function hasProviderInstallation(text: string): boolean {
  return /^[ \t]*"?provider_installation"?\s*[{:=[]/m.test(text.replace(/^[ \t]*(#|\/\/).*$/gm, ""));
}

/**
 * Puts the block for `mirrorDir` into `file`. `merge`: the file is the user's own configuration, and the block may be
 * appended to it; otherwise (`DIR/terraformrc`) a file this installer did not write is left alone.
 */
export function writeCliConfig(file: string, mirrorDir: string, providerAddress: string, merge: boolean): CliConfigResult {
  const block = providerInstallationBlock(mirrorDir, providerAddress);
  const result = (action: CliConfigAction, reason?: string): CliConfigResult => ({ file, action, block, ...(reason ? { reason } : {}) });
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeAtomically(file, merge ? markedBlock(block) : cliConfigFile(mirrorDir, providerAddress));
    return result("written");
  }
  const begin = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END, begin);
  if (begin >= 0 && end > begin) {
    writeAtomically(file, text.slice(0, begin) + markedBlock(block) + text.slice(end + BLOCK_END.length).replace(/^\n/, ""));
    return result("updated");
  }
  if (!merge && text.startsWith(HEADER)) {
    writeAtomically(file, cliConfigFile(mirrorDir, providerAddress));
    return result("updated");
  }
  if (!merge) return result("printed", "it exists and was not written by install-provider");
  if (file.endsWith(".json")) return result("printed", "it is a JSON configuration (add the block in its JSON form)");
  if (hasProviderInstallation(text)) {
    return result("printed", "it already has a provider_installation block (Terraform allows one): add the filesystem_mirror and direct exclude lines to it");
  }
  writeAtomically(file, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}\n${markedBlock(block)}`);
  return result("merged");
}

/**
 * The CLI configuration Terraform reads for this user when TF_CLI_CONFIG_FILE is not pointed at ours: the file
 * TF_CLI_CONFIG_FILE names, or `~/.terraformrc` (`%APPDATA%/terraform.rc` on Windows) when it exists.
 */
export function userCliConfig(env: NodeJS.ProcessEnv = process.env, home: string = env.HOME ?? os.homedir()): string | undefined {
  const named = env.TF_CLI_CONFIG_FILE;
  if (named) return path.resolve(named);
  const file = process.platform === "win32" ? path.join(env.APPDATA ?? home, "terraform.rc") : path.join(home, ".terraformrc");
  return fs.existsSync(file) ? file : undefined;
}
