/**
 * A seeded corpus of manifests for differential tests of any manifest decoder (the Node one in lib/core, the sh
 * delivery script's): valid manifests with unknown fields of every wire type, hand-built hostile inputs (over-long
 * varints, huge and 32-bit-wrapping lengths, field numbers past 2^29-1, wrong wire types, broken and deep groups),
 * random mutations, and every truncation of a few valid manifests. Deterministic for a seed; `sampleCorpus` picks a
 * bounded sample for slow decoders.
 */
import { encodeManifest, secret } from "../../lib/core";
import { prng } from "./prng";

export interface ManifestCase {
  /** What the case is (stable for a seed), for failure messages. */
  readonly label: string;
  readonly bytes: Uint8Array;
}

export interface CorpusOptions {
  readonly seed?: number;
  /** Random valid-shaped manifests (default 300). */
  readonly random?: number;
  /** Mutations of those (default 1500). */
  readonly mutations?: number;
}

type Rnd = () => number;

function varint(v: bigint | number): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

function tagBytes(field: number | bigint, wireType: number): number[] {
  return varint((BigInt(field) << 3n) | BigInt(wireType));
}

function len(field: number, data: readonly number[] | Uint8Array): number[] {
  return [...tagBytes(field, 2), ...varint(data.length), ...data];
}

const int = (rnd: Rnd, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)];
const hex = (h: string) => [...Buffer.from(h.replace(/\s+/g, ""), "hex")];

/** An unknown field of a random wire type (groups nested up to `depth`). */
function unknownField(rnd: Rnd, depth = 3): number[] {
  const field = pick(rnd, [4, 20, 21, 99, 2 ** 29 - 1]);
  switch (int(rnd, depth > 0 ? 5 : 4)) {
    case 0:
      return [...tagBytes(field, 0), ...varint(BigInt(int(rnd, 2 ** 31)) * BigInt(int(rnd, 2 ** 31)))];
    case 1:
      return [...tagBytes(field, 1), ...Array.from({ length: 8 }, () => int(rnd, 256))];
    case 2:
      return [...tagBytes(field, 5), ...Array.from({ length: 4 }, () => int(rnd, 256))];
    case 3:
      return len(field, Array.from({ length: int(rnd, 6) }, () => int(rnd, 256)));
    default: {
      const inner = Array.from({ length: int(rnd, 3) }, () => unknownField(rnd, depth - 1)).flat();
      return [...tagBytes(field, 3), ...inner, ...tagBytes(field, 4)];
    }
  }
}

function text(rnd: Rnd, alphabet: string, max: number): string {
  return Array.from({ length: int(rnd, max) }, () => alphabet[int(rnd, alphabet.length)]).join("");
}

/** A valid manifest: entries with random targets and values, unknown fields between and inside them. */
function randomManifest(rnd: Rnd): number[] {
  const out: number[] = [];
  for (let e = 0, n = int(rnd, 5); e < n; e++) {
    if (rnd() < 0.3) out.push(...unknownField(rnd));
    const entry: number[] = [];
    for (let f = 0, m = 1 + int(rnd, 4); f < m; f++) {
      const which = int(rnd, 5);
      if (which === 0) entry.push(...len(1, [...Buffer.from(text(rnd, "ABZ_09a\u00e9", 8))]));
      else if (which === 1) entry.push(...len(2, [...Buffer.from(`~/${text(rnd, "ab./\u043a", 10)}`)]));
      else if (which === 2) entry.push(...len(3, Array.from({ length: int(rnd, 40) }, () => int(rnd, 256))));
      // A known field number with another wire type: refused (Go would skip it); makes the rest of the corpus vary.
      else if (which === 3 && rnd() < 0.05) {
        const wireType = pick(rnd, [0, 1, 5]);
        entry.push(...tagBytes(1 + int(rnd, 3), wireType), ...Array<number>(wireType === 0 ? 1 : wireType === 1 ? 8 : 4).fill(1));
      }
      else entry.push(...unknownField(rnd));
    }
    out.push(...len(19, entry));
  }
  if (rnd() < 0.3) out.push(...unknownField(rnd));
  return out;
}

