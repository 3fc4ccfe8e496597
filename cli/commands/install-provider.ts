import type { Command, CliIo } from "../io";
import { parseCommandArgs } from "../args";
import { UsageError } from "../io";

const USAGE = `Usage: cdktf-coder-secrets install-provider --dir DIR [--standalone]

Writes a Terraform filesystem mirror with the codersecrets provider for this platform, and a CLI configuration:

  DIR/mirror/registry.terraform.io/cdktf-coder/codersecrets/<version>/<os>_<arch>/terraform-provider-codersecrets_v<version>
  DIR/terraformrc    (filesystem_mirror for cdktf-coder/codersecrets, direct for everything else)

Then, offline:  TF_CLI_CONFIG_FILE=DIR/terraformrc terraform init

  --standalone   a Node single executable (~100 MB) instead of a launcher for the bundled provider:
                 for hosts without Node.js (e.g. Coder provisioners). Build it on the target OS/arch.

The last stdout line is the provider source address to put in required_providers.`;

function parseArgs(argv: readonly string[]): { dir: string; standalone: boolean } {
  const { options } = parseCommandArgs(argv, { options: { dir: "string", standalone: "boolean" } });
  if (!options.dir) throw UsageError.missingOption("--dir DIR");
  return { dir: options.dir, standalone: options.standalone ?? false };
}

export const command: Command = {
  summary: "write a Terraform filesystem mirror with the codersecrets provider",
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { dir, standalone } = parseArgs(argv);
    const { installProvider } = require("../../provider/codersecrets/install/mirror") as typeof import("../../provider/codersecrets/install/mirror");
    const { PROVIDER_SOURCE } = require("../../provider/codersecrets/version") as typeof import("../../provider/codersecrets/version");
    try {
      const installed = await installProvider({ dir, standalone });
      io.stderr.write(
        `installed codersecrets ${installed.version} (${installed.kind}) for ${installed.platform}:\n` +
          `  ${installed.executable}\n` +
          `CLI configuration: ${installed.cliConfig}\n` +
          `  export TF_CLI_CONFIG_FILE=${installed.cliConfig}\n`,
      );
      io.stdout.write(`${PROVIDER_SOURCE}\n`);
      return 0;
    } catch (err) {
      io.stderr.write(`cdktf-coder-secrets install-provider: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  },
};
