import { COMMANDS, commandListing } from "./command-table";
import { CliIo, UsageError, processIo } from "./io";
import { providerVersion } from "../provider/codersecrets/version";

const PROGRAM = "cdktf-coder-secrets";

export function helpText(): string {
  return [
    "Usage: cdktf-coder-secrets <command> [options]",
    "       cdktf-coder-secrets --version",
    "",
    "Commands:",
    ...commandListing(),
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
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) return usageError(io, name.startsWith("-") ? UsageError.unknownOption(name) : UsageError.unknownCommand(name));
  const command = entry.load();
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
