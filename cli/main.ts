import { Command, CliIo, UsageError, processIo } from "./io";
import { providerVersion } from "../provider/codersecrets/version";

const PROGRAM = "cdktf-coder-secrets";

/**
 * Subcommands, loaded lazily: `provider` is started by Terraform three times per plan, so it must not pay for
 * loading the injector or the decoder (and vice versa).
 */
const COMMANDS: Record<string, () => Command> = {
  decode: () => require("./commands/decode").command,
  inject: () => require("./commands/inject").command,
  provider: () => require("./commands/provider").command,
  "install-provider": () => require("./commands/install-provider").command,
  init: () => require("./commands/init").command,
};

const SUMMARIES: Record<keyof typeof COMMANDS, string> = {
  decode: "print a manifest's targets, sizes and fingerprints (never values)",
  inject: "write a manifest's file secrets into the workspace (0600, atomic, no symlinks)",
  provider: "serve the codersecrets Terraform provider (started by Terraform)",
  "install-provider": "write a Terraform filesystem mirror with the codersecrets provider",
  init: "write a starter template project into a new directory",
};

export function helpText(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((n) => n.length));
  const lines = Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    "Usage: cdktf-coder-secrets <command> [options]",
    "       cdktf-coder-secrets --version",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `cdktf-coder-secrets <command> --help` for a command's options.",
    "",
  ].join("\n");
}

/** A usage error, the same way for every command: the problem, then where the usage is. Exit code 2. */
function usageError(io: CliIo, err: UsageError, command?: string): number {
  const who = command === undefined ? PROGRAM : `${PROGRAM} ${command}`;
  io.stderr.write(`${who}: ${err.message}\nRun "${who} --help" for usage.\n`);
  return 2;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usageError(io, UsageError.missingCommand());
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(helpText());
    return 0;
  }
  if (name === "--version") {
    io.stdout.write(`${providerVersion()}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) return usageError(io, name.startsWith("-") ? UsageError.unknownOption(name) : UsageError.unknownCommand(name));
  const command = load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, err, name);
    throw err;
  }
}
