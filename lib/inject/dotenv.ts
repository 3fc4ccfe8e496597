/**
 * The optional env file (`inject --env-file PATH`): env-targeted secrets as `NAME='value'` lines that survive
 * `set -a; . PATH` in POSIX sh byte-exact. Inside single quotes sh takes every byte literally (`$`, `"`, `\`,
 * newlines); a `'` is written as `'\''` (close, escaped quote, reopen). NUL cannot be in an environment variable.
 */

const QUOTE = 0x27;
const utf8 = new TextEncoder();
const ESCAPED_QUOTE = utf8.encode(`'\\''`);

/** Thrown for a value that no environment variable can hold (it contains NUL). Names the variable only. */
export class EnvValueError extends Error {
  readonly envName: string;

  constructor(envName: string) {
    super(`env ${envName}: the value contains a NUL byte, which an environment variable cannot hold; deliver it as a file (file_path)`);
    this.name = "EnvValueError";
    this.envName = envName;
  }
}

/** `value` single-quoted for POSIX sh. */
export function shellSingleQuote(value: Uint8Array): Uint8Array {
  const parts: number[] = [QUOTE];
  for (const b of value) {
    if (b === QUOTE) parts.push(...ESCAPED_QUOTE);
    else parts.push(b);
  }
  parts.push(QUOTE);
  return Uint8Array.from(parts);
}

export interface EnvEntry {
  /** Already checked with Coder's env-name rule (so it is a valid sh name). */
  readonly name: string;
  readonly value: Uint8Array;
}

/** The env file's bytes; throws `EnvValueError` for a value with NUL. */
export function formatEnvFile(entries: readonly EnvEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [utf8.encode("# Written by `cdktf-coder-secrets inject --env-file`. Load with: set -a; . THIS_FILE; set +a\n")];
  for (const e of entries) {
    if (e.value.includes(0)) throw new EnvValueError(e.name);
    chunks.push(utf8.encode(`${e.name}=`), shellSingleQuote(e.value), utf8.encode("\n"));
  }
  return Buffer.concat(chunks);
}
