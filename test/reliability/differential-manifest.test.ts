/**
 * Differential fuzz of the Node manifest decoder (lib/core) against an independent one (test/support/manifest-oracle:
 * @bufbuild/protobuf's reader with Go's wire rules) over the shared corpus (test/support/manifest-corpus): they must
 * agree on accept/reject and on every entry's targets and bytes. A planted copy of the old 32-bit length read must
 * make the harness report disagreements, or the harness could not catch that class of bug.
 */
import { Reader } from "protobufjs/minimal";
import { decodeManifest, encodeManifest, ManifestDecodeError, ManifestSecret } from "../../lib/core";
import { manifestCorpus, sampleCorpus } from "../support/manifest-corpus";
import { disagreements, oracleDecodeManifest, verdictOf } from "../support/manifest-oracle";

const corpus = [17, 29, 4242].flatMap((seed) => manifestCorpus({ seed }));

/**
 * The decoder as it was before issue 17, reduced to its reading: protobufjs's Reader takes every varint (lengths and
 * tags) as 32 bits, so a length of 2^60 reads as 0 and a tag for field 2^29+19 as field 19.
 */
function plantedThirtyTwoBitDecoder(bytes: Uint8Array): ManifestSecret[] {
  const walk = (data: Uint8Array, onField: (field: number, r: Reader, start: number, end: number) => void) => {
    const r = Reader.create(data);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if (field === 0 || (tag & 7) === 4 || (tag & 7) > 5) throw new Error("bad tag");
      if ((tag & 7) !== 2) {
        r.skipType(tag & 7);
        continue;
      }
      const length = r.uint32();
      if (r.pos + length > r.len) throw new Error("truncated");
      onField(field, r, r.pos, r.pos + length);
      r.pos += length;
    }
  };
  const out: ManifestSecret[] = [];
  walk(bytes, (field, _r, start, end) => {
    if (field !== 19) return;
    const s = { envName: "", filePath: "", value: new Uint8Array(0) };
    walk(bytes.subarray(start, end), (f, _r2, a, b) => {
      const part = bytes.subarray(start + a, start + b);
      if (f === 1) s.envName = new TextDecoder("utf-8", { fatal: true }).decode(part);
      else if (f === 2) s.filePath = new TextDecoder("utf-8", { fatal: true }).decode(part);
      else if (f === 3) s.value = new Uint8Array(part);
    });
    out.push(s);
  });
  return out;
}

describe("manifest decoder vs an independent decoder (@bufbuild/protobuf reader, Go's wire rules)", () => {
  it("the corpus is varied: many accepted and many rejected inputs", () => {
    const verdicts = corpus.map((c) => verdictOf(oracleDecodeManifest, c.bytes));
    expect(corpus.length).toBeGreaterThan(5000);
    expect(verdicts.filter((v) => v.accepted).length).toBeGreaterThan(1000);
    expect(verdicts.filter((v) => !v.accepted).length).toBeGreaterThan(500);
  });

  it("agrees with the oracle on every case: accept/reject, targets and bytes", () => {
    expect(disagreements(corpus, (bytes) => verdictOf(decodeManifest, bytes))).toEqual([]);
  });

  it("rejects only with ManifestDecodeError, and what it accepts re-encodes to entries that decode the same", () => {
    for (const c of corpus) {
      let out: ManifestSecret[];
      try {
        out = decodeManifest(c.bytes);
      } catch (err) {
        if (!(err instanceof ManifestDecodeError)) throw new Error(`${c.label}: ${String(err)}`);
        expect(err.message).toMatch(/^manifest: byte \d+/);
        continue;
      }
      expect(decodeManifest(encodeManifest(out))).toEqual(out);
    }
  });

  it("a planted copy of the old 32-bit length read makes the harness report the issue's inputs", () => {
    const found = disagreements(corpus, (bytes) => verdictOf(plantedThirtyTwoBitDecoder, bytes), { limit: 10_000 });
    const labels = found.map((d) => d.label);
    expect(labels).toEqual(expect.arrayContaining([
      "issue 17: length varint 2^60, then a stray byte",
      "length 2^32 + 3 (wraps to 3 in 32 bits)",
      "tag for field 2^29 + 19 (19 after a 32-bit wrap)",
    ]));
    const issue = found.find((d) => d.label.startsWith("issue 17"));
    expect(issue?.candidate).toEqual({ accepted: true, secrets: [{ envName: "", filePath: "", valueHex: "" }] });
    expect(issue?.oracle).toEqual({ accepted: false });
  });

  it("sampleCorpus is bounded, seeded and keeps the hand-built hostile cases", () => {
    const sample = sampleCorpus(corpus, 200, 5);
    expect(sample).toHaveLength(200);
    expect(sample.map((c) => c.label)).toContain("issue 17: length varint 2^60, then a stray byte");
    expect(sampleCorpus(corpus, 200, 5)).toEqual(sample);
  });
});
