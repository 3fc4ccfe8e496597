/**
 * DynamicValue <-> CtyValue. Terraform sends cty values as MessagePack (docs/plugin-protocol/object-wire-format.md):
 * unknown values are extension type 0, refined unknowns extension type 12 (we treat every extension as unknown),
 * numbers may be int64/uint64 beyond 2^53 (decoded as bigint) or decimal strings. We always reply in msgpack.
 */
import { decode, Encoder, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import type { DynamicValue } from "../protocol/messages";
import { CtyObject, CtyValue, UNKNOWN, UnknownValue } from "./value";

/** The DynamicValue could not be decoded; the message names the encoding, never the content. */
export class DynamicValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DynamicValueError";
  }
}

const encodeCodec = new ExtensionCodec();
encodeCodec.register({
  type: 0,
  encode: (input: unknown) => (input instanceof UnknownValue ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});

const MAX_DEPTH = 64;

function fromMsgpack(raw: unknown, depth: number): CtyValue {
  if (depth > MAX_DEPTH) throw new DynamicValueError(`msgpack value nested deeper than ${MAX_DEPTH} levels`);
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return UNKNOWN;
  switch (typeof raw) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return raw;
    default:
      break;
  }
  if (raw instanceof Uint8Array) return raw;
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
      raw = decode(msgpack, { useBigInt64: true });
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

/**
 * One encoder for the process: a fresh one (what `encode()` makes) starts at 2 KiB and reallocates its buffer at
 * each doubling, ~130 KB of garbage for the ~60 KB state of 50 secrets, on every read. This one keeps its buffer,
 * and wipes the part it wrote after each use, so the state's secret bytes do not linger there between reads.
 * `encodeSharedRef` is reentrancy-safe (the library clones the encoder when entered twice).
 */
const stateEncoder = new Encoder({ extensionCodec: encodeCodec, useBigInt64: true, ignoreUndefined: true });

export function encodeDynamicValue(value: CtyValue): DynamicValue {
  const shared = stateEncoder.encodeSharedRef(value);
  try {
    return { msgpack: Buffer.from(shared) };
  } finally {
    shared.fill(0);
  }
}
