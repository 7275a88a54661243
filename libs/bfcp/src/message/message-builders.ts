import type { BfcpAttribute } from '../attributes/attribute.js';
import { findAttribute, findAttributes, text, unsigned16 } from '../attributes/attribute-lookup.js';
import {
  fromFloorRequestInformation,
  toFloorRequestInformation,
  userInformationAttribute,
  type FloorRequestInformation,
  type UserInformation,
} from '../attributes/floor-request-information.js';
import { allAttributeTypes } from '../attributes/attribute-type.js';
import { ErrorCode } from '../attributes/values.js';
import type { BfcpMessage, BfcpVersion } from './message.js';
import { allPrimitives, Primitive } from './primitive.js';

/** The COMMON-HEADER fields a builder needs. Version defaults to 1, responder to false. */
export interface MessageHeader {
  readonly conferenceId: number;
  readonly transactionId: number;
  readonly userId: number;
  readonly version?: BfcpVersion | undefined;
  readonly responder?: boolean | undefined;
}

function message(h: MessageHeader, primitive: Primitive, attributes: BfcpAttribute[]): BfcpMessage {
  return {
    version: h.version ?? 1,
    responder: h.responder ?? false,
    primitive,
    conferenceId: h.conferenceId,
    transactionId: h.transactionId,
    userId: h.userId,
    attributes,
  };
}

/**
 * The header of a response (RFC 8855 §8.2): Conference ID, Transaction ID and User ID copied from
 * the request, same version, R set on version 2 (unreliable transports).
 */
export function responseHeader(request: BfcpMessage): MessageHeader {
  return {
    conferenceId: request.conferenceId,
    transactionId: request.transactionId,
    userId: request.userId,
    version: request.version,
    responder: request.version === 2,
  };
}

export interface FloorRequestFields {
  readonly floorIds: readonly number[];
  readonly beneficiaryId?: number | undefined;
  readonly participantProvidedInfo?: string | undefined;
  readonly priority?: number | undefined;
}

export function floorRequest(h: MessageHeader, f: FloorRequestFields): BfcpMessage {
  const a: BfcpAttribute[] = f.floorIds.map((id) => unsigned16('FLOOR-ID', id));
  if (f.beneficiaryId !== undefined) {
    a.push(unsigned16('BENEFICIARY-ID', f.beneficiaryId));
  }
  if (f.participantProvidedInfo !== undefined) {
    a.push(text('PARTICIPANT-PROVIDED-INFO', f.participantProvidedInfo));
  }
  if (f.priority !== undefined) {
    a.push({ type: 'PRIORITY', mandatory: true, value: f.priority });
  }
  return message(h, Primitive.FloorRequest, a);
}

export function readFloorRequest(m: BfcpMessage): FloorRequestFields {
  return {
    floorIds: findAttributes(m.attributes, 'FLOOR-ID').map((a) => a.value),
    beneficiaryId: findAttribute(m.attributes, 'BENEFICIARY-ID')?.value,
    participantProvidedInfo: findAttribute(m.attributes, 'PARTICIPANT-PROVIDED-INFO')?.value,
    priority: findAttribute(m.attributes, 'PRIORITY')?.value,
  };
}

export function floorRelease(h: MessageHeader, floorRequestId: number): BfcpMessage {
  return message(h, Primitive.FloorRelease, [unsigned16('FLOOR-REQUEST-ID', floorRequestId)]);
}

export function floorRequestQuery(h: MessageHeader, floorRequestId: number): BfcpMessage {
  return message(h, Primitive.FloorRequestQuery, [unsigned16('FLOOR-REQUEST-ID', floorRequestId)]);
}

export function floorRequestStatus(h: MessageHeader, info: FloorRequestInformation): BfcpMessage {
  return message(h, Primitive.FloorRequestStatus, [fromFloorRequestInformation(info)]);
}

/** The FLOOR-REQUEST-INFORMATION of a FloorRequestStatus or ChairAction (undefined when missing). */
export function readFloorRequestInformation(m: BfcpMessage): FloorRequestInformation | undefined {
  const fri = findAttribute(m.attributes, 'FLOOR-REQUEST-INFORMATION');
  return fri ? toFloorRequestInformation(fri) : undefined;
}

export function userQuery(h: MessageHeader, beneficiaryId?: number): BfcpMessage {
  return message(
    h,
    Primitive.UserQuery,
    beneficiaryId === undefined ? [] : [unsigned16('BENEFICIARY-ID', beneficiaryId)],
  );
}

export interface UserStatusFields {
  readonly beneficiary?: UserInformation | undefined;
  readonly requests: readonly FloorRequestInformation[];
}

export function userStatus(h: MessageHeader, f: UserStatusFields): BfcpMessage {
  const a: BfcpAttribute[] = [];
  if (f.beneficiary) {
    a.push(userInformationAttribute('BENEFICIARY-INFORMATION', f.beneficiary));
  }
  for (const request of f.requests) {
    a.push(fromFloorRequestInformation(request));
  }
  return message(h, Primitive.UserStatus, a);
}

