/**
 * Codec for Coder's agent manifest secrets: `coder.agent.v2.Manifest` holding only field 19
 * (`repeated WorkspaceSecret secrets`), wire-compatible with coder/coder agent/proto/agent.proto.
 * Forms: protobuf bytes, standard base64 of those bytes (`proto_base64`), and the Go SDK JSON form.
 */
import { Reader, Writer } from "protobufjs/minimal";
import { ManifestSecret } from "./secret";

/** Input that is not a manifest: bad base64, truncated or malformed protobuf, wrong wire types, bad JSON. */
export class ManifestDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestDecodeError";
  }
}

const MANIFEST_SECRETS_FIELD = 19;
const WIRE_LEN = 2;
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
 * generate that code with `new Function` at the first call, ~7 ms in a fresh process (every provider process that
 * reads pays it once; V8's code cache cannot hold generated functions), against ~0.2 ms warm.
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

/**
 * Walks the wire format first: every field of the message must be well-formed, the fields we read must have the
 * wire type agent.proto gives them, and strings must be valid UTF-8 (as Go's proto3 decoder requires). Fields
 * we do not know are skipped.
 */
function checkWire(bytes: Uint8Array, known: ReadonlyMap<number, string>, where: string): void {
  const reader = Reader.create(bytes);
  while (reader.pos < reader.len) {
    const at = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new ManifestDecodeError(`${where}: invalid field number 0 at byte ${at}`);
    const name = known.get(field);
    if (name !== undefined) {
      if (wireType !== WIRE_LEN) {
        throw new ManifestDecodeError(`${where}: field ${field} (${name}) has wire type ${wireType}, expected ${WIRE_LEN} (length-delimited) at byte ${at}`);
      }
      const start = reader.pos;
      const length = reader.uint32();
      const dataStart = reader.pos;
      if (dataStart + length > reader.len) {
        throw new ManifestDecodeError(`${where}: field ${field} (${name}) at byte ${start} claims ${length} bytes but only ${reader.len - dataStart} remain (truncated input)`);
      }
      reader.pos = dataStart + length;
      if (where === "manifest" && field === MANIFEST_SECRETS_FIELD) {
        checkWire(bytes.subarray(dataStart, dataStart + length), SECRET_FIELDS, `manifest secret at byte ${at}`);
      } else if (name !== "value") {
        try {
          fatalUtf8.decode(bytes.subarray(dataStart, dataStart + length));
        } catch {
          throw new ManifestDecodeError(`${where}: field ${field} (${name}) is not valid UTF-8`);
        }
      }
    } else {
      if (wireType === 4 || wireType > 5) {
        throw new ManifestDecodeError(`${where}: unsupported wire type ${wireType} for field ${field} at byte ${at}`);
      }
      reader.skipType(wireType);
    }
  }
  if (reader.pos !== reader.len) throw new ManifestDecodeError(`${where}: trailing bytes (truncated input)`);
}

const MANIFEST_FIELDS: ReadonlyMap<number, string> = new Map([[MANIFEST_SECRETS_FIELD, "secrets"]]);
const SECRET_FIELDS: ReadonlyMap<number, string> = new Map([[1, "env_name"], [2, "file_path"], [3, "value"]]);

/** Reads the entries of a manifest that {@link checkWire} accepted: field 19 only; a repeated scalar field's last value wins (proto3). */
function readSecrets(bytes: Uint8Array): ManifestSecret[] {
  const reader = Reader.create(bytes);
  const out: ManifestSecret[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag !== TAG.secrets) {
      reader.skipType(tag & 7);
      continue;
    }
    const end = reader.uint32() + reader.pos;
    let envName = "";
    let filePath = "";
    let value = new Uint8Array(0);
    while (reader.pos < end) {
      const field = reader.uint32();
      if (field === TAG.envName) envName = reader.string();
      else if (field === TAG.filePath) filePath = reader.string();
      // A copy: the reader's bytes may be a view into `bytes`.
      else if (field === TAG.value) value = new Uint8Array(reader.bytes());
      else reader.skipType(field & 7);
    }
    out.push({ envName, filePath, value });
  }
  return out;
}

/** Decodes manifest bytes; unknown fields (other Manifest fields) are skipped. */
export function decodeManifest(bytes: Uint8Array): ManifestSecret[] {
  try {
    checkWire(bytes, MANIFEST_FIELDS, "manifest");
    return readSecrets(bytes);
  } catch (err) {
    if (err instanceof ManifestDecodeError) throw err;
    throw new ManifestDecodeError(`manifest: malformed protobuf (${err instanceof Error ? err.message : String(err)}); expected coder.agent.v2.Manifest bytes`);
  }
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

export function decodeManifestBase64(text: string): ManifestSecret[] {
  return decodeManifest(decodeBase64Strict(text, "manifest"));
}
