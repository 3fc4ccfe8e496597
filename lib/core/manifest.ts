/**
 * Codec for Coder's agent manifest secrets: `coder.agent.v2.Manifest` holding only field 19
 * (`repeated WorkspaceSecret secrets`), wire-compatible with coder/coder agent/proto/agent.proto.
 * Forms: protobuf bytes, standard base64 of those bytes (`proto_base64`), and the Go SDK JSON form.
 */
import { Writer } from "protobufjs/minimal";
import { CAPS, capProblem } from "./caps";
import { ManifestSecret } from "./secret";

/** The wire rule a {@link ManifestDecodeError} is about (Go's protowire errors, by name). */
export type WireRule =
  | "truncated"
  | "varint overflow"
  | "field number"
  | "wire type"
  | "length"
  | "end group"
  | "group depth"
  | "utf-8"
  | "cap";

/** Input that is not a manifest: bad base64, truncated or malformed protobuf, bad JSON, or over a cap (caps.ts). */
export class ManifestDecodeError extends Error {
  /** Byte offset in the protobuf input, when the problem has one. */
  readonly offset: number | undefined;
  readonly rule: WireRule | undefined;
  constructor(message: string, options: { offset?: number; rule?: WireRule } = {}) {
    super(message);
    this.name = "ManifestDecodeError";
    this.offset = options.offset;
    this.rule = options.rule;
  }
}

const MANIFEST_SECRETS_FIELD = 19;
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_SGROUP = 3;
const WIRE_EGROUP = 4;
const WIRE_I32 = 5;
/** protowire.MaxValidNumber. */
const MAX_FIELD_NUMBER = 2 ** 29 - 1;
/** Go's limit on a length prefix (an int32 of bytes). */
const MAX_LENGTH = 2 ** 31 - 1;
/** Field tags (`field << 3 | wire type`) of lib/core/proto/agent_secrets.proto, all length-delimited. */
const TAG = {
  secrets: (MANIFEST_SECRETS_FIELD << 3) | WIRE_LEN,
  envName: (1 << 3) | WIRE_LEN,
  filePath: (2 << 3) | WIRE_LEN,
  value: (3 << 3) | WIRE_LEN,
} as const;

/**
 * Encodes secrets in declaration order. Empty targets and empty values are omitted, as Go's proto3 marshaller does.
 * Written with protobufjs's Writer the way its static code generator (pbjs) writes an encoder: reflection would
 * generate that code with `new Function` at the first call, which every provider process that reads pays once
 * (V8's code cache cannot hold generated functions; figures in bench/README.md).
 */
