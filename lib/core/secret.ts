/**
 * The secret model shared by every part: one entry of Coder's agent manifest
 * (`coder.agent.v2.WorkspaceSecret { string env_name = 1; string file_path = 2; bytes value = 3; }`).
 * An empty string means "no such target", exactly as on the wire (proto3 default).
 */
export interface ManifestSecret {
  /** Environment variable the agent sets, or "" for none. */
  readonly envName: string;
  /** File the agent writes (`~/…` or absolute), or "" for none. */
  readonly filePath: string;
  /** The secret bytes. Strings are stored as UTF-8. */
  readonly value: Uint8Array;
}

/** The targets of a secret, without its value. */
export interface SecretTargets {
  readonly envName?: string;
  readonly filePath?: string;
}

const utf8 = new TextEncoder();

/** Builds a manifest entry; a string value is encoded as UTF-8. */
export function secret(target: SecretTargets, value: string | Uint8Array): ManifestSecret {
  return {
    envName: target.envName ?? "",
    filePath: target.filePath ?? "",
    value: typeof value === "string" ? utf8.encode(value) : value,
  };
}

/**
 * Names a secret by its targets only — the one way any message in this project refers to a secret.
 * Never includes the value. Both targets go through {@link printable}: a decoded manifest can hold any bytes.
 */
export function describeTarget(s: SecretTargets): string {
  const parts: string[] = [];
  if (s.envName) parts.push(`env ${printable(s.envName)}`);
  if (s.filePath) parts.push(`file ${printable(s.filePath)}`);
  return parts.length > 0 ? parts.join(", ") : "(no target)";
}

/**
 * Characters that would let a printed target rewrite the line or the terminal around it: C0 controls (NUL, newline,
 * ESC), DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional overrides and isolates
 * (text that displays in another order than it reads).
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows a target (env name or path) taken from input as one readable line: each character of {@link UNPRINTABLE}
 * becomes `\xNN` (below U+0100) or `\u{NNNN}`, and a backslash becomes `\\` so an escape cannot be forged.
 * Every message that prints a target from input uses it (both injectors, `decode`, the provider).
 */
export function printable(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** {@link printable}, under the name path messages use. */
export const printablePath = printable;
