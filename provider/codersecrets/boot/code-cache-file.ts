/**
 * The on-disk form of the bundle's V8 code cache: a magic, the SHA-256 of the bundle it was made from, then V8's
 * own bytes. V8 checks its version and flags but identifies the source only by its length, so the hash is what
 * stops a cache from being applied to an edited bundle of the same size.
 */
import { createHash } from "crypto";

const MAGIC = Buffer.from("CSV8CACHE1\n", "latin1");
const HASH_BYTES = 32;

export function sourceHash(source: Buffer): Buffer {
  return createHash("sha256").update(source).digest();
}

export function encodeCodeCache(hash: Buffer, v8Data: Buffer): Buffer {
  if (hash.length !== HASH_BYTES) throw new RangeError(`source hash must be ${HASH_BYTES} bytes`);
  return Buffer.concat([MAGIC, hash, v8Data]);
}

/** V8's bytes when `file` was made for the source with this hash; undefined for any other or malformed file. */
export function decodeCodeCache(file: Buffer, hash: Buffer): Buffer | undefined {
  const header = MAGIC.length + HASH_BYTES;
  if (file.length <= header) return undefined;
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!file.subarray(MAGIC.length, header).equals(hash)) return undefined;
  return file.subarray(header);
}
