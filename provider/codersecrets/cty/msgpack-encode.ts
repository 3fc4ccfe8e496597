/**
 * CtyValue → MessagePack, for the values this provider sends (its state): two passes over the value, one to size
 * it and one to write it into a buffer of exactly that size. Each string is measured and written by node's native
 * UTF-8 code (Buffer.byteLength / buf.write), where @msgpack/msgpack counts and copies every character in
 * JavaScript and grows a scratch buffer: for the ~60 KB state of 50 secrets, ~150 → ~65 µs (measured in one process).
 * No shared scratch buffer either, so no secret bytes are left behind in one between reads.
 *
 * Decoding stays with @msgpack/msgpack (msgpack.ts): that side reads Terraform's input and is fuzzed against it.
 * The forms written are the ones @msgpack/msgpack writes for the same value (smallest header, integers of up to
 * 32 bits in the smallest int form, other numbers as float64, bigints as int64/uint64, unknown as fixext 1 of
 * type 0), and the tests hold the two encoders to the same bytes.
 */
import { CtyValue, UnknownValue } from "./value";

/** Nesting limit, as for decoding: a state is a few levels deep; deeper means a bug, not data. */
const MAX_DEPTH = 64;

/** A value with no msgpack form here (a function, a symbol, a cycle). Names the kind, never the content. */
export class CtyEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CtyEncodeError";
  }
}

/**
 * Up to this length a string (attribute names, env names, fingerprints) is measured and, when ASCII, copied in
 * JavaScript: for a few characters the call into node's UTF-8 code costs more than the copy.
 */
const SHORT_STRING = 32;

