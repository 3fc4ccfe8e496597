import * as path from "node:path";
import * as protobuf from "protobufjs";
import {
  CAPS, decodeManifest, decodeManifestBase64, encodeManifest, encodeManifestBase64, fromSdkJson, hasTarget, LIMITS,
  LARGEST_LEGAL_MANIFEST_BYTES, ManifestDecodeError, ManifestSecret, secret, toSdkJson,
} from "../../lib/core";
import { MAX_MANIFEST_ENV_CHUNKS, readManifestEnv } from "../../lib/core/manifest-env";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fromHex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ""), "hex"));

describe("hand-derived byte vectors (protobuf encoding rules)", () => {
  // Manifest.secrets is field 19, wire type 2: tag = (19 << 3) | 2 = 154 = varint 0x9a 0x01.
  // WorkspaceSecret: env_name tag 0x0a, file_path tag 0x12, value tag 0x1a, each followed by a varint length.
  const vectors: [string, ManifestSecret[], string][] = [
    ["empty manifest", [], ""],
    ["env only", [secret({ envName: "A" }, "x")], "9a01 06 0a0141 1a0178"],
    ["file only", [secret({ filePath: "~/k" }, "xy")], "9a01 09 1203 7e2f6b 1a02 7879"],
    ["both targets", [secret({ envName: "T", filePath: "/t" }, "v")], "9a01 0a 0a0154 1202 2f74 1a0176"],
    ["empty value is omitted like Go's proto3", [secret({ envName: "E" }, "")], "9a01 03 0a0145"],
    ["two entries keep declaration order", [secret({ envName: "B" }, "1"), secret({ envName: "A" }, "2")],
      "9a01 06 0a0142 1a0131 9a01 06 0a0141 1a0132"],
    ["binary value", [secret({ filePath: "/b" }, new Uint8Array([0, 0xff, 0x80]))], "9a01 09 1202 2f62 1a03 00ff80"],
  ];
  it.each(vectors)("%s", (_name, secrets, want) => {
    expect(hex(encodeManifest(secrets))).toBe(want.replace(/\s+/g, ""));
    expect(decodeManifest(fromHex(want))).toEqual(secrets.map((s) => ({ ...s, value: new Uint8Array(s.value) })));
  });

  it("a 200-byte value has a two-byte length varint (200 = 0xc8 0x01)", () => {
    const bytes = encodeManifest([secret({ filePath: "/x" }, new Uint8Array(200).fill(7))]);
    // entry = 12 02 2f 78 | 1a c8 01 | 200 bytes = 4 + 3 + 200 = 207 = 0xcf 0x01
    expect(hex(bytes.subarray(0, 10))).toBe("9a01cf0112022f781ac8");
    expect(bytes.length).toBe(2 + 2 + 207);
  });
});

describe("round trips", () => {
  it("binary values with every byte value, unicode targets", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const s = [secret({ envName: "BIN", filePath: "~/ключ/ü" }, all), secret({ filePath: "/e" }, "")];
    expect(decodeManifestBase64(encodeManifestBase64(s))).toEqual(s.map((x) => ({ ...x, value: new Uint8Array(x.value) })));
    expect(fromSdkJson(toSdkJson(s))).toEqual(s.map((x) => ({ ...x, value: new Uint8Array(x.value) })));
  });

  it("50 x 24 KiB values", () => {
    const s = Array.from({ length: 50 }, (_, i) => secret({ filePath: `~/s/${i}` }, new Uint8Array(LIMITS.valueMaxBytes).fill(i)));
    const back = decodeManifestBase64(encodeManifestBase64(s));
    expect(back).toHaveLength(50);
    back.forEach((b, i) => {
      expect(b.filePath).toBe(`~/s/${i}`);
      expect(b.value.length).toBe(LIMITS.valueMaxBytes);
      expect(b.value.every((v) => v === i)).toBe(true);
    });
  });

  it("decoded values are copies, not views into the input", () => {
    const bytes = encodeManifest([secret({ envName: "A" }, "abc")]);
    const [s] = decodeManifest(bytes);
    bytes.fill(0);
    expect(Buffer.from(s.value).toString()).toBe("abc");
  });

  it("the SDK JSON form is an array of {env_name, file_path, value(base64)}", () => {
    expect(JSON.parse(toSdkJson([secret({ envName: "A" }, "hi")]))).toEqual([{ env_name: "A", file_path: "", value: "aGk=" }]);
  });
});

