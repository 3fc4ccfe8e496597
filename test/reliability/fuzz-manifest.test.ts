import * as path from "node:path";
import * as protobuf from "protobufjs";
import { prng as rng } from "../support/prng";
import { decodeManifest, decodeManifestBase64, encodeManifest, fromSdkJson, ManifestDecodeError, ManifestSecret, secret } from "../../lib/core";


function expectCleanOutcome(fn: () => unknown, label: string): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ManifestDecodeError)) throw new Error(`${label}: unexpected ${String(err)}`);
    expect(err.message.length).toBeGreaterThan(10);
  }
}

describe("manifest decoder fuzz (bounded)", () => {
  const seeds = [1, 2, 3, 42, 1337];
  const valid = encodeManifest([
    secret({ envName: "GITHUB_TOKEN" }, "CANARY-fuzz-ghp"),
    secret({ filePath: "~/.ssh/id_ed25519" }, new Uint8Array(300).fill(0xab)),
    secret({ envName: "BOTH", filePath: "/etc/x" }, ""),
  ]);

  it.each(seeds)("random bytes never crash or hang (seed %i)", (seed) => {
    const next = rng(seed);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(next() * 64);
      const bytes = new Uint8Array(len).map(() => Math.floor(next() * 256));
      expectCleanOutcome(() => decodeManifest(bytes), `seed ${seed} case ${i}`);
    }
  });

  it.each(seeds)("mutated valid manifests decode or fail cleanly (seed %i)", (seed) => {
    const next = rng(seed);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const cut = next() < 0.3 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
      expectCleanOutcome(() => {
        const out = decodeManifest(cut);
        for (const s of out) {
          expect(typeof s.envName).toBe("string");
          expect(s.value).toBeInstanceOf(Uint8Array);
        }
      }, `seed ${seed} case ${i}`);
    }
  });

  it("huge claimed lengths fail fast without allocating", () => {
    // field 19, length varint 0xffffffff0f (4 GiB - 1)
    const bytes = new Uint8Array([0x9a, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a]);
    expect(() => decodeManifest(bytes)).toThrow(ManifestDecodeError);
  });

  it("deep group nesting in unknown fields fails cleanly", () => {
    const bytes = new Uint8Array(20000).fill(0xbb).map((v, i) => (i % 2 === 0 ? 0xbb : 0x01)); // field 23 start-group, repeated
    expectCleanOutcome(() => decodeManifest(bytes), "groups");
  });

  it.each(seeds)("random text for base64 and JSON forms fails cleanly (seed %i)", (seed) => {
    const next = rng(seed);
    const alphabet = "AZaz09+/=[]{}\",:\n \u0000é";
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      expectCleanOutcome(() => decodeManifestBase64(text), `b64 ${i}`);
      expectCleanOutcome(() => fromSdkJson(text), `json ${i}`);
    }
  });
});
