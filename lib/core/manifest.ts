/**
 * Codec for Coder's agent manifest secrets: `coder.agent.v2.Manifest` holding only field 19
 * (`repeated WorkspaceSecret secrets`), wire-compatible with coder/coder agent/proto/agent.proto.
 * Forms: protobuf bytes, standard base64 of those bytes (`proto_base64`), and the Go SDK JSON form.
 */
import { Field, Reader, Root, Type } from "protobufjs/light";
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

const WorkspaceSecretType = new Type("WorkspaceSecret")
  .add(new Field("env_name", 1, "string"))
  .add(new Field("file_path", 2, "string"))
  .add(new Field("value", 3, "bytes"));
const ManifestType = new Type("Manifest").add(new Field("secrets", MANIFEST_SECRETS_FIELD, "WorkspaceSecret", "repeated"));
new Root().define("coder.agent.v2").add(WorkspaceSecretType).add(ManifestType);

interface WireSecret {
  env_name?: string;
  file_path?: string;
  value?: Uint8Array;
}

/** Encodes secrets in declaration order. Empty targets and empty values are omitted, as Go's proto3 marshaller does. */
export function encodeManifest(secrets: readonly ManifestSecret[]): Uint8Array {
  const wire = secrets.map((s) => {
    const m: WireSecret = {};
    if (s.envName) m.env_name = s.envName;
    if (s.filePath) m.file_path = s.filePath;
    if (s.value.length > 0) m.value = s.value;
    return m;
  });
  return ManifestType.encode(ManifestType.fromObject({ secrets: wire })).finish();
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

/** Decodes manifest bytes; unknown fields (other Manifest fields) are skipped. */
export function decodeManifest(bytes: Uint8Array): ManifestSecret[] {
  try {
    checkWire(bytes, MANIFEST_FIELDS, "manifest");
    const decoded = ManifestType.decode(bytes) as unknown as { secrets?: WireSecret[] };
    return (decoded.secrets ?? []).map((s) => ({
      envName: s.env_name ?? "",
      filePath: s.file_path ?? "",
      // A copy: the decoder's buffers may be views into `bytes`.
      value: s.value ? new Uint8Array(s.value) : new Uint8Array(0),
    }));
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
