/**
 * Starts the provider process (used by main.ts, the bundle entry, and by `cdktf-coder-secrets provider`).
 * `--debug` serves in reattach mode. Nothing may reach stdout before the handshake line.
 */
import { NotAPluginClientError, ProtocolVersionError } from "./handshake";
import { serve } from "./serve";

/** How a failed start reads on stderr: a plugin-client mistake explains itself, anything else names the cause. */
export function startupFailureMessage(err: unknown): string {
  if (err instanceof NotAPluginClientError || err instanceof ProtocolVersionError) return `${err.message}\n`;
  return `codersecrets provider failed to start: ${err instanceof Error ? err.message : String(err)}\n`;
}

export function runProviderProcess(argv: readonly string[]): void {
  serve({
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    debug: argv.includes("--debug"),
    manageProcess: true,
    onExit: (code) => process.exit(code),
  }).catch((err: unknown) => {
    process.stderr.write(startupFailureMessage(err));
    process.exit(1);
  });
}
