import { Command, CliIo, UsageError, processIo } from "./io";

/**
 * Subcommands, loaded lazily: `provider` is started by Terraform three times per plan, so it must not pay for
 * loading the injector or the decoder (and vice versa).
 */
const COMMANDS: Record<string, () => Command> = {
  decode: () => require("./commands/decode").command,
  inject: () => require("./commands/inject").command,
  provider: () => require("./commands/provider").command,
  "install-provider": () => require("./commands/install-provider").command,
};

const SUMMARIES: Record<keyof typeof COMMANDS, string> = {
  decode: "print a manifest's targets, sizes and fingerprints (never values)",
  inject: "write a manifest's file secrets into the workspace (0600, atomic, no symlinks)",
  provider: "serve the codersecrets Terraform provider (started by Terraform)",
  "install-provider": "write a Terraform filesystem mirror with the codersecrets provider",
};

export function helpText(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((n) => n.length));
  const lines = Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    "Usage: cdktf-coder-secrets <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `cdktf-coder-secrets <command> --help` for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`cdktf-coder-secrets: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  const command = load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`cdktf-coder-secrets ${name}: ${err.message}\n${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}
