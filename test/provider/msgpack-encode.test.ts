import { decode, Encoder, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import { CtyEncodeError, encodeCty } from "../../provider/codersecrets/cty/msgpack-encode";
import { decodeDynamicValue } from "../../provider/codersecrets/cty/msgpack";
import { CtyObject, CtyValue, UNKNOWN, UnknownValue } from "../../provider/codersecrets/cty/value";
import { prng } from "../support/prng";

/** The library encoder the provider used before: the reference our bytes must match. */
const codec = new ExtensionCodec();
codec.register({ type: 0, encode: (v: unknown) => (v instanceof UnknownValue ? new Uint8Array([0]) : null), decode: () => UNKNOWN });
const reference = new Encoder({ extensionCodec: codec, useBigInt64: true, ignoreUndefined: true });
const libraryBytes = (v: CtyValue): Buffer => Buffer.from(reference.encode(v));

function expectSameAsLibrary(v: CtyValue): void {
  const ours = encodeCty(v);
  const theirs = libraryBytes(v);
  if (!ours.equals(theirs)) throw new Error(`bytes differ for ${shape(v)}: ours ${ours.subarray(0, 24).toString("hex")}… theirs ${theirs.subarray(0, 24).toString("hex")}…`);
}

function shape(v: CtyValue): string {
  if (typeof v === "string") return `string(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (v !== null && typeof v === "object" && !(v instanceof UnknownValue)) return `object(${Object.keys(v).length})`;
  return String(v);
}

const HEADER_BOUNDARIES = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];

describe("cty msgpack encoder (msgpack-encode.ts)", () => {
  test("strings at every header boundary, ASCII and multi-byte, match the library byte for byte", () => {
    for (const n of HEADER_BOUNDARIES) {
      expectSameAsLibrary("a".repeat(n));
      expectSameAsLibrary("é".repeat(n)); // 2 bytes each: the header follows the byte length, not the length
      expectSameAsLibrary("€".repeat(Math.ceil(n / 3)));
      expectSameAsLibrary("😀".repeat(Math.ceil(n / 4))); // surrogate pairs: 4 bytes
    }
  });

  test("a lone surrogate becomes U+FFFD (valid UTF-8 for Terraform's decoder), where the library wrote invalid UTF-8", () => {
    const out = encodeCty("a\ud800b");
    expect(out.toString("hex")).toBe(`a5${Buffer.from("a\ufffdb").toString("hex")}`);
    expect(Buffer.from(libraryBytes("a\ud800b")).subarray(1).toString("hex")).toBe("61eda08062");
  });

  test("integers at every width boundary, floats and bigints match the library", () => {
    const ints = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, Number.MIN_SAFE_INTEGER];
    for (const n of ints) expectSameAsLibrary(n);
    for (const x of [1.5, -0.25, 2 ** 60, -(2 ** 60), Number.MAX_VALUE, Infinity, -Infinity, NaN, -0]) expectSameAsLibrary(x);
    for (const b of [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n]) expectSameAsLibrary(b);
  });

  test("null, booleans, unknown (d4 00 00), bytes, lists and objects at header boundaries match the library", () => {
    for (const v of [null, true, false, UNKNOWN]) expectSameAsLibrary(v);
    expect(encodeCty(UNKNOWN).toString("hex")).toBe("d40000");
    for (const n of HEADER_BOUNDARIES) {
      expectSameAsLibrary(new Uint8Array(n).fill(7));
      expectSameAsLibrary(Array.from({ length: n }, (_, i) => i));
      const o: CtyObject = {};
      for (let i = 0; i < n; i++) o[`k${i}`] = i % 3 === 0 ? UNKNOWN : `v${i}`;
      expectSameAsLibrary(o);
    }
  });

  test("undefined attributes are left out (as ignoreUndefined did); prototype-less objects encode like plain ones", () => {
    const withHoles = { a: "x", b: undefined, c: null } as unknown as CtyValue;
    expect(encodeCty(withHoles).equals(libraryBytes(withHoles))).toBe(true);
    expect(decode(encodeCty(withHoles))).toEqual({ a: "x", c: null });
    const bare = Object.create(null) as CtyObject;
    bare.k = "v";
    expect(encodeCty(bare).equals(encodeCty({ k: "v" }))).toBe(true);
  });

  test("seeded random cty values: same bytes as the library, and decodeDynamicValue reads them back", () => {
    const rnd = prng(0xc7a5);
    const leaf = (): CtyValue => {
      const k = Math.floor(rnd() * 8);
      if (k === 0) return null;
      if (k === 1) return UNKNOWN;
      if (k === 2) return rnd() < 0.5;
      if (k === 3) return Math.floor((rnd() - 0.5) * 2 ** (rnd() * 53));
      if (k === 4) return (rnd() - 0.5) * 1e6;
      const chars = ["a", "Z", "0", "$", "é", "€", "😀", "\n", "\u0000"];
      return Array.from({ length: Math.floor(rnd() ** 3 * 400) }, () => chars[Math.floor(rnd() * chars.length)]).join("");
    };
    const value = (depth: number): CtyValue => {
      const k = rnd();
      if (depth > 3 || k < 0.5) return leaf();
      const n = Math.floor(rnd() * 12);
      if (k < 0.75) return Array.from({ length: n }, () => value(depth + 1));
      const o: CtyObject = {};
      for (let i = 0; i < n; i++) o[`attr_${Math.floor(rnd() * 1000)}`] = value(depth + 1);
      return o;
    };
    for (let i = 0; i < 300; i++) {
      const v = value(0);
      expectSameAsLibrary(v);
      const back = decodeDynamicValue({ msgpack: encodeCty(v) });
      expect(JSON.stringify(back)).toBe(JSON.stringify(v));
    }
  });

  test("no msgpack form: a clear CtyEncodeError naming the kind, never the content", () => {
    const secret = "CANARY-encode-7f3a";
    const deep: CtyValue[] = [];
    let cur = deep;
    for (let i = 0; i < 70; i++) {
      const next: CtyValue[] = [];
      cur.push(next);
      cur = next;
    }
    cur.push(secret);
    expect(() => encodeCty(deep)).toThrow(new CtyEncodeError("value nested deeper than 64 levels"));
    expect(() => encodeCty({ f: (() => secret) as unknown as CtyValue })).toThrow(new CtyEncodeError("cannot encode a function"));
    expect(() => encodeCty({ d: new Date() as unknown as CtyValue, s: secret })).toThrow(new CtyEncodeError("cannot encode an object that is not a plain object"));
    expect(() => encodeCty({ d: new ExtData(1, new Uint8Array(1)) as unknown as CtyValue })).toThrow(CtyEncodeError);
    // node's own range error would quote the number; ours names the kind only.
    for (const big of [2n ** 64n, -(2n ** 63n) - 1n]) {
      expect(() => encodeCty({ n: big })).toThrow(new CtyEncodeError("cannot encode a number beyond 64 bits"));
    }
  });
});
