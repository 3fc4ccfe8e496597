import { encode, ExtData } from "@msgpack/msgpack";
import { decodeDynamicValue, DynamicValueError, encodeDynamicValue } from "../../provider/codersecrets/cty/msgpack";
import { containsUnknown, isUnknown, UNKNOWN } from "../../provider/codersecrets/cty/value";

const mp = (bytes: number[] | Buffer) => ({ msgpack: Buffer.from(bytes) });

describe("cty msgpack DynamicValue", () => {
  test("unknown: ext 0 as cty writes it (d4 00 00), refined ext 12, any other ext", () => {
    expect(isUnknown(decodeDynamicValue(mp([0xd4, 0x00, 0x00])))).toBe(true);
    const refined = encode(new ExtData(12, encode(new Map<number, unknown>([[1, false], [2, "pre"]]))));
    expect(isUnknown(decodeDynamicValue(mp(Buffer.from(refined))))).toBe(true);
    expect(isUnknown(decodeDynamicValue(mp(Buffer.from(encode(new ExtData(99, new Uint8Array(5)))))))).toBe(true);
    // The probe's validate-walk config: {"input": unknown, "output": null}
    const v = decodeDynamicValue(mp(Buffer.from("82a5696e707574d40000a66f7574707574c0", "hex")));
    expect(containsUnknown(v)).toBe(true);
    expect((v as Record<string, unknown>).output).toBeNull();
  });

  test("encodes unknown as d4 00 00 and round-trips objects, lists, maps, null", () => {
    const out = encodeDynamicValue({ a: UNKNOWN, b: null, c: ["x"], d: { k: "v" } });
    expect(Buffer.from(out.msgpack!).includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true);
    const back = decodeDynamicValue(out) as Record<string, unknown>;
    expect(isUnknown(back.a)).toBe(true);
    expect({ ...back, a: "u" }).toEqual({ a: "u", b: null, c: ["x"], d: { k: "v" } });
  });

  test("strings: exact, a leading BOM kept, invalid UTF-8 read as U+FFFD, from a Buffer or a plain Uint8Array", () => {
    const value = "\ufeffkey $HOME é 😀 \u0000 end";
    const bytes = Buffer.from(encode({ s: value, k: ["x".repeat(300)] }));
    expect(decodeDynamicValue({ msgpack: bytes })).toEqual({ s: value, k: ["x".repeat(300)] });
    expect(decodeDynamicValue({ msgpack: new Uint8Array(bytes) })).toEqual({ s: value, k: ["x".repeat(300)] });
    expect(decodeDynamicValue(mp([0x81, 0xa1, 0x73, 0xa3, 0x61, 0xff, 0x62]))).toEqual({ s: "a\ufffdb" });
  });

  test("big numbers: int64/uint64 beyond 2^53 as bigint, decimal strings kept", () => {
    const v = decodeDynamicValue(mp(Buffer.from(encode({ big: 2n ** 63n - 1n, u: 2n ** 64n - 1n, s: "123456789012345678901234567890" }, { useBigInt64: true }))));
    expect(v).toEqual({ big: 2n ** 63n - 1n, u: 2n ** 64n - 1n, s: "123456789012345678901234567890" });
  });

  test("null object (c0), empty DynamicValue → null; JSON fallback", () => {
    expect(decodeDynamicValue(mp([0xc0]))).toBeNull();
    expect(decodeDynamicValue(undefined)).toBeNull();
    expect(decodeDynamicValue({})).toBeNull();
    expect(decodeDynamicValue({ json: Buffer.from('{"a":[1,"b",null]}') })).toEqual({ a: [1, "b", null] });
  });

  test("malformed input throws DynamicValueError whose message quotes no input", () => {
    const secret = Buffer.from("\xa9TOPSECRET", "latin1");
    const cases = [Buffer.from([0xc1]), Buffer.concat([secret, Buffer.from("junk")]), Buffer.from([0xdb, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(100, 0x91)];
    for (const bytes of cases) {
      let caught: unknown;
      try {
        decodeDynamicValue(mp(bytes));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DynamicValueError);
      expect((caught as Error).message).not.toContain("TOPSECRET");
    }
    expect(() => decodeDynamicValue({ json: Buffer.from("{TOPSECRET") })).toThrow(DynamicValueError);
    expect(() => decodeDynamicValue({ json: Buffer.from("{TOPSECRET") })).not.toThrow(/TOPSECRET/);
  });

  test("prototype keys are plain data", () => {
    const v = decodeDynamicValue(mp(Buffer.from(encode({ __proto__: "x", constructor: "y" } as unknown as Record<string, string>)))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
