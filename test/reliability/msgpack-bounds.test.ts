/**
 * The provider's msgpack DynamicValue decoder checks the structure (depth, counts, lengths) before it builds any value
 * (issue 17 items 3 and 8), and malformed or capped configurations come back as error diagnostics that quote nothing.
 * The oracle is @msgpack/msgpack itself (an independent decoder of the same spec) plus the depth rule.
 */
import { decode, encode } from "@msgpack/msgpack";
import { CAPS } from "../../lib/core";
import { checkMsgpackStructure, decodeDynamicValue, DynamicValueError } from "../../provider/codersecrets/cty/msgpack";
import { decodeManifestRequest } from "../../provider/codersecrets/manifest/request";
import { manifestConfigObject } from "../../provider/codersecrets/schema";
import { prng } from "../support/prng";

const CANARY = "CANARY-msgpack-bounds-5e1f";
const DS = "codersecrets_manifest";

/** How many containers enclose the deepest value (an empty container encloses none). */
function depthOf(v: unknown): number {
  const children = Array.isArray(v)
    ? v
    : v instanceof Map
      ? [...v.values()]
      : v !== null && typeof v === "object" && v.constructor === Object
        ? Object.values(v as Record<string, unknown>)
        : [];
  return children.length === 0 ? 0 : 1 + Math.max(...children.map(depthOf));
}

/** The library's verdict with the same depth rule (values nested at most 64 below the top). */
function oracleAccepts(bytes: Uint8Array): boolean {
  try {
    return depthOf(decode(bytes, { useBigInt64: true, rawStrings: true })) <= 64;
  } catch {
    return false;
  }
}

function oursAccepts(bytes: Uint8Array): boolean {
  try {
    decodeDynamicValue({ msgpack: Buffer.from(bytes) });
    return true;
  } catch (err) {
    if (!(err instanceof DynamicValueError)) throw err;
    expect(err.message).not.toContain("CANARY");
    return false;
  }
}

const nested = (depth: number, leaf = [0xc0]) => Buffer.from([...Array<number>(depth).fill(0x91), ...leaf]);

describe("msgpack structure check vs @msgpack/msgpack", () => {
  const valid = encode(manifestConfigObject([
    { env_name: "TOKEN", file_path: null, value: `${CANARY}-a` },
    { env_name: null, file_path: "~/.ssh/id", value: `${CANARY}-b` },
  ], "/home/coder"));

  it("agrees on accept/reject for mutated configs, nesting around the limit, and every truncation", () => {
    const cases: Uint8Array[] = [nested(64), nested(65), nested(63, [0x90]), nested(64, [0x90]), nested(64, [0x80])];
    // An empty DynamicValue means null (no msgpack), so truncation starts at one byte.
    for (let cut = 1; cut <= valid.length; cut++) cases.push(valid.subarray(0, cut));
    const rnd = prng(8);
    const special = [0xc1, 0xdc, 0xdd, 0xde, 0xdf, 0xc4, 0xd9, 0xdb, 0xc7, 0xd4, 0xd8, 0x9f, 0x8f, 0xff, 0x00];
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from(valid);
      for (let f = 0; f < 1 + Math.floor(rnd() * 3); f++) {
        b[Math.floor(rnd() * b.length)] = rnd() < 0.5 ? special[Math.floor(rnd() * special.length)] : Math.floor(rnd() * 256);
      }
      cases.push(b);
    }
    const disagree = cases.filter((c) => oursAccepts(c) !== oracleAccepts(c)).map((c) => Buffer.from(c).toString("hex"));
    expect(disagree).toEqual([]);
    expect(cases.filter(oursAccepts).length).toBeGreaterThan(100);
    expect(cases.filter((c) => !oursAccepts(c)).length).toBeGreaterThan(500);
  });

  it("20 MB of nested arrays is refused at the 65th level, before anything is built", () => {
    const bytes = Buffer.alloc(20 * 1024 * 1024, 0x91);
    expect(() => checkMsgpackStructure(bytes)).toThrow(/byte 65: nested deeper than 64 levels/);
    expect(() => decodeDynamicValue({ msgpack: bytes })).toThrow(DynamicValueError);
  });

  it("counts larger than the bytes left are refused before allocation", () => {
    expect(() => checkMsgpackStructure(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0]))).toThrow(/byte 0: array claims 4294967295 elements but only 1 bytes remain/);
    expect(() => checkMsgpackStructure(Buffer.from([0xdf, 0x00, 0x00, 0x00, 0x02, 0xc0, 0xc0, 0xc0]))).toThrow(/map claims 2 elements but only 3 bytes remain/);
    expect(() => checkMsgpackStructure(Buffer.from([0xdb, 0x7f, 0xff, 0xff, 0xff, 0x41]))).toThrow(/claims 2147483647 bytes but only 1 remain/);
    expect(() => checkMsgpackStructure(Buffer.from([0xc0, 0xc0]))).toThrow(/byte 1: 1 bytes after the value/);
  });
});

describe("ReadDataSource / ValidateDataResourceConfig input (decodeManifestRequest)", () => {
  const diagnosticsOf = (bytes: Uint8Array) => decodeManifestRequest(DS, { msgpack: Buffer.from(bytes) });

  it("malformed msgpack is one error diagnostic that quotes no input", () => {
    for (const bytes of [nested(100_000), Buffer.concat([Buffer.from([0x81, 0xa6]), Buffer.from("secret"), Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]), Buffer.from(CANARY)])]) {
      const { config, diagnostics } = diagnosticsOf(bytes);
      expect(config).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ severity: 1, summary: "Invalid configuration encoding" });
      expect(JSON.stringify(diagnostics)).not.toContain("CANARY");
    }
  });

  it("more secret blocks than CAPS.maxEntries is one error on `secret`, before any block is read", () => {
    const blocks = Array.from({ length: CAPS.maxEntries + 1 }, (_, i) => ({ env_name: `E${i}`, file_path: null, value: `${CANARY}${i}` }));
    const { config, diagnostics } = diagnosticsOf(encode(manifestConfigObject(blocks, null)));
    expect(config).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ summary: "Too many secrets", attribute: { steps: [{ attribute_name: "secret" }] } });
    expect(diagnostics[0].detail).toMatch(/201 secret entries, more than the 200 this tool reads .*declare at most 50 secret blocks/);
    expect(JSON.stringify(diagnostics)).not.toContain("CANARY");
  });

  it("the home_dir diagnostic does not echo its input", () => {
    const { diagnostics } = diagnosticsOf(encode(manifestConfigObject([{ env_name: "A", file_path: null, value: "v" }], `${CANARY}-relative`)));
    expect(diagnostics.map((d) => d.summary)).toEqual(["Invalid home_dir"]);
    expect(diagnostics[0].detail).toMatch(/must be an absolute path starting with "\/"/);
    expect(JSON.stringify(diagnostics)).not.toContain("CANARY");
  });
});
