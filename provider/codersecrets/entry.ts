/**
 * Starts the provider process (used by main.ts, the bundle entry, and by `cdktf-coder-secrets provider`).
 * `--debug` serves in reattach mode. Nothing may reach stdout before the handshake line.
 */
import { InjectedNodeOptionsError, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, NotAPluginClientError, ProtocolVersionError } from "./handshake";
import { serve, ServeOptions } from "./serve";

const FAILED_TO_START = "codersecrets provider failed to start: ";

function failureReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a failed start reads on stderr: a plugin-client mistake explains itself, anything else names the cause. */
export function startupFailureMessage(err: unknown): string {
  const explainsItself = err instanceof NotAPluginClientError || err instanceof ProtocolVersionError || err instanceof InjectedNodeOptionsError;
  return `${explainsItself ? "" : FAILED_TO_START}${failureReason(err)}\n`;
}

/**
 * The reason as one stdout line in place of the handshake: go-plugin quotes a first stdout line that is not a
 * handshake in the error Terraform prints ("Unrecognized remote plugin message: …"), while a plugin's stderr stays
 * in Terraform's debug log. One line, and no `|`, so it can never parse as a handshake.
 */
export function startupFailureLine(err: unknown): string {
  return `${FAILED_TO_START}${failureReason(err).replace(/\s+/g, " ").replace(/\|/g, "/").trim()}\n`;
}

/**
 * Serves; if the start fails, reports why on stderr and, when a plugin client started us and no handshake line went
 * out, also as the stdout line Terraform shows; then calls `onFailed`.
 */
function serveOrReport(options: ServeOptions, onFailed: () => void): void {
  let stdoutUsed = false;
  serve({
    ...options,
    stdout: (text) => {
      stdoutUsed = true;
      options.stdout(text);
    },
  }).catch((err: unknown) => {
    options.stderr(startupFailureMessage(err));
    if (!stdoutUsed && !options.debug && options.env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE) options.stdout(startupFailureLine(err));
    onFailed();
  });
}

/** The streams and environment a provider is served with: `process` itself, or the CLI's io. */
export interface ProviderIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * Serves the provider on `io` (`--debug` in `argv`: reattach mode); `done` gets the exit code: 0 after a shutdown,
 * 1 when the start failed. `manageProcess`: signal handlers and the parent watch on `process`.
 */
export function serveProvider(io: ProviderIo, argv: readonly string[], manageProcess: boolean, done: (code: number) => void): void {
  serveOrReport(
    {
      env: io.env,
      stdout: (text) => io.stdout.write(text),
      stderr: (text) => io.stderr.write(text),
      debug: argv.includes("--debug"),
      manageProcess,
      onExit: done,
    },
    () => done(1),
  );
}

export function runProviderProcess(argv: readonly string[]): void {
  serveProvider(process, argv, true, (code) => process.exit(code));
}
