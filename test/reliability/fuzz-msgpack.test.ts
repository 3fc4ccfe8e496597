import { prng as rng } from "../support/prng";
import { encode } from "@msgpack/msgpack";
import { decodeDynamicValue, DynamicValueError } from "../../provider/codersecrets/cty/msgpack";
import { parseManifestConfig } from "../../provider/codersecrets/manifest/config";
import { ruleDiagnostics } from "../../provider/codersecrets/manifest/rules";
import { manifestState } from "../../provider/codersecrets/manifest/state";
import { manifestConfigObject } from "../../provider/codersecrets/schema";


const CANARY = "CANARY-msgpack-fuzz-91d3";

/** Decode → parse → rules → state, as ReadDataSource does: either diagnostics or a state, never another exception. */
function pipeline(bytes: Uint8Array): string {
  let value;
  try {
    value = decodeDynamicValue({ msgpack: Buffer.from(bytes) });
  } catch (err) {
    if (!(err instanceof DynamicValueError)) throw err;
    return err.message;
  }
  const parsed = parseManifestConfig(value);
  const texts = parsed.diagnostics.map((d) => `${d.summary} ${d.detail}`);
  if (parsed.config && !parsed.diagnostics.some((d) => d.severity === 1)) {
    texts.push(...ruleDiagnostics(parsed.config).map((d) => `${d.summary} ${d.detail}`));
    manifestState(parsed.config);
  }
  return texts.join("\n");
}

describe("msgpack DynamicValue decoder fuzz (bounded)", () => {
  const valid = encode(manifestConfigObject([
    { env_name: "TOKEN", file_path: null, value: `${CANARY}-a` },
    { env_name: null, file_path: "~/.ssh/id", value: `${CANARY}-b` },
    { env_name: "PATH", file_path: "~/x", value: `${CANARY}$HOME` },
  ], "/home/coder"));

  it.each([7, 8, 9])("random bytes never crash or hang (seed %i)", (seed) => {
    const next = rng(seed);
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 48)).map(() => Math.floor(next() * 256));
      expect(() => pipeline(bytes)).not.toThrow();
    }
  });

  it.each([7, 8, 9])("mutated valid configs give diagnostics or a state, and no diagnostic carries a value (seed %i)", (seed) => {
    const next = rng(seed);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from(valid);
      for (let f = 0; f < 1 + Math.floor(next() * 3); f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const cut = next() < 0.3 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
      const text = pipeline(cut);
      expect(text).not.toContain(CANARY);
    }
  });

  it("a deeply nested value fails cleanly", () => {
    const deep = new Uint8Array(100_000).fill(0x91); // fixarray(1) nested 100k times
    expect(() => pipeline(deep)).not.toThrow();
  });

  it("a huge claimed length fails cleanly without allocating it", () => {
    expect(pipeline(new Uint8Array([0xdb, 0xff, 0xff, 0xff, 0xf0, 0x41]))).toMatch(/malformed msgpack/);
  });
});
