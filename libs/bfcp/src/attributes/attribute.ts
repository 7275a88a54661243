import type {
  GroupedAttributeName,
  TextAttributeName,
  Unsigned16AttributeName,
} from './attribute-type.js';

/**
 * One attribute as it is on the wire: its RFC name, its M bit and its value. Grouped attributes
 * carry their header value (an ID) in `value` and the contained attributes in `attributes`, in wire
 * order. Attributes of a type RFC 8855 does not define are kept as `UNKNOWN` with their raw contents,
 * so a message re-encodes byte for byte.
 */
export type BfcpAttribute =
  | Unsigned16Attribute
  | PriorityAttribute
  | RequestStatusAttribute
  | ErrorCodeAttribute
  | TextAttribute
  | SupportedAttributesAttribute
  | SupportedPrimitivesAttribute
  | GroupedAttribute
  | UnknownAttribute;

interface AttributeBase {
  /** The M (Mandatory) bit. Irrelevant for RFC 8855's own attributes; kept for byte-exact round trips. */
  readonly mandatory: boolean;
}

/** BENEFICIARY-ID, FLOOR-ID, FLOOR-REQUEST-ID: a 16-bit unsigned integer. */
export interface Unsigned16Attribute extends AttributeBase {
  readonly type: Unsigned16AttributeName;
  readonly value: number;
}

/** PRIORITY: the 3-bit Prio field (0 Lowest .. 4 Highest; 5-7 are received as-is and mean 4). */
export interface PriorityAttribute extends AttributeBase {
  readonly type: 'PRIORITY';
  readonly value: number;
}

export interface RequestStatusValue {
  /** 1 Pending .. 7 Revoked (RequestStatus); other values are kept as received. */
  readonly status: number;
  /** 0 when not applicable (anything but Accepted) or not disclosed. */
  readonly queuePosition: number;
}

export interface RequestStatusAttribute extends AttributeBase {
  readonly type: 'REQUEST-STATUS';
  readonly value: RequestStatusValue;
}

export interface ErrorCodeValue {
  readonly code: number;
  /** Error Specific Details (for code 4: one octet per unknown attribute, `type << 1`). Empty otherwise. */
  readonly details: Uint8Array;
}

export interface ErrorCodeAttribute extends AttributeBase {
  readonly type: 'ERROR-CODE';
  readonly value: ErrorCodeValue;
}

/** ERROR-INFO, PARTICIPANT-PROVIDED-INFO, STATUS-INFO, USER-DISPLAY-NAME, USER-URI: UTF-8 text. */
export interface TextAttribute extends AttributeBase {
  readonly type: TextAttributeName;
  readonly value: string;
}

/** SUPPORTED-ATTRIBUTES: attribute types (the 7-bit type, not the `type << 1` octet). */
export interface SupportedAttributesAttribute extends AttributeBase {
  readonly type: 'SUPPORTED-ATTRIBUTES';
  readonly value: readonly number[];
}

/** SUPPORTED-PRIMITIVES: primitive values. */
export interface SupportedPrimitivesAttribute extends AttributeBase {
  readonly type: 'SUPPORTED-PRIMITIVES';
  readonly value: readonly number[];
}

/**
 * BENEFICIARY-INFORMATION (Beneficiary ID), FLOOR-REQUEST-INFORMATION (Floor Request ID),
 * REQUESTED-BY-INFORMATION (Requested-by ID), FLOOR-REQUEST-STATUS (Floor ID),
 * OVERALL-REQUEST-STATUS (Floor Request ID).
 */
export interface GroupedAttribute extends AttributeBase {
  readonly type: GroupedAttributeName;
  /** The 16-bit ID of the grouped attribute's header. */
  readonly value: number;
  readonly attributes: readonly BfcpAttribute[];
}

/** An attribute type RFC 8855 does not define (an extension): its raw contents, padding excluded. */
export interface UnknownAttribute extends AttributeBase {
  readonly type: 'UNKNOWN';
  readonly typeId: number;
  readonly value: Uint8Array;
}

export function isGroupedAttribute(attribute: BfcpAttribute): attribute is GroupedAttribute {
  switch (attribute.type) {
    case 'BENEFICIARY-INFORMATION':
    case 'FLOOR-REQUEST-INFORMATION':
    case 'REQUESTED-BY-INFORMATION':
    case 'FLOOR-REQUEST-STATUS':
    case 'OVERALL-REQUEST-STATUS':
      return true;
    default:
      return false;
  }
}
