import { BfcpError } from '../errors.js';
import type { ByteWriter } from '../wire/byte-writer.js';
import type { BfcpAttribute } from './attribute.js';
import { AttributeType } from './attribute-type.js';

function invalid(message: string): BfcpError {
  return new BfcpError('INVALID_ARGUMENT', message);
}

function checkInt(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${what} must be an integer 0..${max}, got ${value}`);
  }
  return value;
}

/** Writes attributes in order, each padded to a 32-bit boundary. */
export function encodeAttributes(w: ByteWriter, attributes: readonly BfcpAttribute[]): void {
  for (const attribute of attributes) {
    encodeAttribute(w, attribute);
  }
}

function typeOctet(typeId: number, mandatory: boolean): number {
  return (typeId << 1) | (mandatory ? 1 : 0);
}

function writeOctetString(
  w: ByteWriter,
  typeId: number,
  m: boolean,
  body: Uint8Array,
  name: string,
): void {
  const length = 2 + body.length;
  if (length > 255) {
    throw invalid(
      `${name}: ${body.length} octets of contents exceed the 253 an attribute can carry`,
    );
  }
  w.u8(typeOctet(typeId, m));
  w.u8(length);
  w.bytes(body);
  w.pad4();
}

export function encodeAttribute(w: ByteWriter, a: BfcpAttribute): void {
  switch (a.type) {
    case 'BENEFICIARY-ID':
    case 'FLOOR-ID':
    case 'FLOOR-REQUEST-ID':
      w.u8(typeOctet(AttributeType[a.type], a.mandatory));
      w.u8(4);
      w.u16(checkInt(a.value, 0xffff, a.type));
      return;
    case 'PRIORITY':
      w.u8(typeOctet(AttributeType.PRIORITY, a.mandatory));
      w.u8(4);
      w.u16(checkInt(a.value, 7, 'PRIORITY') << 13);
      return;
    case 'REQUEST-STATUS':
      w.u8(typeOctet(AttributeType['REQUEST-STATUS'], a.mandatory));
      w.u8(4);
      w.u8(checkInt(a.value.status, 255, 'Request Status'));
      w.u8(checkInt(a.value.queuePosition, 255, 'Queue Position'));
      return;
    case 'ERROR-CODE': {
      const body = new Uint8Array(1 + a.value.details.length);
      body[0] = checkInt(a.value.code, 255, 'Error Code');
      body.set(a.value.details, 1);
      writeOctetString(w, AttributeType['ERROR-CODE'], a.mandatory, body, a.type);
      return;
    }
    case 'ERROR-INFO':
    case 'PARTICIPANT-PROVIDED-INFO':
    case 'STATUS-INFO':
    case 'USER-DISPLAY-NAME':
    case 'USER-URI': {
      const start = w.position;
      w.u8(typeOctet(AttributeType[a.type], a.mandatory));
      w.u8(0);
      const length = 2 + w.utf8(a.value);
      if (length > 255) {
        throw invalid(
          `${a.type}: ${length - 2} octets of text exceed the 253 an attribute can carry`,
        );
      }
      w.patchU8(start + 1, length);
      w.pad4();
      return;
    }
    case 'SUPPORTED-ATTRIBUTES':
      writeOctetString(
        w,
        AttributeType[a.type],
        a.mandatory,
        Uint8Array.from(a.value, (t) => checkInt(t, 127, 'attribute type') << 1),
        a.type,
      );
      return;
    case 'SUPPORTED-PRIMITIVES':
      writeOctetString(
        w,
        AttributeType[a.type],
        a.mandatory,
        Uint8Array.from(a.value, (p) => checkInt(p, 255, 'primitive')),
        a.type,
      );
      return;
    case 'BENEFICIARY-INFORMATION':
    case 'FLOOR-REQUEST-INFORMATION':
    case 'REQUESTED-BY-INFORMATION':
    case 'FLOOR-REQUEST-STATUS':
    case 'OVERALL-REQUEST-STATUS': {
      const start = w.position;
      w.u8(typeOctet(AttributeType[a.type], a.mandatory));
      w.u8(0);
      w.u16(checkInt(a.value, 0xffff, `${a.type} header ID`));
      encodeAttributes(w, a.attributes);
      const length = w.position - start;
      if (length > 255) {
        throw invalid(
          `${a.type}: ${length} octets exceed the 255 a grouped attribute can hold (shorten its texts)`,
        );
      }
      w.patchU8(start + 1, length);
      return;
    }
    case 'UNKNOWN':
      writeOctetString(
        w,
        checkInt(a.typeId, 127, 'attribute type'),
        a.mandatory,
        a.value,
        `attribute type ${a.typeId}`,
      );
      return;
  }
}
