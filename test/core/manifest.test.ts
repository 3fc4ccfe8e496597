import * as path from "node:path";
import * as protobuf from "protobufjs";
import {
  decodeManifest, decodeManifestBase64, encodeManifest, encodeManifestBase64, fromSdkJson, LIMITS, ManifestDecodeError,
  ManifestSecret, secret, toSdkJson,
} from "../../lib/core";

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
    ["wrong wire type for secrets", "9801 06", /field 19 \(secrets\) has wire type 0, expected 2/],
    ["wrong wire type for env_name", "9a01 02 0801", /field 1 \(env_name\) has wire type 0/],
    ["field number 0", "0001", /field number 0/],
    ["end-group without start", "9c01", /wire type 4/],
    ["invalid UTF-8 in file_path", "9a01 03 1201ff", /not valid UTF-8/],
    ["wire type 7", "9f01", /wire type 7/],
  ];
  it.each(bad)("%s", (_n, h, re) => {
    expect(() => decodeManifest(fromHex(h))).toThrow(ManifestDecodeError);
    expect(() => decodeManifest(fromHex(h))).toThrow(re);
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
