import { createHash } from "node:crypto";

/** Length of the hex prefix shown: enough to tell versions apart, short enough to read. */
export const FINGERPRINT_HEX_CHARS = 12;

/**
 * `sha256:` + the first 12 hex digits of the SHA-256 of the value. It tells versions apart without showing the
 * value, but a low-entropy value (a PIN, a word) can be guessed from it: show fingerprints only where asked.
 */
export function fingerprint(value: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(value).digest("hex").slice(0, FINGERPRINT_HEX_CHARS)}`;
}
