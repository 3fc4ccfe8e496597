/**
 * Protobuf (de)serialisation for the gRPC services, built lazily from the generated JSON descriptor with the
 * reflection-only protobufjs build (no .proto parser on the start-up path).
 */
import * as protobuf from "protobufjs/light";
import { DESCRIPTOR } from "./descriptor.generated";

let root: protobuf.Root | undefined;

function getRoot(): protobuf.Root {
  if (!root) root = protobuf.Root.fromJSON(DESCRIPTOR as protobuf.INamespace);
  return root;
}

/** A message's serializer and deserializer in the form @grpc/grpc-js service definitions take. */
export interface MessageCodec<T> {
  readonly name: string;
  serialize(value: T): Buffer;
  deserialize(bytes: Buffer): T;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false, arrays: false, oneofs: false };

/** Thrown when bytes on the wire are not a valid message of the expected type. */
export class ProtocolDecodeError extends Error {
  constructor(readonly messageType: string, cause: unknown) {
    super(`malformed ${messageType} message: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "ProtocolDecodeError";
  }
}

const codecs = new Map<string, MessageCodec<unknown>>();

export function messageCodec<T>(fullName: string): MessageCodec<T> {
  const cached = codecs.get(fullName);
  if (cached) return cached as MessageCodec<T>;
  let type: protobuf.Type | undefined;
  const lookup = (): protobuf.Type => (type ??= getRoot().lookupType(fullName));
  const codec: MessageCodec<T> = {
    name: fullName,
    serialize(value: T): Buffer {
      const t = lookup();
      const message = t.fromObject(value as unknown as Record<string, unknown>);
      const bytes = t.encode(message).finish();
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
