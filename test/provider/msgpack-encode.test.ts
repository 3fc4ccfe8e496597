import { decode, ExtData } from "@msgpack/msgpack";
import { CtyEncodeError, encodeCty } from "../../provider/codersecrets/cty/msgpack-encode";
import { decodeDynamicValue } from "../../provider/codersecrets/cty/msgpack";
import { CtyObject, CtyValue, UNKNOWN } from "../../provider/codersecrets/cty/value";
import { prng } from "../support/prng";

/** What the provider's own decoder reads back from the encoder's bytes. */
const roundTrip = (v: CtyValue): CtyValue => decodeDynamicValue({ msgpack: encodeCty(v) });

const HEADER_BOUNDARIES = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];

describe("cty msgpack encoder (msgpack-encode.ts)", () => {
  test("strings at every header boundary, ASCII and multi-byte, read back the same; the header counts bytes", () => {
    for (const n of HEADER_BOUNDARIES) {
      for (const s of ["a".repeat(n), "é".repeat(n), "€".repeat(Math.ceil(n / 3)), "😀".repeat(Math.ceil(n / 4))]) expect(roundTrip(s)).toBe(s);
    }
    expect(encodeCty("é".repeat(16)).subarray(0, 2).toString("hex")).toBe("d920"); // 32 bytes: str 8, not fixstr
  });

  test("integers at every width boundary, floats and 64-bit bigints read back the same", () => {
    const ints = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, Number.MIN_SAFE_INTEGER];
    for (const n of ints) expect(roundTrip(n)).toBe(n);
    for (const x of [1.5, -0.25, 2 ** 60, -(2 ** 60), Number.MAX_VALUE, Infinity, -Infinity, NaN]) expect(Object.is(roundTrip(x), x)).toBe(true);
    for (const b of [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n]) expect(roundTrip(b)).toBe(b);
  });

  test("unknown is fixext 1 of type 0 (d4 00 00); null, booleans, lists and objects at header boundaries read back", () => {
    expect(encodeCty(UNKNOWN).toString("hex")).toBe("d40000");
    const ext = decode(encodeCty(UNKNOWN)) as ExtData;
    expect([ext.type, Buffer.from(ext.data as Uint8Array).toString("hex")]).toEqual([0, "00"]);
    for (const v of [null, true, false]) expect(roundTrip(v)).toBe(v);
    for (const n of HEADER_BOUNDARIES) {
      const list = Array.from({ length: n }, (_, i) => i);
      expect(roundTrip(list)).toEqual(list);
      const o: CtyObject = {};
      for (let i = 0; i < n; i++) o[`k${i}`] = i % 3 === 0 ? UNKNOWN : `v${i}`;
      expect(JSON.stringify(roundTrip(o))).toBe(JSON.stringify(o));
    }
  });

  test("undefined attributes are left out; prototype-less objects encode like plain ones", () => {
    const withHoles = { a: "x", b: undefined, c: null } as unknown as CtyValue;
    expect(decode(encodeCty(withHoles))).toEqual({ a: "x", c: null });
    const bare = Object.create(null) as CtyObject;
    bare.k = "v";
    expect(encodeCty(bare).equals(encodeCty({ k: "v" }))).toBe(true);
  });

  test("seeded random cty values: decodeDynamicValue reads them back", () => {
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
      expect(JSON.stringify(roundTrip(v))).toBe(JSON.stringify(v));
    }
  });

  test("no msgpack form: a CtyEncodeError naming the kind, never the content", () => {
    const secret = "CANARY-encode-7f3a";
    const deep: CtyValue[] = [];
    let cur = deep;
    for (let i = 0; i < 70; i++) {
      const next: CtyValue[] = [];
      cur.push(next);
      cur = next;
    }
    cur.push(secret);
    const failure = (v: unknown): CtyEncodeError => {
      try {
        encodeCty(v as CtyValue);
      } catch (err) {
        return err as CtyEncodeError;
      }
      throw new Error("encoded");
    };
    for (const bad of [deep, { f: () => secret, s: secret }, { y: Symbol(secret) }]) {
      const err = failure(bad);
      expect(err).toBeInstanceOf(CtyEncodeError);
      expect(err.message).toMatch(/^cannot encode the value as msgpack: /);
      expect(err.message).not.toContain(secret);
    }
    expect(failure(deep).message).toMatch(/too deep/i);
    expect(failure({ f: () => secret }).message).toContain("[object Function]");
  });
});