describe("compatibility with Coder's full agent.proto Manifest", () => {
  let Full: protobuf.Type;
  beforeAll(async () => {
    const root = await new protobuf.Root().load(path.join(__dirname, "fixtures", "coder-agent-manifest.proto"), { keepCase: true });
    Full = root.lookupType("coder.agent.v2.Manifest");
  });

  it("a decoder of Coder's definition reads exactly our entries", () => {
    const ours = [secret({ envName: "TOKEN" }, "t0k"), secret({ filePath: "~/.npmrc" }, new Uint8Array([1, 2, 0]))];
    const decoded = Full.toObject(Full.decode(encodeManifest(ours)), { defaults: true }) as Record<string, unknown>;
    expect(decoded.secrets).toEqual([
      { env_name: "TOKEN", file_path: "", value: Buffer.from("t0k") },
      { env_name: "", file_path: "~/.npmrc", value: Buffer.from([1, 2, 0]) },
    ]);
    expect(decoded.agent_name).toBe("");
    expect(decoded.scripts).toEqual([]);
  });

  it("we skip every other Manifest field and read only the secrets", () => {
    const msg = Full.fromObject({
      agent_id: Buffer.from("0123456789abcdef"), agent_name: "main", owner_username: "alice", git_auth_configs: 3,
      environment_variables: { A: "1", B: "2" }, directory: "/home/coder", disable_direct_connections: true,
      parent_id: Buffer.from("p"), derp_map: { regions: { 1: "r" } }, scripts: [{ script: "echo hi" }], apps: [{ slug: "code" }],
      metadata: [{ key: "k" }], devcontainers: [{ name: "d" }],
      secrets: [{ env_name: "X", value: Buffer.from("1") }, { file_path: "/y", value: Buffer.from("2") }],
    });
    const bytes = Full.encode(msg).finish();
    expect(decodeManifest(bytes)).toEqual([
      { envName: "X", filePath: "", value: new Uint8Array([0x31]) },
      { envName: "", filePath: "/y", value: new Uint8Array([0x32]) },
    ]);
  });

  it("unknown fields of every wire type inside and around entries are skipped", () => {
    // field 20 varint 1; field 21 fixed64; field 22 fixed32; field 23 group (start 3 ... end 4); entry with field 9 bytes.
    const h = "a001 01  a9 01 0102030405060708  b501 01020304  bb01 0801 bc01  9a01 08 0a0141 4a00 1a0178";
    expect(decodeManifest(fromHex(h))).toEqual([{ envName: "A", filePath: "", value: new Uint8Array([0x78]) }]);
  });
});

