/**
 * The decoded form of a Terraform (cty) value as it travels in a DynamicValue: JSON-like data plus an
 * `UNKNOWN` marker for values Terraform does not know yet (msgpack extension types, refined or not).
 */

/** A value not known until apply. Any msgpack extension type decodes to this; we always encode it as ext 0. */
export class UnknownValue {
  readonly kind = "unknown" as const;
  toJSON(): string {
    return "<unknown>";
  }
}
export const UNKNOWN: UnknownValue = new UnknownValue();
Object.freeze(UNKNOWN);

export type CtyValue =
  | null
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | UnknownValue
  | CtyValue[]
  | CtyObject;

export interface CtyObject {
  [key: string]: CtyValue;
}

export function isUnknown(value: unknown): value is UnknownValue {
  return value instanceof UnknownValue;
}

export function isObject(value: CtyValue | undefined): value is CtyObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof UnknownValue)
  );
}

/** True when `value` holds an unknown anywhere inside it. */
export function containsUnknown(value: CtyValue | undefined): boolean {
  if (value instanceof UnknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** Own-property read that ignores prototype keys such as `__proto__` or `constructor`. */
export function attr(object: CtyObject, name: string): CtyValue | undefined {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}
