import { CODERSECRETS_SOURCE } from "../../lib/core/provider-address";
import type { Command, CliIo } from "../io";
import { parseCommandArgs } from "../args";
import { UsageError } from "../io";

const USAGE = `Usage: cdktf-coder-secrets install-provider --dir DIR [--standalone] [--cli-config FILE]

Writes a Terraform filesystem mirror with the codersecrets provider for this platform, and a CLI configuration:

  DIR/mirror/registry.terraform.io/cdktf-coder/codersecrets/<version>/<os>_<arch>/   the provider package
      (the same bytes on every install of one version, so a .terraform.lock.hcl made anywhere verifies here)
  DIR/runtime/codersecrets_<version>_<os>_<arch>/   the node it runs on and its code cache (this machine's)
  DIR/terraformrc    (filesystem_mirror for cdktf-coder/codersecrets, direct for everything else)

Then, offline:  TF_CLI_CONFIG_FILE=DIR/terraformrc terraform init

  --standalone        a private copy of this node (~100 MB) in DIR/runtime instead of a link to it: for hosts
                      without Node.js (e.g. Coder provisioners). Build it on the target OS/arch.
  --cli-config FILE   merge the provider_installation block into your own CLI configuration (e.g. ~/.terraformrc)
                      instead of writing DIR/terraformrc. A file that already has a provider_installation block
                      is left unchanged and the block is printed for you to add.

An existing DIR/terraformrc that install-provider did not write is never replaced: the block is printed instead.
The last stdout line is the provider source address to put in required_providers.`;

interface Args {
  readonly dir: string;
  readonly standalone: boolean;
  readonly cliConfig: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const { options } = parseCommandArgs(argv, { options: { dir: "string", standalone: "boolean", "cli-config": "string" } });
  if (!options.dir) throw UsageError.missingOption("--dir DIR");
  if (options["cli-config"] === "") throw UsageError.missingValue("--cli-config");
  return { dir: options.dir, standalone: options.standalone ?? false, cliConfig: options["cli-config"] };
}

export const command: Command = {
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { dir, standalone, cliConfig } = parseArgs(argv);
    const { installProvider } = require("../../provider/codersecrets/install/mirror") as typeof import("../../provider/codersecrets/install/mirror");
    const { userCliConfig } = require("../../provider/codersecrets/install/cli-config") as typeof import("../../provider/codersecrets/install/cli-config");
    try {
      const installed = await installProvider({ dir, standalone, ...(cliConfig ? { cliConfig } : {}) });
      const config = installed.cliConfigResult;
      const lines = [`installed codersecrets ${installed.version} (${installed.kind}) for ${installed.platform}:`, `  ${installed.executable}`];
      if (config.action === "printed") {
        lines.push(
          `CLI configuration: ${config.file} left unchanged (${config.reason}). Add this block to it:`,
          ...config.block.split("\n").map((l) => `  ${l}`),
        );
      } else {
        const what = { written: "written", updated: "updated (the install-provider block replaced)", merged: "merged into (the block appended, the rest kept)" }[config.action];
        lines.push(`CLI configuration ${what}: ${config.file}`);
      }
      if (!cliConfig) {
        lines.push(`  export TF_CLI_CONFIG_FILE=${config.file}`);
        const own = userCliConfig(io.env);
        if (own && own !== config.file) {
          lines.push(
            `Note: with TF_CLI_CONFIG_FILE set to it, Terraform ignores your own CLI configuration ${own}.`,
            `  To keep it, run again with --cli-config ${own} (merges the block into it), or add the block yourself.`,
          );
        }
      }
      io.stderr.write(`${lines.join("\n")}\n`);
      io.stdout.write(`${CODERSECRETS_SOURCE}\n`);
      return 0;
    } catch (err) {
      io.stderr.write(`cdktf-coder-secrets install-provider: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  },
};
