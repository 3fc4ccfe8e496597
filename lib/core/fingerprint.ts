import * as crypto from "node:crypto";

/** Length of the hex prefix shown: enough to tell versions apart, short enough to read. */
export const FINGERPRINT_HEX_CHARS = 12;

/**
 * SHA-256 in lowercase hex. node's one-shot `crypto.hash` (node ≥ 20.12) skips the Hash object, and the provider hashes
 * every secret on every read. Older node 20 takes the Hash object.
 */
export const sha256Hex: (data: Uint8Array | string) => string =
  typeof crypto.hash === "function"
    ? (data) => crypto.hash("sha256", data, "hex")
    : (data) => crypto.createHash("sha256").update(data).digest("hex");

/**
 * `sha256:` + the first 12 hex digits of the SHA-256 of the value. It tells versions apart without showing the
 * value, but a low-entropy value (a PIN, a word) can be guessed from it: show fingerprints only where asked.
 */
export function fingerprint(value: Uint8Array | string): string {
  return `sha256:${sha256Hex(value).slice(0, FINGERPRINT_HEX_CHARS)}`;
}