function isShortAscii(s: string): boolean {
  if (s.length > SHORT_STRING) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function utf8Length(s: string, shortAscii = isShortAscii(s)): number {
  return shortAscii ? s.length : Buffer.byteLength(s, "utf8");
}

function headerSize(n: number, fix: number): number {
  if (n < fix) return 1;
  if (n <= 0xffff) return 3;
  return 5;
}

function strHeaderSize(n: number): number {
  if (n < 32) return 1;
  if (n <= 0xff) return 2;
  if (n <= 0xffff) return 3;
  return 5;
}

function binHeaderSize(n: number): number {
  if (n <= 0xff) return 2;
  if (n <= 0xffff) return 3;
  return 5;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Integers up to 32 bits in their smallest int form; anything else as float64 (exact for every safe integer). */
function isInt32Range(n: number): boolean {
  return Number.isSafeInteger(n) && n >= -0x80000000 && n <= 0xffffffff;
}

function intSize(n: number): number {
  if (n >= 0) {
    if (n < 0x80) return 1;
    if (n <= 0xff) return 2;
    if (n <= 0xffff) return 3;
    return 5;
  }
  if (n >= -0x20) return 1;
  if (n >= -0x80) return 2;
  if (n >= -0x8000) return 3;
  return 5;
}

function isPlainObject(value: object): value is Record<string, CtyValue> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Keys whose value is not `undefined` (an absent optional attribute): left out, as @msgpack/msgpack's `ignoreUndefined`. */
function definedKeys(object: Record<string, CtyValue | undefined>): string[] {
  const keys = Object.keys(object);
  for (const key of keys) if (object[key] === undefined) return keys.filter((k) => object[k] !== undefined);
  return keys;
}

function sizeOf(value: CtyValue, depth: number): number {
  if (depth > MAX_DEPTH) throw new CtyEncodeError(`value nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case "string": {
      const n = utf8Length(value);
      return strHeaderSize(n) + n;
    }
    case "number":
      return isInt32Range(value) ? intSize(value) : 9;
    case "bigint":
      if (value < INT64_MIN || value > UINT64_MAX) throw new CtyEncodeError("cannot encode a number beyond 64 bits");
      return 9;
    case "boolean":
      return 1;
    case "object":
      break;
    default:
      throw new CtyEncodeError(`cannot encode a ${typeof value}`);
  }
  if (value === null) return 1;
  if (value instanceof UnknownValue) return 3;
  if (value instanceof Uint8Array) return binHeaderSize(value.length) + value.length;
  if (Array.isArray(value)) {
    let size = headerSize(value.length, 16);
    for (const item of value) size += sizeOf(item, depth + 1);
    return size;
  }
  if (!isPlainObject(value)) throw new CtyEncodeError("cannot encode an object that is not a plain object");
  const keys = definedKeys(value);
  let size = headerSize(keys.length, 16);
  for (const key of keys) size += sizeOf(key, depth + 1) + sizeOf(value[key]!, depth + 1);
  return size;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  head(n: number, fix: number, fixBase: number, code16: number): void {
    const b = this.buf;
    if (n < fix) b[this.pos++] = fixBase | n;
    else if (n <= 0xffff) {
      b[this.pos] = code16;
      b.writeUInt16BE(n, this.pos + 1);
      this.pos += 3;
    } else {
      b[this.pos] = code16 + 1;
      b.writeUInt32BE(n, this.pos + 1);
      this.pos += 5;
    }
  }

  string(s: string): void {
    const b = this.buf;
    const shortAscii = isShortAscii(s);
    const n = utf8Length(s, shortAscii);
    if (n < 32) b[this.pos++] = 0xa0 | n;
    else if (n <= 0xff) {
      b[this.pos++] = 0xd9;
      b[this.pos++] = n;
    } else this.head(n, 0, 0, 0xda);
    if (shortAscii) {
      for (let i = 0; i < n; i++) b[this.pos + i] = s.charCodeAt(i);
      this.pos += n;
    } else this.pos += b.write(s, this.pos, n, "utf8");
  }

  binary(bytes: Uint8Array): void {
    const b = this.buf;
    const n = bytes.length;
    if (n <= 0xff) {
      b[this.pos++] = 0xc4;
      b[this.pos++] = n;
    } else this.head(n, 0, 0, 0xc5);
    b.set(bytes, this.pos);
    this.pos += n;
  }

  int(n: number): void {
    const b = this.buf;
    const at = this.pos;
    if (n >= 0) {
      if (n < 0x80) b[this.pos++] = n;
      else if (n <= 0xff) (b[at] = 0xcc), (b[at + 1] = n), (this.pos += 2);
      else if (n <= 0xffff) (b[at] = 0xcd), b.writeUInt16BE(n, at + 1), (this.pos += 3);
      else (b[at] = 0xce), b.writeUInt32BE(n, at + 1), (this.pos += 5);
    } else if (n >= -0x20) b[this.pos++] = n & 0xff;
    else if (n >= -0x80) (b[at] = 0xd0), b.writeInt8(n, at + 1), (this.pos += 2);
    else if (n >= -0x8000) (b[at] = 0xd1), b.writeInt16BE(n, at + 1), (this.pos += 3);
    else (b[at] = 0xd2), b.writeInt32BE(n, at + 1), (this.pos += 5);
  }

  value(v: CtyValue): void {
    const b = this.buf;
    switch (typeof v) {
      case "string":
        return this.string(v);
      case "number":
        if (isInt32Range(v)) return this.int(v);
        b[this.pos] = 0xcb;
        b.writeDoubleBE(v, this.pos + 1);
        this.pos += 9;
        return;
      case "bigint":
        if (v >= 0n) {
          b[this.pos] = 0xcf;
          b.writeBigUInt64BE(v, this.pos + 1);
        } else {
          b[this.pos] = 0xd3;
          b.writeBigInt64BE(v, this.pos + 1);
        }
        this.pos += 9;
        return;
      case "boolean":
        b[this.pos++] = v ? 0xc3 : 0xc2;
        return;
      default:
        break;
    }
    if (v === null) b[this.pos++] = 0xc0;
    else if (v instanceof UnknownValue) (b[this.pos] = 0xd4), (b[this.pos + 1] = 0), (b[this.pos + 2] = 0), (this.pos += 3);
    else if (v instanceof Uint8Array) this.binary(v);
    else if (Array.isArray(v)) {
      this.head(v.length, 16, 0x90, 0xdc);
      for (const item of v) this.value(item);
    } else {
      const keys = definedKeys(v);
      this.head(keys.length, 16, 0x80, 0xde);
      for (const key of keys) {
        this.string(key);
        this.value(v[key]!);
      }
    }
  }
}

/** The msgpack bytes of `value`, in a buffer of their exact size. Throws CtyEncodeError for a non-cty value. */
export function encodeCty(value: CtyValue): Buffer {
  const size = sizeOf(value, 0);
  const writer = new Writer(Buffer.allocUnsafe(size));
  writer.value(value);
  if (writer.pos !== size) throw new CtyEncodeError(`encoder wrote ${writer.pos} bytes of the ${size} it sized (a bug)`);
  return writer.buf;
}
