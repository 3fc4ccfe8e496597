import { parseCommandArgs } from "../args";
import type { Command, CliIo } from "../io";

const USAGE = `Usage: cdktf-coder-secrets provider [--debug]

Serves the codersecrets Terraform provider (tfplugin6 over gRPC). Terraform starts it; running it by hand
prints an explanation and exits 1.

  --debug   serve in reattach mode: prints a TF_REATTACH_PROVIDERS value to export before running terraform,
            and serves until Ctrl-C (plaintext on a private unix socket; for development).

Logs go to stderr at the level of TF_LOG_PROVIDER or TF_LOG. Secret values are never logged.`;

export const command: Command = {
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    parseCommandArgs(argv, { options: { debug: "boolean" } });
    // Loaded only now: `provider` must start fast and must print nothing to stdout before the handshake line.
    const { serveProvider } = require("../../provider/codersecrets/entry") as typeof import("../../provider/codersecrets/entry");
    const ownsProcess = io.stdout === process.stdout;
    return new Promise<number>((resolve) => {
      serveProvider(io, argv, ownsProcess, (code) => (ownsProcess ? process.exit(code) : resolve(code)));
    });
  },
};
