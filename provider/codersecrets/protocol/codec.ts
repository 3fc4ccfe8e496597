/**
 * Protobuf (de)serialisation for the gRPC services, on the static code pbjs generated from the .proto files
 * (static.generated.ts, run on protobufjs/minimal): no reflection root and no generated-at-run-time code on the
 * start-up path, and every function is in the bundle's V8 code cache.
 */
import root from "./static.generated";

/** What pbjs generates for each message type (the part used here). */
interface StaticMessageType {
  fromObject(object: Record<string, unknown>): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: ConversionOptions): unknown;
}

interface ConversionOptions {
  readonly longs?: NumberConstructor;
  readonly enums?: NumberConstructor;
  readonly defaults?: boolean;
  readonly arrays?: boolean;
  readonly oneofs?: boolean;
}

/** A message's serializer and deserializer in the form @grpc/grpc-js service definitions take. */
export interface MessageCodec<T> {
  readonly name: string;
  serialize(value: T): Buffer;
  deserialize(bytes: Buffer): T;
}

const TO_OBJECT: ConversionOptions = { longs: Number, enums: Number, defaults: false, arrays: false, oneofs: false };

/** Thrown when bytes on the wire are not a valid message of the expected type. */
export class ProtocolDecodeError extends Error {
  constructor(readonly messageType: string, cause: unknown) {
    super(`malformed ${messageType} message: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "ProtocolDecodeError";
  }
}

/** A message type not in the .proto files: a programming error, reported with the name. */
export class UnknownMessageTypeError extends Error {
  constructor(readonly messageType: string) {
    super(`no message type ${messageType} in tfplugin6.proto, go-plugin.proto or health.proto`);
    this.name = "UnknownMessageTypeError";
  }
}

function lookupType(fullName: string): StaticMessageType {
  let node: unknown = root;
  for (const part of fullName.split(".")) {
    node = (node !== null && typeof node === "object") || typeof node === "function" ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== "function" || typeof (node as Partial<StaticMessageType>).decode !== "function") throw new UnknownMessageTypeError(fullName);
  return node as unknown as StaticMessageType;
}

const codecs = new Map<string, MessageCodec<unknown>>();

export function messageCodec<T>(fullName: string): MessageCodec<T> {
  const cached = codecs.get(fullName);
  if (cached) return cached as MessageCodec<T>;
  let type: StaticMessageType | undefined;
  const lookup = (): StaticMessageType => (type ??= lookupType(fullName));
  const codec: MessageCodec<T> = {
    name: fullName,
    serialize(value: T): Buffer {
      const t = lookup();
      const bytes = t.encode(t.fromObject(value as unknown as Record<string, unknown>)).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize(bytes: Buffer): T {
      const t = lookup();
      try {
        return t.toObject(t.decode(bytes), TO_OBJECT) as T;
      } catch (err) {
        throw new ProtocolDecodeError(fullName, err);
      }
    },
  };
  codecs.set(fullName, codec as MessageCodec<unknown>);
  return codec;
}
