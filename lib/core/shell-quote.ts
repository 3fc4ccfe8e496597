/**
 * POSIX sh single quoting, the one rule for every text this project writes for a shell to read: the generated
 * `coder_script` (constructs), the env file (injector) and the provider launcher (install). Inside single quotes sh
 * takes every byte literally (`$`, backquotes, `"`, `\`, newlines); a `'` is written as `'\''` (close the quotes, an
 * escaped quote, reopen). A NUL byte cannot be quoted: sh ends a word (and a C string ends) there, so the text would
 * be cut short; it is refused.
 */

/** The input holds a NUL byte, which no sh word can hold. `what` names the field; never the value. */
export class ShellQuoteError extends Error {
  readonly what: string;

  constructor(what: string) {
    super(`${what}: contains a NUL byte, which a POSIX sh word cannot hold; remove it`);
    this.name = "ShellQuoteError";
    this.what = what;
  }
}

const QUOTE = 0x27;
/** `'\''` */
const ESCAPED_QUOTE = [QUOTE, 0x5c, QUOTE, QUOTE] as const;

/**
 * `value` single-quoted for POSIX sh: a string gives a string, bytes give bytes (an env file value need not be
 * UTF-8). Throws {@link ShellQuoteError} naming `what` when the value holds NUL.
 */
export function shellSingleQuote(value: string, what?: string): string;
export function shellSingleQuote(value: Uint8Array, what?: string): Uint8Array;
export function shellSingleQuote(value: string | Uint8Array, what = "shell word"): string | Uint8Array {
  if (typeof value === "string") {
    if (value.includes("\0")) throw new ShellQuoteError(what);
    return `'${value.replace(/'/g, `'\\''`)}'`;
  }
  const out: number[] = [QUOTE];
  for (const b of value) {
    if (b === 0) throw new ShellQuoteError(what);
    if (b === QUOTE) out.push(...ESCAPED_QUOTE);
    else out.push(b);
  }
  out.push(QUOTE);
  return Uint8Array.from(out);
}
