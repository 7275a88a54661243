import type { BfcpAttribute } from '../attributes/attribute.js';
import { isGroupedAttribute } from '../attributes/attribute.js';
import {
  AttributeType,
  attributeName,
  isAttributeName,
  type AttributeName,
} from '../attributes/attribute-type.js';
import { errorCodeMeaning, RequestStatus, requestStatusName } from '../attributes/values.js';
import { BfcpError } from '../errors.js';
import type { BfcpMessage, CommonHeader } from '../message/message.js';
import { primitiveFromName, primitiveName } from '../message/primitive.js';
import { fromHex, toHex } from './hex.js';

/** JSON of one attribute (what `parley decode bfcp` prints). */
export interface AttributeJson {
  readonly type: string;
  readonly typeId: number;
  readonly mandatory: boolean;
  readonly value: unknown;
  readonly attributes?: readonly AttributeJson[];
}

/** JSON of one message (what `parley decode bfcp` prints and `parley encode bfcp` reads). */
export interface MessageJson {
  readonly version: number;
  readonly responder: boolean;
  readonly fragmented: boolean;
  readonly primitive: string;
  readonly primitiveId: number;
  readonly conferenceId: number;
  readonly transactionId: number;
  readonly userId: number;
  readonly attributes: readonly AttributeJson[];
}

/** JSON of a fragment (printed as is: its payload cannot be decoded alone). */
export interface FragmentJson extends Omit<MessageJson, 'attributes'> {
  readonly fragment: { readonly offset: number; readonly length: number };
  readonly payloadLength: number;
  readonly payload: string;
}

function primitiveLabel(id: number): string {
  return primitiveName(id) ?? `Unknown(${id})`;
}

export function attributeToJson(a: BfcpAttribute): AttributeJson {
  if (a.type === 'UNKNOWN') {
    return { type: 'UNKNOWN', typeId: a.typeId, mandatory: a.mandatory, value: toHex(a.value) };
  }
  const base = { type: a.type, typeId: AttributeType[a.type], mandatory: a.mandatory };
  if (isGroupedAttribute(a)) {
    return { ...base, value: a.value, attributes: a.attributes.map(attributeToJson) };
  }
  switch (a.type) {
    case 'REQUEST-STATUS':
      return {
        ...base,
        value: {
          status: a.value.status,
          statusName: requestStatusName(a.value.status) ?? null,
          queuePosition: a.value.queuePosition,
        },
      };
    case 'ERROR-CODE': {
      const unknown =
        a.value.code === 4 ? { unknownAttributes: [...a.value.details].map((d) => d >> 1) } : {};
      return {
        ...base,
        value: {
          code: a.value.code,
          meaning: errorCodeMeaning(a.value.code),
          details: toHex(a.value.details),
          ...unknown,
        },
      };
    }
    default:
      return { ...base, value: a.value };
  }
}

export function messageToJson(m: BfcpMessage): MessageJson {
  return {
    version: m.version,
    responder: m.responder,
    fragmented: false,
    primitive: primitiveLabel(m.primitive),
    primitiveId: m.primitive,
    conferenceId: m.conferenceId,
    transactionId: m.transactionId,
    userId: m.userId,
    attributes: m.attributes.map(attributeToJson),
  };
}

export function fragmentToJson(header: CommonHeader, payload: Uint8Array): FragmentJson {
  return {
    version: header.version,
    responder: header.responder,
    fragmented: true,
    primitive: primitiveLabel(header.primitive),
    primitiveId: header.primitive,
    conferenceId: header.conferenceId,
    transactionId: header.transactionId,
    userId: header.userId,
    payloadLength: header.payloadLength,
    fragment: { offset: header.fragment?.offset ?? 0, length: header.fragment?.length ?? 0 },
    payload: toHex(payload),
  };
}

// ---- JSON -> message ------------------------------------------------------------------------

