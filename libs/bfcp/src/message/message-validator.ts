import type { BfcpAttribute } from '../attributes/attribute.js';
import { isGroupedAttribute } from '../attributes/attribute.js';
import type { AttributeName, GroupedAttributeName } from '../attributes/attribute-type.js';
import type { BfcpMessage } from './message.js';
import { Primitive, primitiveName } from './primitive.js';

/** One element of an ABNF concatenation: an attribute type and how often it may occur. */
interface Element {
  readonly type: AttributeName;
  readonly min: number;
  readonly max: number;
}

const one = (type: AttributeName): Element => ({ type, min: 1, max: 1 });
const opt = (type: AttributeName): Element => ({ type, min: 0, max: 1 });
const many = (type: AttributeName, min = 0): Element => ({ type, min, max: Infinity });

/** RFC 8855 §5.3: what follows the COMMON-HEADER of each primitive (before *EXTENSION-ATTRIBUTE). */
const messageGrammar: Record<Primitive, readonly Element[]> = {
  [Primitive.FloorRequest]: [
    many('FLOOR-ID', 1),
    opt('BENEFICIARY-ID'),
    opt('PARTICIPANT-PROVIDED-INFO'),
    opt('PRIORITY'),
  ],
  [Primitive.FloorRelease]: [one('FLOOR-REQUEST-ID')],
  [Primitive.FloorRequestQuery]: [one('FLOOR-REQUEST-ID')],
  [Primitive.FloorRequestStatus]: [one('FLOOR-REQUEST-INFORMATION')],
  [Primitive.UserQuery]: [opt('BENEFICIARY-ID')],
  [Primitive.UserStatus]: [opt('BENEFICIARY-INFORMATION'), many('FLOOR-REQUEST-INFORMATION')],
  [Primitive.FloorQuery]: [many('FLOOR-ID')],
  // Figure 38 prints *FLOOR-ID; §16.2 says [FLOOR-ID]. We accept several and emit at most one.
  [Primitive.FloorStatus]: [many('FLOOR-ID'), many('FLOOR-REQUEST-INFORMATION')],
  [Primitive.ChairAction]: [one('FLOOR-REQUEST-INFORMATION')],
  [Primitive.ChairActionAck]: [],
  [Primitive.Hello]: [],
  [Primitive.HelloAck]: [one('SUPPORTED-PRIMITIVES'), one('SUPPORTED-ATTRIBUTES')],
  [Primitive.Error]: [one('ERROR-CODE'), opt('ERROR-INFO')],
  [Primitive.FloorRequestStatusAck]: [],
  [Primitive.FloorStatusAck]: [],
  [Primitive.Goodbye]: [],
  [Primitive.GoodbyeAck]: [],
};

/** RFC 8855 §5.2.14-5.2.18: the contents of each grouped attribute after its header. */
const groupedGrammar: Record<GroupedAttributeName, readonly Element[]> = {
  'BENEFICIARY-INFORMATION': [opt('USER-DISPLAY-NAME'), opt('USER-URI')],
  'FLOOR-REQUEST-INFORMATION': [
    opt('OVERALL-REQUEST-STATUS'),
    many('FLOOR-REQUEST-STATUS', 1),
    opt('BENEFICIARY-INFORMATION'),
    opt('REQUESTED-BY-INFORMATION'),
    opt('PRIORITY'),
    opt('PARTICIPANT-PROVIDED-INFO'),
  ],
  'REQUESTED-BY-INFORMATION': [opt('USER-DISPLAY-NAME'), opt('USER-URI')],
  'FLOOR-REQUEST-STATUS': [opt('REQUEST-STATUS'), opt('STATUS-INFO')],
  'OVERALL-REQUEST-STATUS': [opt('REQUEST-STATUS'), opt('STATUS-INFO')],
};

export interface AbnfViolation {
  /** Indexes from the message's attribute list down to the offending attribute ([] = the message). */
  readonly path: readonly number[];
  /**
   * `error`: a missing, repeated or misplaced RFC 8855 attribute (the message does not match the
   * ABNF). `order`: every attribute is allowed but not in the ABNF's order; receivers accept it.
   */
  readonly severity: 'error' | 'order';
  readonly message: string;
}

/**
 * Checks a message against the ABNF of its primitive (RFC 8855 §5.3) and every grouped attribute
 * against its own ABNF. Extension (UNKNOWN) attributes are allowed anywhere. Primitives RFC 8855
 * does not define are not checked.
 */
export function validateMessage(message: BfcpMessage): AbnfViolation[] {
  const name = primitiveName(message.primitive);
  if (name === undefined) {
    return [];
  }
  const out: AbnfViolation[] = [];
  checkSequence(message.attributes, messageGrammar[Primitive[name]], name, [], out);
  return out;
}

function checkSequence(
  attributes: readonly BfcpAttribute[],
  grammar: readonly Element[],
  where: string,
  path: readonly number[],
  out: AbnfViolation[],
): void {
  const counts = new Map<AttributeName, number>();
  let lastIndex = -1;
  let orderReported = false;
  attributes.forEach((attribute, i) => {
    const at = [...path, i];
    if (attribute.type === 'UNKNOWN') {
      return;
    }
    const index = grammar.findIndex((e) => e.type === attribute.type);
    const element = grammar[index];
    if (element === undefined) {
      out.push({
        path: at,
        severity: 'error',
        message: `${attribute.type} is not allowed in ${where}`,
      });
      return;
    }
    const count = (counts.get(attribute.type) ?? 0) + 1;
    counts.set(attribute.type, count);
    if (count === element.max + 1) {
      out.push({
        path: at,
        severity: 'error',
        message: `${where} allows at most ${element.max} ${attribute.type}`,
      });
    }
    if (index < lastIndex && !orderReported) {
      orderReported = true;
      out.push({
        path: at,
        severity: 'order',
        message: `${attribute.type} comes after ${grammar[lastIndex]?.type ?? '?'} in ${where} (ABNF order differs)`,
      });
    }
    lastIndex = Math.max(lastIndex, index);
    if (isGroupedAttribute(attribute)) {
      checkSequence(attribute.attributes, groupedGrammar[attribute.type], attribute.type, at, out);
    }
  });
  for (const element of grammar) {
    if ((counts.get(element.type) ?? 0) < element.min) {
      out.push({
        path,
        severity: 'error',
        message: `${where} needs ${element.min === 1 ? 'a' : `at least ${element.min}`} ${element.type}`,
      });
    }
  }
}

/**
 * Attribute types with the M bit set that RFC 8855 does not define, anywhere in the message (for
 * Error code 4, RFC 8855 §13). Each type appears once.
 */
export function unknownMandatoryAttributes(message: BfcpMessage): number[] {
  const found = new Set<number>();
  const walk = (attributes: readonly BfcpAttribute[]) => {
    for (const a of attributes) {
      if (a.type === 'UNKNOWN' && a.mandatory) {
        found.add(a.typeId);
      } else if (isGroupedAttribute(a)) {
        walk(a.attributes);
      }
    }
  };
  walk(message.attributes);
  return [...found];
}
