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
 * Never includes the value.
 */
export function describeTarget(s: SecretTargets): string {
  const parts: string[] = [];
  if (s.envName) parts.push(`env ${s.envName}`);
  if (s.filePath) parts.push(`file ${printablePath(s.filePath)}`);
  return parts.length > 0 ? parts.join(", ") : "(no target)";
}

/** Shows control characters (NUL, newline) in a path as escapes so a message stays one readable line. */
export function printablePath(p: string): string {
  // eslint-disable-next-line no-control-regex
  return p.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