function bad(path: string, message: string): BfcpError {
  return new BfcpError('INVALID_JSON', `${path}: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(v: unknown, max: number, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw bad(path, `expected an integer 0..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function bool(v: unknown, path: string, fallback: boolean): boolean {
  if (v === undefined) {
    return fallback;
  }
  if (typeof v !== 'boolean') {
    throw bad(path, `expected true or false, got ${JSON.stringify(v)}`);
  }
  return v;
}

function hexValue(v: unknown, path: string): Uint8Array {
  const bytes = typeof v === 'string' ? fromHex(v) : undefined;
  if (!bytes) {
    throw bad(path, `expected a hex string, got ${JSON.stringify(v)}`);
  }
  return bytes;
}

function intList(v: unknown, max: number, path: string): number[] {
  if (!Array.isArray(v)) {
    throw bad(path, 'expected an array of integers');
  }
  return v.map((x, i) => int(x, max, `${path}[${i}]`));
}

function resolveType(j: Record<string, unknown>, path: string): AttributeName | number {
  const type = j['type'];
  const typeId = j['typeId'];
  if (typeof type === 'string' && isAttributeName(type)) {
    if (typeId !== undefined && typeId !== AttributeType[type]) {
      throw bad(
        path,
        `type ${type} has typeId ${AttributeType[type]}, not ${JSON.stringify(typeId)}`,
      );
    }
    return type;
  }
  const id = int(typeId, 127, `${path}.typeId`);
  return attributeName(id) ?? id;
}

export function attributeFromJson(v: unknown, path = 'attribute'): BfcpAttribute {
  if (!isRecord(v)) {
    throw bad(path, 'expected an object');
  }
  const type = resolveType(v, path);
  const mandatory = bool(v['mandatory'], `${path}.mandatory`, true);
  const value = v['value'];
  if (typeof type === 'number') {
    return { type: 'UNKNOWN', typeId: type, mandatory, value: hexValue(value, `${path}.value`) };
  }
  const vp = `${path}.value`;
  switch (type) {
    case 'BENEFICIARY-ID':
    case 'FLOOR-ID':
    case 'FLOOR-REQUEST-ID':
      return { type, mandatory, value: int(value, 0xffff, vp) };
    case 'PRIORITY':
      return { type, mandatory, value: int(value, 7, vp) };
    case 'REQUEST-STATUS': {
      if (!isRecord(value)) {
        throw bad(vp, 'expected {"status","queuePosition"}');
      }
      const s = value['status'];
      const status =
        typeof s === 'string' && Object.hasOwn(RequestStatus, s)
          ? RequestStatus[s as keyof typeof RequestStatus]
          : int(s, 255, `${vp}.status`);
      return {
        type,
        mandatory,
        value: {
          status,
          queuePosition: int(value['queuePosition'] ?? 0, 255, `${vp}.queuePosition`),
        },
      };
    }
    case 'ERROR-CODE': {
      if (!isRecord(value)) {
        throw bad(vp, 'expected {"code", "details"?, "unknownAttributes"?}');
      }
      const code = int(value['code'], 255, `${vp}.code`);
      const details =
        value['details'] !== undefined
          ? hexValue(value['details'], `${vp}.details`)
          : value['unknownAttributes'] !== undefined
            ? Uint8Array.from(
                intList(value['unknownAttributes'], 127, `${vp}.unknownAttributes`),
                (t) => t << 1,
              )
            : new Uint8Array(0);
      return { type, mandatory, value: { code, details } };
    }
    case 'ERROR-INFO':
    case 'PARTICIPANT-PROVIDED-INFO':
    case 'STATUS-INFO':
    case 'USER-DISPLAY-NAME':
    case 'USER-URI':
      if (typeof value !== 'string') {
        throw bad(vp, 'expected a string');
      }
      return { type, mandatory, value };
    case 'SUPPORTED-ATTRIBUTES':
      return { type, mandatory, value: intList(value, 127, vp) };
    case 'SUPPORTED-PRIMITIVES':
      return { type, mandatory, value: intList(value, 255, vp) };
    case 'BENEFICIARY-INFORMATION':
    case 'FLOOR-REQUEST-INFORMATION':
    case 'REQUESTED-BY-INFORMATION':
    case 'FLOOR-REQUEST-STATUS':
    case 'OVERALL-REQUEST-STATUS': {
      const inner = v['attributes'] ?? [];
      if (!Array.isArray(inner)) {
        throw bad(`${path}.attributes`, 'expected an array');
      }
      return {
        type,
        mandatory,
        value: int(value, 0xffff, vp),
        attributes: inner.map((x, i) => attributeFromJson(x, `${path}.attributes[${i}]`)),
      };
    }
  }
}

/**
 * The message a JSON object describes (the shape `messageToJson` prints). `primitiveId` wins over
 * `primitive`; `mandatory` defaults to true, `responder` to false. Throws BfcpError INVALID_JSON.
 */
export function messageFromJson(v: unknown): BfcpMessage {
  if (!isRecord(v)) {
    throw bad('message', 'expected a JSON object');
  }
  if (v['fragmented'] === true) {
    throw bad(
      'message.fragmented',
      'fragments cannot be encoded from JSON; give the whole message',
    );
  }
  const version = int(v['version'] ?? 1, 7, 'message.version');
  if (version !== 1 && version !== 2) {
    throw bad('message.version', `BFCP versions are 1 and 2, got ${version}`);
  }
  let primitive: number | undefined;
  if (v['primitiveId'] !== undefined) {
    primitive = int(v['primitiveId'], 255, 'message.primitiveId');
  } else if (typeof v['primitive'] === 'string') {
    primitive = primitiveFromName(v['primitive']);
  }
  if (primitive === undefined) {
    throw bad('message.primitive', `unknown primitive ${JSON.stringify(v['primitive'])}`);
  }
  const attributes = v['attributes'] ?? [];
  if (!Array.isArray(attributes)) {
    throw bad('message.attributes', 'expected an array');
  }
  return {
    version,
    responder: bool(v['responder'], 'message.responder', false),
    primitive,
    conferenceId: int(v['conferenceId'], 0xffffffff, 'message.conferenceId'),
    transactionId: int(v['transactionId'], 0xffff, 'message.transactionId'),
    userId: int(v['userId'], 0xffff, 'message.userId'),
    attributes: attributes.map((a, i) => attributeFromJson(a, `message.attributes[${i}]`)),
  };
}
