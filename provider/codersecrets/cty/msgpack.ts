/**
 * DynamicValue <-> CtyValue. Terraform sends cty values as MessagePack (hashicorp/terraform docs/plugin-protocol/object-wire-format.md):
 * unknown values are extension type 0, refined unknowns extension type 12 (we treat every extension as unknown),
 * numbers may be int64/uint64 beyond 2^53 (decoded as bigint) or decimal strings. We always reply in msgpack.
 */
import { decode, ExtData } from "@msgpack/msgpack";
import type { DynamicValue } from "../protocol/messages";
import { encodeCty } from "./msgpack-encode";
import { CtyObject, CtyValue, UNKNOWN } from "./value";

/** The DynamicValue could not be decoded; the message names the encoding, never the content. */
export class DynamicValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DynamicValueError";
  }
}

const MAX_DEPTH = 64;

/**
 * Strings come out of the decoder as views of the input (rawStrings) and become JavaScript strings through node's
 * native UTF-8 decoder in fromMsgpack: the library's own decoder builds an array of char codes for each string
 * up to 200 bytes, garbage on every read (bench/README.md). Invalid UTF-8 reads as U+FFFD
 * either way (Terraform sends valid UTF-8). Map keys are still decoded, and checked, by the library.
 */
const DECODE_OPTIONS = { useBigInt64: true, rawStrings: true } as const;

/** Bytes after a header byte that hold a length (str, bin, ext) or a count (array, map), by header byte. */
function sizeWidth(b: number): number {
  if (b === 0xc4 || b === 0xc7 || b === 0xd9) return 1;
  if (b === 0xc5 || b === 0xc8 || b === 0xda || b === 0xdc || b === 0xde) return 2;
  if (b === 0xc6 || b === 0xc9 || b === 0xdb || b === 0xdd || b === 0xdf) return 4;
  return 0;
}

/** Fixed payload bytes after a header byte (numbers, fixext with its type byte); -1 for 0xc1, which is never used. */
function fixedPayload(b: number): number {
  if (b === 0xc1) return -1;
  if (b === 0xca) return 4;
  if (b === 0xcb) return 8;
  if (b >= 0xcc && b <= 0xcf) return 1 << (b - 0xcc);
  if (b >= 0xd0 && b <= 0xd3) return 1 << (b - 0xd0);
  if (b >= 0xd4 && b <= 0xd8) return 1 + (1 << (b - 0xd4));
  return 0;
}

/**
 * Walks the msgpack structure without building anything: every header and length within the input, every array or
 * map count no larger than the bytes left (each element takes at least one byte, each map entry two), nesting at
 * most MAX_DEPTH, one value and no trailing bytes. Only input that passes reaches the decoder, so a hostile
 * request costs one pass over its bytes and a stack of MAX_DEPTH counters, whatever it claims. Messages name offsets
 * and rules, never content.
 */
export function checkMsgpackStructure(bytes: Uint8Array): void {
  const fail = (at: number, what: string) => new DynamicValueError(`malformed msgpack DynamicValue (${bytes.length} bytes): byte ${at}: ${what}`);
  const left = [1];
  let pos = 0;
  const readSize = (width: number, at: number): number => {
    if (bytes.length - pos < width) throw fail(at, "truncated header");
    let n = 0;
    for (let i = 0; i < width; i++) n = n * 256 + bytes[pos++];
    return n;
  };
  while (left.length > 0) {
    if (left[left.length - 1] === 0) {
      left.pop();
      continue;
    }
    left[left.length - 1]--;
    const at = pos;
    if (left.length - 1 > MAX_DEPTH) throw fail(at, `nested deeper than ${MAX_DEPTH} levels`);
    if (pos >= bytes.length) throw fail(at, "truncated (a value is missing)");
    const b = bytes[pos++];
    let count = -1;
    let perItem = 1;
    let skip = 0;
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) skip = 0;
    else if (b <= 0x8f) [count, perItem] = [b & 0x0f, 2];
    else if (b <= 0x9f) count = b & 0x0f;
    else if (b <= 0xbf) skip = b & 0x1f;
    else if (b === 0xdc || b === 0xdd) count = readSize(sizeWidth(b), at);
    else if (b === 0xde || b === 0xdf) [count, perItem] = [readSize(sizeWidth(b), at), 2];
    else if (sizeWidth(b) > 0) skip = readSize(sizeWidth(b), at) + (b >= 0xc7 && b <= 0xc9 ? 1 : 0);
    else {
      skip = fixedPayload(b);
      if (skip < 0) throw fail(at, "byte 0xc1 is never used in msgpack");
    }
    if (count >= 0) {
      if (count * perItem > bytes.length - pos) throw fail(at, `${perItem === 2 ? "map" : "array"} claims ${count} elements but only ${bytes.length - pos} bytes remain`);
      left.push(count * perItem);
    } else {
      if (skip > bytes.length - pos) throw fail(at, `claims ${skip} bytes but only ${bytes.length - pos} remain`);
      pos += skip;
    }
  }
  if (pos !== bytes.length) throw fail(pos, `${bytes.length - pos} bytes after the value`);
}

