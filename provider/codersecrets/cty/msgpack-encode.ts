/**
 * CtyValue → MessagePack, for the values this provider sends (its state), with @msgpack/msgpack, the library that
 * also decodes Terraform's input (msgpack.ts). Unknown values are extension type 0 with one zero byte (fixext 1,
 * `d4 00 00`), as cty writes them; absent optional attributes (`undefined`) are left out; bigints (numbers past
 * 2^53 that came in as int64/uint64) go back out as int64/uint64.
 */
import { encode, ExtensionCodec } from "@msgpack/msgpack";
import { CtyValue, UnknownValue } from "./value";

/** Nesting limit, as for decoding: a state is a few levels deep; deeper means a bug, not data. */
const MAX_DEPTH = 64;

/** A value with no msgpack form here (a function, a symbol, too deep). Names the kind, never the content. */
export class CtyEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CtyEncodeError";
  }
}

const UNKNOWN_EXT_TYPE = 0;
const UNKNOWN_EXT_DATA = new Uint8Array([0]);

const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: UNKNOWN_EXT_TYPE,
  encode: (value: unknown) => (value instanceof UnknownValue ? UNKNOWN_EXT_DATA : null),
  decode: () => null,
});

const ENCODE_OPTIONS = { extensionCodec, useBigInt64: true, ignoreUndefined: true, maxDepth: MAX_DEPTH } as const;

/** The library's messages name a kind or a size (`Unrecognized object: [object Function]`), never a value. */
function encodeFailure(err: unknown): CtyEncodeError {
  return new CtyEncodeError(`cannot encode the value as msgpack: ${err instanceof Error ? err.message : String(err)}`);
}

/** The msgpack bytes of `value` (a view of the encoder's own buffer, not shared with any other call). */
export function encodeCty(value: CtyValue): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = encode(value, ENCODE_OPTIONS);
  } catch (err) {
    throw encodeFailure(err);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
