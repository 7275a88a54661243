import type {
  BfcpAttribute,
  GroupedAttribute,
  TextAttribute,
  Unsigned16Attribute,
} from './attribute.js';
import type {
  GroupedAttributeName,
  TextAttributeName,
  Unsigned16AttributeName,
} from './attribute-type.js';

/** The attribute interface whose `type` admits T (distributes over the union). */
export type AttributeOfType<T extends BfcpAttribute['type'], A = BfcpAttribute> = A extends {
  readonly type: infer U;
}
  ? T extends U
    ? A
    : never
  : never;
type Named<T extends BfcpAttribute['type']> = AttributeOfType<T>;

/** The first attribute of a type in a list (undefined when absent). */
export function findAttribute<T extends BfcpAttribute['type']>(
  attributes: readonly BfcpAttribute[],
  type: T,
): Named<T> | undefined {
  return attributes.find((a): a is Named<T> => a.type === type);
}

/** Every attribute of a type in a list, in order. */
export function findAttributes<T extends BfcpAttribute['type']>(
  attributes: readonly BfcpAttribute[],
  type: T,
): Named<T>[] {
  return attributes.filter((a): a is Named<T> => a.type === type);
}

export function unsigned16(
  type: Unsigned16AttributeName,
  value: number,
  mandatory = true,
): Unsigned16Attribute {
  return { type, mandatory, value };
}

export function text(type: TextAttributeName, value: string, mandatory = true): TextAttribute {
  return { type, mandatory, value };
}

export function grouped(
  type: GroupedAttributeName,
  value: number,
  attributes: readonly BfcpAttribute[],
  mandatory = true,
): GroupedAttribute {
  return { type, mandatory, value, attributes };
}