describe("bad input gives a clear ManifestDecodeError", () => {
  const bad: [string, string, RegExp][] = [
    ["truncated entry", "9a01 06 0a0141 1a", /truncated/],
    ["truncated tag varint", "9a", /malformed protobuf|truncated/],
    ["field number 0", "0001", /byte 0: field number 0/],
    ["end-group without start", "bc01", /byte 0: field 23 ends a group that was never started/],
    ["end-group of another field", "bb01 c401", /byte 2: field 24 ends the group of field 23/],
    ["group without end", "bb01 0801", /group of field 23 has no end/],
    ["invalid UTF-8 in file_path", "9a01 03 1201ff", /byte 3 \(in the secret entry at byte 3\): file_path is not valid UTF-8/],
    ["wire type 7", "9f01", /field 19 has wire type 7/],
    // The bytes: field 19 whose length varint claims 2^60 (read as 32 bits, it wrapped to 0), then a stray byte.
    ["a length of 2^60", "9a01 8080808080808080 10 0a", /byte 2: field 19 claims more than 2\^31-1 bytes \(protobuf rule: length\)/],
    ["a length of 2^32 + 1 (wraps to 1 in 32 bits)", "9a01 8180808010 00", /byte 2: field 19 claims more than 2\^31-1 bytes/],
    ["a length of 2^31", "9a01 8080808008 00", /claims more than 2\^31-1 bytes/],
    ["a length past the input", "9a01 05 0a01", /byte 2: field 19 claims 5 bytes but only 2 remain/],
    ["an 11-byte varint", "a001 8080808080808080808000", /byte 2: field 20: a varint longer than 10 bytes/],
    ["a 10-byte varint above 2^64-1", "a001 80808080808080808002", /varint overflow/],
    ["a tag for field 2^29+19 (19 after a 32-bit wrap)", "9a81808010 00", /byte 0: field number above 2\^29-1/],
    ["a truncated fixed64", "a901 010203", /64-bit value is cut off/],
    ["an error inside an entry names its offset in the whole input", "a001 01 9a01 04 0a05 4142", /byte 7 \(in the secret entry at byte 6\): field 1 claims 5 bytes but only 2 remain/],
  ];
  it.each(bad)("%s", (_n, h, re) => {
    expect(() => decodeManifest(fromHex(h))).toThrow(ManifestDecodeError);
    expect(() => decodeManifest(fromHex(h))).toThrow(re);
  });

  it("the error names the offset and the rule, and quotes no input", () => {
    const canary = Buffer.from("CANARY-hunter2");
    // A valid entry holding the canary, then a truncated one.
    const bytes = Buffer.concat([Buffer.from(encodeManifest([secret({ envName: "A" }, canary)])), fromHex("9a01 09 0a01")]);
    let caught: unknown;
    try {
      decodeManifest(bytes);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ManifestDecodeError);
    const e = caught as ManifestDecodeError;
    expect(e.offset).toBe(bytes.length - 3);
    expect(e.rule).toBe("truncated");
    expect(e.message).not.toContain("CANARY");
  });

  it("a 10-byte varint whose last byte is 1 (2^63) is legal, as in Go", () => {
    expect(decodeManifest(fromHex("a001 80808080808080808001 9a01 03 0a0141"))).toEqual([{ envName: "A", filePath: "", value: new Uint8Array(0) }]);
  });

  it("field 2^29-1 is the largest legal field number and is skipped", () => {
    // tag = (2^29-1) << 3 | 0 = 0xfffffff8 → varint f8 ff ff ff 0f
    expect(decodeManifest(fromHex("f8ffffff0f 01"))).toEqual([]);
  });

  it.each([
    ["secrets as a varint", "9801 06", /byte 0: field 19 \(secrets\) has wire type 0, expected 2 \(length-delimited\)/],
    ["env_name as a varint", "9a01 02 0801", /byte 3 \(in the secret entry at byte 3\): field 1 \(env_name\) has wire type 0/],
    ["value as a group", "9a01 02 1b1c", /field 3 \(value\) has wire type 3/],
  ])("a field we read with another wire type is refused (stricter than Go, which drops it): %s", (_n, h, re) => {
    expect(() => decodeManifest(fromHex(h))).toThrow(re);
  });

  it("unknown groups nest up to Go's recursion limit (10000), no further", () => {
    const nested = (depth: number) => Buffer.concat([Buffer.alloc(depth * 2, fromHex("bb01")), Buffer.alloc(depth * 2, fromHex("bc01"))]);
    expect(decodeManifest(nested(CAPS.maxGroupDepth))).toEqual([]);
    expect(() => decodeManifest(nested(CAPS.maxGroupDepth + 1))).toThrow(/groups nested more than 10000 deep \(protobuf rule: group depth\)/);
  });

  it.each([["not base64", "zz!!"], ["one stray char", "A"], ["padding in the middle", "AA==AA=="], ["json-ish", "{\"a\":1}"]])(
    "base64: %s",
    (_n, text) => expect(() => decodeManifestBase64(text)).toThrow(/not standard base64/),
  );

  it("whitespace and line breaks in base64 are tolerated", () => {
    const b64 = encodeManifestBase64([secret({ envName: "A" }, "x".repeat(100))]);
    expect(decodeManifestBase64(b64.replace(/(.{10})/g, "$1\n"))).toHaveLength(1);
  });

  it.each([
    ["not JSON", "[", /not valid JSON/],
    ["not an array", "{}", /expected an array/],
    ["entry not object", "[1]", /\[0\]: expected an object/],
    ["env_name not string", '[{"env_name":1,"value":""}]', /\[0\]\.env_name: expected a string/],
    ["value not base64", '[{"env_name":"A","value":"!!"}]', /\[0\]\.value is not standard base64/],
  ])("SDK JSON: %s", (_n, text, re) => expect(() => fromSdkJson(text)).toThrow(re));
});

