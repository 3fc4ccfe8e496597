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
 * up to 200 bytes, ~60 KB of garbage for a request of 50 secrets, on every read. Invalid UTF-8 reads as U+FFFD
 * either way (Terraform sends valid UTF-8). Map keys are still decoded, and checked, by the library.
 */
const DECODE_OPTIONS = { useBigInt64: true, rawStrings: true } as const;

function fromMsgpack(raw: unknown, depth: number): CtyValue {
  if (depth > MAX_DEPTH) throw new DynamicValueError(`msgpack value nested deeper than ${MAX_DEPTH} levels`);
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
  if (Array.isArray(raw)) return raw.map((item) => fromMsgpack(item, depth + 1));
  if (raw instanceof Map) {
    const out: CtyObject = Object.create(null) as CtyObject;
    for (const [k, v] of raw) out[String(k)] = fromMsgpack(v, depth + 1);
    return out;
  }
  if (typeof raw === "object") {
    const out: CtyObject = Object.create(null) as CtyObject;
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = fromMsgpack(v, depth + 1);
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
    let raw: unknown;
    try {
      raw = decode(msgpack, DECODE_OPTIONS);
    } catch (err) {
      throw new DynamicValueError(`malformed msgpack DynamicValue (${msgpack.length} bytes): ${describeDecodeError(err)}`);
    }
    return fromMsgpack(raw, 0);
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