export function encodeManifest(secrets: readonly ManifestSecret[]): Uint8Array {
  const w = Writer.create();
  for (const s of secrets) {
    w.uint32(TAG.secrets).fork();
    if (s.envName) w.uint32(TAG.envName).string(s.envName);
    if (s.filePath) w.uint32(TAG.filePath).string(s.filePath);
    if (s.value.length > 0) w.uint32(TAG.value).bytes(s.value);
    w.ldelim();
  }
  return w.finish();
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

const FIX = "expected coder.agent.v2.Manifest bytes (the proto_base64 output of codersecrets_manifest)";

function wireError(at: number, rule: WireRule, what: string, within = ""): ManifestDecodeError {
  return new ManifestDecodeError(`manifest: byte ${at}${within}: ${what} (protobuf rule: ${rule}); ${FIX}`, { offset: at, rule });
}

/**
 * A cursor over the manifest bytes that follows protobuf's wire rules as Go's protowire does. Varints are read as
 * 64-bit values (as doubles: exact below 2^53, and every bound checked here is far below that), so a length can never
 * wrap to a small number.
 */
class WireCursor {
  pos = 0;
  /** `base`: where `bytes` starts in the manifest, so that every message names an offset in the whole input. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base = 0,
  ) {}

  private error(at: number, rule: WireRule, what: string): ManifestDecodeError {
    return wireError(this.base + at, rule, what, this.base === 0 ? "" : ` (in the secret entry at byte ${this.base})`);
  }

  /** Offset of the cursor in the whole manifest. */
  get offset(): number {
    return this.base + this.pos;
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** At most 10 bytes, and the tenth may only carry bit 63 (protowire.ConsumeVarint). */
  varint(what: string): number {
    const at = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw this.error(at, "truncated", `${what}: the varint is cut off by the end of its message`);
      const b = this.bytes[this.pos++];
      if (i === 9 && b > 1) throw this.error(at, "varint overflow", `${what}: a varint longer than 10 bytes or above 2^64-1`);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw this.error(at, "varint overflow", `${what}: a varint longer than 10 bytes`);
  }

  /** Field number and wire type; the wire type comes from the first byte, exact whatever the varint's size. */
  tag(): { field: number; wireType: number; at: number } {
    const at = this.pos;
    const wireType = (this.bytes[at] ?? 0) & 7;
    const field = Math.floor(this.varint("field tag") / 8);
    if (field < 1 || field > MAX_FIELD_NUMBER) {
      throw this.error(at, "field number", `field number ${field > MAX_FIELD_NUMBER ? "above 2^29-1" : field}; field numbers are 1 to 2^29-1`);
    }
    if (wireType > WIRE_I32) throw this.error(at, "wire type", `field ${field} has wire type ${wireType}; wire types are 0 to 5`);
    return { field, wireType, at };
  }

  /** The bytes of a length-delimited field, as a view. */
  delimited(field: number): Uint8Array {
    const at = this.pos;
    const length = this.varint(`length of field ${field}`);
    const remaining = this.bytes.length - this.pos;
    if (length > MAX_LENGTH) throw this.error(at, "length", `field ${field} claims more than 2^31-1 bytes`);
    if (length > remaining) throw this.error(at, "truncated", `field ${field} claims ${length} bytes but only ${remaining} remain`);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  fixed(size: number, field: number): void {
    if (this.bytes.length - this.pos < size) throw this.error(this.pos, "truncated", `field ${field}: a ${size * 8}-bit value is cut off`);
    this.pos += size;
  }

  /** Skips a field we do not read, by its wire type. A group runs to its matching end, nested at most CAPS.maxGroupDepth deep. */
  skip(field: number, wireType: number, at: number): void {
    if (wireType === WIRE_EGROUP) throw this.error(at, "end group", `field ${field} ends a group that was never started`);
    if (wireType !== WIRE_SGROUP) return this.skipValue(field, wireType);
    const open = [field];
    while (open.length > 0) {
      if (this.done) throw this.error(at, "truncated", `group of field ${field} has no end`);
      const t = this.tag();
      if (t.wireType === WIRE_EGROUP) {
        if (t.field !== open[open.length - 1]) {
          throw this.error(t.at, "end group", `field ${t.field} ends the group of field ${open[open.length - 1]}`);
        }
        open.pop();
      } else if (t.wireType === WIRE_SGROUP) {
        if (open.length >= CAPS.maxGroupDepth) throw this.error(t.at, "group depth", `groups nested more than ${CAPS.maxGroupDepth} deep`);
        open.push(t.field);
      } else {
        this.skipValue(t.field, t.wireType);
      }
    }
  }

  private skipValue(field: number, wireType: number): void {
    if (wireType === WIRE_VARINT) this.varint(`field ${field}`);
    else if (wireType === WIRE_I64) this.fixed(8, field);
    else if (wireType === WIRE_LEN) this.delimited(field);
    else this.fixed(4, field);
  }
}

function utf8Field(data: Uint8Array, at: number, name: string, within: string): string {
  try {
    return fatalUtf8.decode(data);
  } catch {
    throw wireError(at, "utf-8", `${name} is not valid UTF-8 (a proto3 string must be)`, within);
  }
}

const SECRET_FIELDS = ["", "env_name", "file_path", "value"] as const;

/**
 * A field we read must be length-delimited, as agent.proto declares it. Go's decoder would treat it as an unknown field
 * and drop it silently; both injectors refuse it instead (nothing our provider writes has it, so such bytes are not
 * the manifest they claim to be).
 */
function expectLengthDelimited(t: { field: number; wireType: number; at: number }, name: string, within: string): void {
  if (t.wireType !== WIRE_LEN) {
    throw wireError(t.at, "wire type", `field ${t.field} (${name}) has wire type ${t.wireType}, expected ${WIRE_LEN} (length-delimited)`, within);
  }
}

/** One WorkspaceSecret; a repeated scalar's last value wins (proto3). `base` is the entry's offset in the manifest. */
function readSecret(data: Uint8Array, base: number): ManifestSecret {
  const c = new WireCursor(data, base);
  const within = ` (in the secret entry at byte ${base})`;
  let envName = "";
  let filePath = "";
  let value: Uint8Array = new Uint8Array(0);
  while (!c.done) {
    const t = c.tag();
    const at = base + t.at;
    if (t.field >= 1 && t.field <= 3) {
      expectLengthDelimited({ ...t, at }, SECRET_FIELDS[t.field], within);
      const bytes = c.delimited(t.field);
      if (t.field === 1) envName = utf8Field(bytes, at, "env_name", within);
      else if (t.field === 2) filePath = utf8Field(bytes, at, "file_path", within);
      // A copy: the view points into the caller's input.
      else value = new Uint8Array(bytes);
    } else {
      c.skip(t.field, t.wireType, t.at);
    }
  }
  return { envName, filePath, value };
}

/**
 * Decodes manifest bytes strictly (Go's wire rules, see {@link WireCursor}, and the wire types agent.proto gives the
 * fields we read); other Manifest fields are skipped.
 * The size and the entry count are checked against {@link CAPS} before any entry is read. Every entry is returned,
 * also one with neither target (the agent skips those: see {@link hasTarget}).
 */
export function decodeManifest(bytes: Uint8Array): ManifestSecret[] {
  if (bytes.length > CAPS.maxManifestBytes) {
    throw new ManifestDecodeError(`manifest: ${capProblem("manifest bytes", bytes.length, CAPS.maxManifestBytes)}`, { rule: "cap" });
  }
  const c = new WireCursor(bytes);
  const entries: { data: Uint8Array; base: number }[] = [];
  while (!c.done) {
    const t = c.tag();
    if (t.field === MANIFEST_SECRETS_FIELD) {
      expectLengthDelimited(t, "secrets", "");
      const data = c.delimited(t.field);
      if (entries.length === CAPS.maxEntries) {
        throw new ManifestDecodeError(`manifest: byte ${t.at}: ${capProblem("entries", `at least ${CAPS.maxEntries + 1}`, CAPS.maxEntries)}`, { offset: t.at, rule: "cap" });
      }
      entries.push({ data, base: c.offset - data.length });
    } else {
      c.skip(t.field, t.wireType, t.at);
    }
  }
  return entries.map((e) => readSecret(e.data, e.base));
}

/** Whether the agent acts on an entry: one with neither env_name nor file_path is skipped by it (and by the injectors). */
export function hasTarget(s: Pick<ManifestSecret, "envName" | "filePath">): boolean {
  return s.envName !== "" || s.filePath !== "";
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict standard base64 (RFC 4648 §4): whitespace is ignored, any other stray character is an error. */
export function decodeBase64Strict(text: string, what = "input"): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 === 1 || (compact.includes("=") && compact.length % 4 !== 0)) {
    throw new ManifestDecodeError(`${what} is not standard base64 (A-Z a-z 0-9 + / with = padding)`);
  }
  return new Uint8Array(Buffer.from(compact, "base64"));
}

export function encodeManifestBase64(secrets: readonly ManifestSecret[]): string {
  return Buffer.from(encodeManifest(secrets)).toString("base64");
}

/** Refuses a text form longer than {@link CAPS.maxManifestTextChars} before reading any of it. */
export function checkManifestTextSize(text: string): void {
  if (text.length > CAPS.maxManifestTextChars) {
    throw new ManifestDecodeError(`manifest: ${capProblem("manifest text", text.length, CAPS.maxManifestTextChars)}`, { rule: "cap" });
  }
}

export function decodeManifestBase64(text: string): ManifestSecret[] {
  checkManifestTextSize(text);
  return decodeManifest(decodeBase64Strict(text, "manifest"));
}