describe("caps (lib/core/caps.ts) are checked before any entry is read", () => {
  it("the largest set of individually legal entries decodes: 50 entries with 256-byte env names, 4096-byte paths, 24 KiB values", () => {
    const s = Array.from({ length: 50 }, (_, i) =>
      secret({ envName: `E${i}`.padEnd(LIMITS.envNameMaxBytes, "X"), filePath: `/${i}`.padEnd(LIMITS.filePathMaxBytes, "p") }, new Uint8Array(LIMITS.valueMaxBytes)),
    );
    const bytes = encodeManifest(s);
    expect(bytes.length).toBeLessThanOrEqual(LARGEST_LEGAL_MANIFEST_BYTES);
    expect(decodeManifest(bytes)).toHaveLength(50);
    expect(decodeManifestBase64(Buffer.from(bytes).toString("base64"))).toHaveLength(50);
  });

  it("more entries than CAPS.maxEntries is refused, naming the cap and Coder's limit", () => {
    const many = encodeManifest(Array.from({ length: CAPS.maxEntries + 1 }, () => secret({ envName: "A" }, "x")));
    expect(() => decodeManifest(many)).toThrow(/byte 1800: at least 201 secret entries, more than the 200 this tool reads \(Coder allows 50 secrets/);
    expect(decodeManifest(many.subarray(0, many.length - 9))).toHaveLength(CAPS.maxEntries);
    const json = JSON.stringify(Array.from({ length: CAPS.maxEntries + 1 }, () => ({ env_name: "A", value: "" })));
    expect(() => fromSdkJson(json)).toThrow(/201 secret entries, more than the 200/);
  });

  it("the issue's 100,000 repeated entries are refused at the count cap, before any entry is read", () => {
    const one = encodeManifest([secret({ filePath: "~/x" }, "v")]);
    const bytes = Buffer.concat(Array.from({ length: 100_000 }, () => one));
    expect(() => decodeManifest(bytes)).toThrow(expect.objectContaining({ rule: "cap" }));
  });

  it("input over the byte and text caps is refused before decoding", () => {
    expect(() => decodeManifest(new Uint8Array(CAPS.maxManifestBytes + 1))).toThrow(/2097153 bytes of manifest, more than the 2097152/);
    expect(() => decodeManifestBase64("A".repeat(CAPS.maxManifestTextChars + 1))).toThrow(/characters of manifest text, more than/);
    expect(() => fromSdkJson(" ".repeat(CAPS.maxManifestTextChars + 1))).toThrow(/characters of manifest text/);
  });

  it("the env chunk chain is read to the chunk cap, no further", () => {
    const env: Record<string, string> = { M: "AAAA" };
    for (let i = 2; i <= MAX_MANIFEST_ENV_CHUNKS; i++) env[`M_${i}`] = "AAAA";
    expect(readManifestEnv(env, "M")).toBe("AAAA".repeat(MAX_MANIFEST_ENV_CHUNKS));
    env[`M_${MAX_MANIFEST_ENV_CHUNKS + 1}`] = "AAAA";
    expect(() => readManifestEnv(env, "M")).toThrow(/continues past M_27 \(26 env chunks at most/);
  });
});

describe("an entry with neither target", () => {
  it("is decoded (so it can be reported) and hasTarget says the agent skips it", () => {
    const [s] = decodeManifest(fromHex("9a01 03 1a0178"));
    expect(s).toEqual({ envName: "", filePath: "", value: new Uint8Array([0x78]) });
    expect(hasTarget(s)).toBe(false);
    expect(hasTarget({ ...s, envName: "A" })).toBe(true);
  });
});
