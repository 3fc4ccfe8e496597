/**
 * The subcommands: each one's name and one-line summary (the `--help` listing; README's command list is tested
 * against it), and how to load it. Loaded lazily: `provider` is started by Terraform three times per plan, so it
 * must not pay for loading the injector or the decoder (and vice versa), which is why the summaries live here and
 * not in the command modules.
 */
import type { Command } from "./io";

export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Command;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  decode: {
    summary: "print a manifest's targets, sizes and fingerprints (never values)",
    load: () => require("./commands/decode").command,
  },
  inject: {
    summary: "write a manifest's file secrets into the workspace (0600, atomic, no symlinks)",
    load: () => require("./commands/inject").command,
  },
  provider: {
    summary: "serve the codersecrets Terraform provider (started by Terraform)",
    load: () => require("./commands/provider").command,
  },
  "install-provider": {
    summary: "write a Terraform filesystem mirror with the codersecrets provider",
    load: () => require("./commands/install-provider").command,
  },
  init: {
    summary: "write a starter template project into a new directory",
    load: () => require("./commands/init").command,
  },
};

/** The command list of `--help`: `  NAME  summary`, names padded to one width. */
export function commandListing(): string[] {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
}
