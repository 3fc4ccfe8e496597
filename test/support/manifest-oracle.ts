/**
 * An independent manifest decoder for differential tests, and the harness that compares any decoder with it.
 *
 * The wire reading is @bufbuild/protobuf's BinaryReader (conformance-tested: tags, 64-bit varints, fixed values,
 * bounds). Two of its primitives are not used because they read 32 bits: `bytes()`/`skip()` take a length with
 * `uint32()`, which wraps a length of 2^32+n to n (the bug class this harness exists to catch), so lengths are read
 * with `uint64()` here, and so are tags (see {@link tag}). The rules it does not check are spelled out below from the protobuf encoding spec and Go's
 * protowire (which the Coder agent uses): a 10-byte varint's last byte carries only bit 63, a length is at most
 * 2^31-1, groups nest at most 10000 deep, proto3 strings are valid UTF-8. One rule is this project's, stricter than
 * Go: a field the injectors read (Manifest 19, WorkspaceSecret 1-3) with another wire type than length-delimited is
 * refused, where Go would skip it as an unknown field.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { ManifestSecret } from "../../lib/core";
import type { ManifestCase } from "./manifest-corpus";

const MAX_LENGTH = 2n ** 31n - 1n;
const MAX_GROUP_DEPTH = 10_000;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

class OracleReject extends Error {}

/** BinaryReader keeps its buffer private; the oracle reads the last byte of a varint from its own copy. */
const buffers = new WeakMap<BinaryReader, Uint8Array>();

function reader(bytes: Uint8Array): BinaryReader {
  const r = new BinaryReader(bytes);
  buffers.set(r, bytes);
  return r;
}

function varint64(r: BinaryReader): bigint {
  const start = r.pos;
  const v = BigInt(r.uint64());
  if (r.pos - start === 10 && (buffers.get(r) as Uint8Array)[r.pos - 1] > 1) throw new OracleReject("varint above 2^64-1");
  return v;
}

function delimited(r: BinaryReader): Uint8Array {
  const n = varint64(r);
  if (n > MAX_LENGTH) throw new OracleReject("length above 2^31-1");
  if (BigInt(r.pos) + n > BigInt(r.len)) throw new OracleReject("length past the input");
  const out = (buffers.get(r) as Uint8Array).subarray(r.pos, r.pos + Number(n));
  r.pos += Number(n);
  return out;
}

function skipScalar(r: BinaryReader, wireType: WireType): void {
  if (wireType === WireType.Varint) varint64(r);
  else if (wireType === WireType.Bit64) r.fixed64();
  else if (wireType === WireType.Bit32) r.fixed32();
  else delimited(r);
}

/**
 * protowire.ConsumeTag: any varint up to 10 bytes (BinaryReader.tag() refuses tags over 5 bytes, which Go reads),
 * field numbers 1 to 2^29-1, wire types 0 to 5.
 */
function tag(r: BinaryReader): [number, WireType] {
  if (r.pos >= r.len) throw new OracleReject("truncated");
  const v = varint64(r);
  const fieldNo = v >> 3n;
  const wireType = Number(v & 7n);
  if (fieldNo < 1n || fieldNo > 2n ** 29n - 1n) throw new OracleReject("field number");
  if (wireType > 5) throw new OracleReject("wire type");
  return [Number(fieldNo), wireType as WireType];
}

/** Skips one unknown field; groups are walked with an explicit stack. */
function skipField(r: BinaryReader, fieldNo: number, wireType: WireType): void {
  if (wireType === WireType.EndGroup) throw new OracleReject("end group without start");
  if (wireType !== WireType.StartGroup) return skipScalar(r, wireType);
  const open = [fieldNo];
  while (open.length > 0) {
    const [fn, wt] = tag(r);
    if (wt === WireType.EndGroup) {
      if (open.pop() !== fn) throw new OracleReject("mismatched end group");
    } else if (wt === WireType.StartGroup) {
      if (open.length >= MAX_GROUP_DEPTH) throw new OracleReject("groups too deep");
      open.push(fn);
    } else {
      skipScalar(r, wt);
    }
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new OracleReject("invalid UTF-8");
  }
}

function readEntry(bytes: Uint8Array): ManifestSecret {
  const r = reader(bytes);
  let envName = "";
  let filePath = "";
  let value = new Uint8Array(0);
  while (r.pos < r.len) {
    const [fieldNo, wireType] = tag(r);
    if (fieldNo >= 1 && fieldNo <= 3 && wireType !== WireType.LengthDelimited) throw new OracleReject("wire type of a known field");
    if (fieldNo === 1) envName = utf8(delimited(r));
    else if (fieldNo === 2) filePath = utf8(delimited(r));
    else if (fieldNo === 3) value = new Uint8Array(delimited(r));
    else skipField(r, fieldNo, wireType);
  }
  return { envName, filePath, value };
}

/** The oracle: Manifest field 19 entries, or a throw for input the Go runtime rejects. */
export function oracleDecodeManifest(bytes: Uint8Array): ManifestSecret[] {
  const r = reader(bytes);
  const out: ManifestSecret[] = [];
  while (r.pos < r.len) {
    const [fieldNo, wireType] = tag(r);
    if (fieldNo === 19 && wireType !== WireType.LengthDelimited) throw new OracleReject("wire type of a known field");
    if (fieldNo === 19) out.push(readEntry(delimited(r)));
    else skipField(r, fieldNo, wireType);
  }
  return out;
}

/** What a decoder made of one input: rejected, or the entries (targets and the value's hex). */
export type Verdict =
  | { readonly accepted: false }
  | { readonly accepted: true; readonly secrets: readonly { envName: string; filePath: string; valueHex: string }[] };

export type ManifestDecoder = (bytes: Uint8Array) => readonly ManifestSecret[];

/** Runs a throwing decoder; any throw is a rejection (the caller checks the error class where it matters). */
export function verdictOf(decode: ManifestDecoder, bytes: Uint8Array): Verdict {
  let secrets: readonly ManifestSecret[];
  try {
    secrets = decode(bytes);
  } catch {
    return { accepted: false };
  }
  return { accepted: true, secrets: secrets.map((s) => ({ envName: s.envName, filePath: s.filePath, valueHex: Buffer.from(s.value).toString("hex") })) };
}

export interface Disagreement {
  readonly label: string;
  /** The input, hex (corpus inputs hold no secrets). */
  readonly inputHex: string;
  readonly candidate: Verdict;
  readonly oracle: Verdict;
}

export interface CompareOptions {
  /** Maps both verdicts before comparing: e.g. only file targets, for an injector that writes nothing else. */
  readonly project?: (v: Verdict) => Verdict;
  /** Stop after this many disagreements (default 20). */
  readonly limit?: number;
}

/**
 * Every case where `candidate` and the oracle disagree on accept/reject or on any entry's targets and bytes.
 * `candidate` gets the bytes and returns its verdict, so an out-of-process decoder (the sh delivery script) fits too.
 */
export function disagreements(cases: readonly ManifestCase[], candidate: (bytes: Uint8Array) => Verdict, options: CompareOptions = {}): Disagreement[] {
  const project = options.project ?? ((v: Verdict) => v);
  const limit = options.limit ?? 20;
  const out: Disagreement[] = [];
  for (const c of cases) {
    const theirs = project(verdictOf(oracleDecodeManifest, c.bytes));
    const ours = project(candidate(c.bytes));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      out.push({ label: c.label, inputHex: Buffer.from(c.bytes).toString("hex"), candidate: ours, oracle: theirs });
      if (out.length >= limit) break;
    }
  }
  return out;
}