/** The decoded tree (its depth already bounded by checkMsgpackStructure) → CtyValue. */
function fromMsgpack(raw: unknown): CtyValue {
  if (raw === null || raw === undefined) return null;
  // Any extension is unknown; the decoder turns extension -1 (msgpack's timestamp) into a Date of its own.
  if (raw instanceof ExtData || raw instanceof Date) return UNKNOWN;
  switch (typeof raw) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return raw;
    default:
      break;
  }
  // rawStrings: the decoder hands every str (and bin, which cty never writes) over as a view of the input bytes.
  if (raw instanceof Uint8Array) return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).toString("utf8");
  if (Array.isArray(raw)) return raw.map((item) => fromMsgpack(item));
  if (raw instanceof Map) {
    const out: CtyObject = Object.create(null) as CtyObject;
    for (const [k, v] of raw) out[String(k)] = fromMsgpack(v);
    return out;
  }
  if (typeof raw === "object") {
    const out: CtyObject = Object.create(null) as CtyObject;
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = fromMsgpack(v);
    return out;
  }
  throw new DynamicValueError(`unsupported msgpack item of type ${typeof raw}`);
}

function fromJson(raw: unknown, depth: number): CtyValue {
  if (depth > MAX_DEPTH) throw new DynamicValueError(`JSON value nested deeper than ${MAX_DEPTH} levels`);
  if (raw === null) return null;
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  if (Array.isArray(raw)) return raw.map((item) => fromJson(item, depth + 1));
  const out: CtyObject = Object.create(null) as CtyObject;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = fromJson(v, depth + 1);
  return out;
}

/** Decodes a DynamicValue (msgpack, else JSON, else null). Throws DynamicValueError on malformed input. */
export function decodeDynamicValue(value: DynamicValue | undefined): CtyValue {
  const msgpack = value?.msgpack;
  if (msgpack && msgpack.length > 0) {
    checkMsgpackStructure(msgpack);
    let raw: unknown;
    try {
      raw = decode(msgpack, DECODE_OPTIONS);
    } catch (err) {
      throw new DynamicValueError(`malformed msgpack DynamicValue (${msgpack.length} bytes): ${describeDecodeError(err)}`);
    }
    return fromMsgpack(raw);
  }
  const json = value?.json;
  if (json && json.length > 0) {
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(json).toString("utf8"));
    } catch {
      throw new DynamicValueError(`malformed JSON DynamicValue (${json.length} bytes)`);
    }
    return fromJson(raw, 0);
  }
  return null;
}

/** The decoder's own message can quote input bytes; keep only its class and a fixed description. */
function describeDecodeError(err: unknown): string {
  if (err instanceof RangeError) return "truncated or oversized data";
  if (err instanceof Error) return err.name === "DecodeError" ? "invalid msgpack encoding" : err.name;
  return "invalid msgpack encoding";
}

/** The state and other values this provider sends (msgpack-encode.ts). */
export function encodeDynamicValue(value: CtyValue): DynamicValue {
  return { msgpack: encodeCty(value) };
}
