/** BFCP attribute types (RFC 8855 §5.2 Table 2, IANA "Attributes" subregistry). */
export const AttributeType = {
  'BENEFICIARY-ID': 1,
  'FLOOR-ID': 2,
  'FLOOR-REQUEST-ID': 3,
  PRIORITY: 4,
  'REQUEST-STATUS': 5,
  'ERROR-CODE': 6,
  'ERROR-INFO': 7,
  'PARTICIPANT-PROVIDED-INFO': 8,
  'STATUS-INFO': 9,
  'SUPPORTED-ATTRIBUTES': 10,
  'SUPPORTED-PRIMITIVES': 11,
  'USER-DISPLAY-NAME': 12,
  'USER-URI': 13,
  'BENEFICIARY-INFORMATION': 14,
  'FLOOR-REQUEST-INFORMATION': 15,
  'REQUESTED-BY-INFORMATION': 16,
  'FLOOR-REQUEST-STATUS': 17,
  'OVERALL-REQUEST-STATUS': 18,
} as const;

export type AttributeName = keyof typeof AttributeType;

/** The attribute formats of RFC 8855 §5.2. */
export type AttributeFormat = 'Unsigned16' | 'OctetString16' | 'OctetString' | 'Grouped';

export type Unsigned16AttributeName = 'BENEFICIARY-ID' | 'FLOOR-ID' | 'FLOOR-REQUEST-ID';
export type TextAttributeName =
  'ERROR-INFO' | 'PARTICIPANT-PROVIDED-INFO' | 'STATUS-INFO' | 'USER-DISPLAY-NAME' | 'USER-URI';
export type GroupedAttributeName =
  | 'BENEFICIARY-INFORMATION'
  | 'FLOOR-REQUEST-INFORMATION'
  | 'REQUESTED-BY-INFORMATION'
  | 'FLOOR-REQUEST-STATUS'
  | 'OVERALL-REQUEST-STATUS';

const byId = new Map<number, AttributeName>(
  (Object.entries(AttributeType) as [AttributeName, number][]).map(([name, id]) => [id, name]),
);

export const allAttributeTypes: readonly number[] = [...byId.keys()];

export function attributeName(typeId: number): AttributeName | undefined {
  return byId.get(typeId);
}

export function isAttributeName(name: string): name is AttributeName {
  return Object.hasOwn(AttributeType, name);
}

export function attributeFormat(name: AttributeName): AttributeFormat {
  switch (name) {
    case 'BENEFICIARY-ID':
    case 'FLOOR-ID':
    case 'FLOOR-REQUEST-ID':
      return 'Unsigned16';
    case 'PRIORITY':
    case 'REQUEST-STATUS':
      return 'OctetString16';
    case 'ERROR-CODE':
    case 'ERROR-INFO':
    case 'PARTICIPANT-PROVIDED-INFO':
    case 'STATUS-INFO':
    case 'SUPPORTED-ATTRIBUTES':
    case 'SUPPORTED-PRIMITIVES':
    case 'USER-DISPLAY-NAME':
    case 'USER-URI':
      return 'OctetString';
    case 'BENEFICIARY-INFORMATION':
    case 'FLOOR-REQUEST-INFORMATION':
    case 'REQUESTED-BY-INFORMATION':
    case 'FLOOR-REQUEST-STATUS':
    case 'OVERALL-REQUEST-STATUS':
      return 'Grouped';
  }
}