export function readUserStatus(m: BfcpMessage): UserStatusFields {
  const bi = findAttribute(m.attributes, 'BENEFICIARY-INFORMATION');
  return {
    beneficiary: bi
      ? {
          userId: bi.value,
          displayName: findAttribute(bi.attributes, 'USER-DISPLAY-NAME')?.value,
          uri: findAttribute(bi.attributes, 'USER-URI')?.value,
        }
      : undefined,
    requests: findAttributes(m.attributes, 'FLOOR-REQUEST-INFORMATION').map(
      toFloorRequestInformation,
    ),
  };
}

export function floorQuery(h: MessageHeader, floorIds: readonly number[]): BfcpMessage {
  return message(
    h,
    Primitive.FloorQuery,
    floorIds.map((id) => unsigned16('FLOOR-ID', id)),
  );
}

export interface FloorStatusFields {
  /** Absent only in the answer to a FloorQuery without FLOOR-ID. */
  readonly floorId?: number | undefined;
  readonly requests: readonly FloorRequestInformation[];
}

export function floorStatus(h: MessageHeader, f: FloorStatusFields): BfcpMessage {
  const a: BfcpAttribute[] = [];
  if (f.floorId !== undefined) {
    a.push(unsigned16('FLOOR-ID', f.floorId));
  }
  for (const request of f.requests) {
    a.push(fromFloorRequestInformation(request));
  }
  return message(h, Primitive.FloorStatus, a);
}

export function readFloorStatus(m: BfcpMessage): FloorStatusFields {
  return {
    floorId: findAttribute(m.attributes, 'FLOOR-ID')?.value,
    requests: findAttributes(m.attributes, 'FLOOR-REQUEST-INFORMATION').map(
      toFloorRequestInformation,
    ),
  };
}

export function chairAction(h: MessageHeader, info: FloorRequestInformation): BfcpMessage {
  return message(h, Primitive.ChairAction, [fromFloorRequestInformation(info)]);
}

export function chairActionAck(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.ChairActionAck, []);
}

export function hello(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.Hello, []);
}

export interface HelloAckFields {
  readonly primitives: readonly number[];
  readonly attributes: readonly number[];
}

/** HelloAck listing every primitive and attribute unless told otherwise. */
export function helloAck(
  h: MessageHeader,
  f: HelloAckFields = { primitives: allPrimitives, attributes: allAttributeTypes },
): BfcpMessage {
  return message(h, Primitive.HelloAck, [
    { type: 'SUPPORTED-PRIMITIVES', mandatory: true, value: f.primitives },
    { type: 'SUPPORTED-ATTRIBUTES', mandatory: true, value: f.attributes },
  ]);
}

export function readHelloAck(m: BfcpMessage): HelloAckFields {
  return {
    primitives: findAttribute(m.attributes, 'SUPPORTED-PRIMITIVES')?.value ?? [],
    attributes: findAttribute(m.attributes, 'SUPPORTED-ATTRIBUTES')?.value ?? [],
  };
}

export interface ErrorFields {
  readonly code: number;
  readonly info?: string | undefined;
  /** For code 4: the unknown attribute types, written as Error Specific Details. */
  readonly unknownAttributes?: readonly number[] | undefined;
}

export function errorMessage(h: MessageHeader, f: ErrorFields): BfcpMessage {
  const details =
    f.code === ErrorCode.UnknownMandatoryAttribute && f.unknownAttributes
      ? Uint8Array.from(f.unknownAttributes, (t) => (t & 0x7f) << 1)
      : new Uint8Array(0);
  const a: BfcpAttribute[] = [
    { type: 'ERROR-CODE', mandatory: true, value: { code: f.code, details } },
  ];
  if (f.info !== undefined) {
    a.push(text('ERROR-INFO', f.info));
  }
  return message(h, Primitive.Error, a);
}

export function readErrorMessage(m: BfcpMessage): ErrorFields & { unknownAttributes: number[] } {
  const ec = findAttribute(m.attributes, 'ERROR-CODE');
  const code = ec?.value.code ?? 0;
  return {
    code,
    info: findAttribute(m.attributes, 'ERROR-INFO')?.value,
    unknownAttributes:
      code === ErrorCode.UnknownMandatoryAttribute && ec
        ? [...ec.value.details].map((d) => d >> 1)
        : [],
  };
}

export function floorRequestStatusAck(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.FloorRequestStatusAck, []);
}

export function floorStatusAck(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.FloorStatusAck, []);
}

export function goodbye(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.Goodbye, []);
}

export function goodbyeAck(h: MessageHeader): BfcpMessage {
  return message(h, Primitive.GoodbyeAck, []);
}