function mutate(rnd: Rnd, bytes: readonly number[]): number[] {
  const b = [...bytes];
  for (let k = 0, n = 1 + int(rnd, 3); k < n; k++) {
    const at = int(rnd, b.length + 1);
    const op = int(rnd, 4);
    const special = pick(rnd, [0x00, 0x01, 0x7f, 0x80, 0xff, 0x9a, 0x0a, 0x12, 0x1a, 0x0b, 0x0c, 0x10, 0x0f]);
    if (op === 0 && b.length > 0) b[Math.min(at, b.length - 1)] = rnd() < 0.5 ? special : int(rnd, 256);
    else if (op === 1) b.splice(at, 0, special);
    else if (op === 2 && b.length > 0) b.splice(Math.min(at, b.length - 1), 1);
    // A continuation run: turns a varint into an over-long or 64-bit one.
    else b.splice(at, 0, ...Array.from({ length: 1 + int(rnd, 10) }, () => 0x80));
  }
  return b;
}

const VALID_ENTRY = len(19, [...len(1, [0x41]), ...len(3, [0x78])]);

/** Inputs the Go runtime rejects or accepts for one specific rule, each named. */
function hostile(): [string, number[]][] {
  const deep = (depth: number, field = 4) => [
    ...Array.from({ length: depth }, () => tagBytes(field, 3)).flat(),
    ...Array.from({ length: depth }, () => tagBytes(field, 4)).flat(),
  ];
  return [
    ["issue 17: length varint 2^60, then a stray byte", hex("9a01 8080808080808080 10 0a")],
    ["length 2^32 + 3 (wraps to 3 in 32 bits)", [...tagBytes(19, 2), ...varint(2n ** 32n + 3n), ...hex("0a0141")]],
    ["length 2^32 (wraps to 0)", [...tagBytes(19, 2), ...varint(2n ** 32n)]],
    ["length 2^31", [...tagBytes(19, 2), ...varint(2n ** 31n), 0]],
    ["length 2^31 - 1, short input", [...tagBytes(19, 2), ...varint(2n ** 31n - 1n), 0]],
    ["length past the input by one", [...tagBytes(19, 2), 4, ...hex("0a0141")]],
    ["value length 2^32 + 1 inside an entry", len(19, [...tagBytes(3, 2), ...varint(2n ** 32n + 1n), 0x78])],
    ["11-byte varint in an unknown field", [...tagBytes(20, 0), ...Array(10).fill(0x80), 0x00]],
    ["10-byte varint, last byte 2", [...tagBytes(20, 0), ...Array(9).fill(0x80), 0x02]],
    ["10-byte varint, last byte 1 (2^63, legal)", [...tagBytes(20, 0), ...Array(9).fill(0x80), 0x01, ...VALID_ENTRY]],
    ["10-byte length varint, last byte 1", [...tagBytes(19, 2), ...Array(9).fill(0x80), 0x01]],
    ["padded 6-byte tag for field 19 (legal for Go)", [0x9a, 0x81, 0x80, 0x80, 0x80, 0x00, 3, ...hex("0a0141")]],
    ["padded 11-byte tag", [0x9a, 0x81, ...Array(8).fill(0x80), 0x00, 0]],
    ["tag for field 2^29 + 19 (19 after a 32-bit wrap)", [...tagBytes(2 ** 29 + 19, 2), 3, ...hex("0a0141")]],
    ["tag for field 2^32 + 19", [...tagBytes(2n ** 32n + 19n, 2), 3, ...hex("0a0141")]],
    ["tag for field 2^29 - 1 (largest legal)", [...tagBytes(2 ** 29 - 1, 0), 1, ...VALID_ENTRY]],
    ["field number 0", [...tagBytes(0, 0), 1]],
    ["wire type 6", [...tagBytes(19, 6), 1]],
    ["wire type 7 inside an entry", len(19, tagBytes(1, 7))],
    ["field 19 as a varint (refused; Go skips it)", [...tagBytes(19, 0), 6, ...VALID_ENTRY]],
    ["field 19 as fixed32", [...tagBytes(19, 5), 1, 2, 3, 4, ...VALID_ENTRY]],
    ["env_name as a varint inside an entry", len(19, [...tagBytes(1, 0), 5, ...len(2, [0x2f, 0x61])])],
    ["value as fixed64 inside an entry", len(19, [...tagBytes(3, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...len(1, [0x42])])],
    ["field 19 as a group", [...tagBytes(19, 3), ...tagBytes(1, 0), 1, ...tagBytes(19, 4), ...VALID_ENTRY]],
    ["end group without a start", tagBytes(19, 4)],
    ["end group of another field", [...tagBytes(4, 3), ...tagBytes(5, 4)]],
    ["group without an end", [...tagBytes(4, 3), ...tagBytes(1, 0), 1]],
    ["unknown groups 100 deep", [...deep(100), ...VALID_ENTRY]],
    ["unknown groups 3000 deep inside an entry", len(19, [...deep(3000, 7), ...len(1, [0x43])])],
    ["unknown groups 10000 deep (Go's limit)", [...deep(10_000), ...VALID_ENTRY]],
    ["unknown groups 10001 deep", deep(10_001)],
    ["invalid UTF-8 in env_name", len(19, len(1, [0xc3, 0x28]))],
    ["invalid UTF-8 in an unknown field (not checked)", [...len(20, [0xff]), ...VALID_ENTRY]],
    ["truncated fixed64", [...tagBytes(20, 1), 1, 2, 3]],
    ["truncated fixed32 inside an entry", len(19, [...tagBytes(20, 5), 1, 2])],
    ["an entry with neither target", len(19, len(3, [0x78]))],
    ["an empty entry", len(19, [])],
    ["repeated env_name: the last wins", len(19, [...len(1, [0x41]), ...len(1, [0x42])])],
  ];
}

export function manifestCorpus(options: CorpusOptions = {}): ManifestCase[] {
  const seed = options.seed ?? 17;
  const rnd = prng(seed);
  const cases: ManifestCase[] = hostile().map(([label, bytes]) => ({ label, bytes: Uint8Array.from(bytes) }));

  const samples = [
    [...encodeManifest([secret({ envName: "GITHUB_TOKEN" }, "t0k"), secret({ filePath: "~/.ssh/id_ed25519" }, new Uint8Array(130).fill(0xab))])],
    [...unknownField(prng(seed + 1)), ...len(19, [...len(2, [0x2f, 0x78]), ...unknownField(prng(seed + 2)), ...len(3, [1, 2, 3])])],
  ];
  for (const [s, bytes] of samples.entries()) {
    for (let cut = 0; cut < bytes.length; cut++) cases.push({ label: `sample ${s} truncated to ${cut} bytes`, bytes: Uint8Array.from(bytes.slice(0, cut)) });
  }

  const valid: number[][] = [];
  for (let i = 0; i < (options.random ?? 300); i++) {
    const m = randomManifest(rnd);
    valid.push(m);
    cases.push({ label: `seed ${seed} random ${i}`, bytes: Uint8Array.from(m) });
  }
  for (let i = 0; i < (options.mutations ?? 1500); i++) {
    const base = valid.length > 0 ? valid[i % valid.length] : VALID_ENTRY;
    cases.push({ label: `seed ${seed} mutation ${i} of random ${i % Math.max(valid.length, 1)}`, bytes: Uint8Array.from(mutate(rnd, base)) });
  }
  return cases;
}

/** A bounded, seeded sample of `cases` that always keeps the hand-built hostile ones (they come first). */
export function sampleCorpus(cases: readonly ManifestCase[], size: number, seed = 1): ManifestCase[] {
  const fixed = hostile().length;
  const head = cases.slice(0, Math.min(fixed, size));
  const rest = cases.slice(fixed);
  const rnd = prng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(size - head.length, rest.length)) picked.add(int(rnd, rest.length));
  return [...head, ...[...picked].sort((a, b) => a - b).map((i) => rest[i])];
}
