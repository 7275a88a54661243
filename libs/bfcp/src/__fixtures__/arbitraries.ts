import fc from 'fast-check';
import type { BfcpAttribute } from '../attributes/attribute.js';
import type {
  FloorRequestInformation,
  StatusReport,
  UserInformation,
} from '../attributes/floor-request-information.js';
import { BfcpError } from '../errors.js';
import type { BfcpMessage } from '../message/message.js';
import * as build from '../message/message-builders.js';
import { encodeMessage } from '../message/message-encoder.js';

const u16 = fc.integer({ min: 0, max: 0xffff });
const shortText = fc.string({ unit: 'binary', maxLength: 6 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const status: fc.Arbitrary<StatusReport> = fc
  .record({
    status: opt(fc.integer({ min: 1, max: 7 })),
    queuePosition: fc.integer({ min: 0, max: 255 }),
    statusInfo: opt(shortText),
  })
  .map((s) => (s.status === undefined ? { statusInfo: s.statusInfo } : s));

const user: fc.Arbitrary<UserInformation> = fc.record({
  userId: u16,
  displayName: opt(shortText),
  uri: opt(shortText),
});

export const floorRequestInformation: fc.Arbitrary<FloorRequestInformation> = fc.record({
  floorRequestId: u16,
  overall: opt(status),
  floors: fc.array(
    fc.tuple(u16, status).map(([floorId, s]) => ({ floorId, ...s })),
    { minLength: 1, maxLength: 3 },
  ),
  beneficiary: opt(user),
  requestedBy: opt(user),
  priority: opt(fc.integer({ min: 0, max: 7 })),
  participantProvidedInfo: opt(shortText),
});

const header = fc.record({
  conferenceId: fc.integer({ min: 0, max: 0xffffffff }),
  transactionId: u16,
  userId: u16,
  version: fc.constantFrom(1 as const, 2 as const),
  responder: fc.boolean(),
});

/** Extension attributes (types RFC 8855 leaves free) that a receiver ignores (M = 0) or must refuse (M = 1). */
export const extensionAttribute: fc.Arbitrary<BfcpAttribute> = fc.record({
  type: fc.constant('UNKNOWN' as const),
  typeId: fc.integer({ min: 19, max: 127 }),
  mandatory: fc.boolean(),
  value: fc.uint8Array({ maxLength: 9 }),
});

/** A random message valid per its primitive's ABNF (all 17 primitives), extension attributes last. */
export const validMessage: fc.Arbitrary<BfcpMessage> = fc
  .tuple(
    header,
    fc.oneof(
      fc
        .record({
          floorIds: fc.array(u16, { minLength: 1, maxLength: 4 }),
          beneficiaryId: opt(u16),
          participantProvidedInfo: opt(fc.string({ unit: 'binary', maxLength: 40 })),
          priority: opt(fc.integer({ min: 0, max: 7 })),
        })
        .map((f) => (h: build.MessageHeader) => build.floorRequest(h, f)),
      u16.map((id) => (h: build.MessageHeader) => build.floorRelease(h, id)),
      u16.map((id) => (h: build.MessageHeader) => build.floorRequestQuery(h, id)),
      floorRequestInformation.map(
        (i) => (h: build.MessageHeader) => build.floorRequestStatus(h, i),
      ),
      opt(u16).map((id) => (h: build.MessageHeader) => build.userQuery(h, id)),
      fc
        .record({
          beneficiary: opt(user),
          requests: fc.array(floorRequestInformation, { maxLength: 3 }),
        })
        .map((f) => (h: build.MessageHeader) => build.userStatus(h, f)),
      fc
        .array(u16, { maxLength: 5 })
        .map((ids) => (h: build.MessageHeader) => build.floorQuery(h, ids)),
      fc
        .record({
          floorId: opt(u16),
          requests: fc.array(floorRequestInformation, { maxLength: 3 }),
        })
        .map((f) => (h: build.MessageHeader) => build.floorStatus(h, f)),
      floorRequestInformation.map((i) => (h: build.MessageHeader) => build.chairAction(h, i)),
      fc.constant(build.chairActionAck),
      fc.constant(build.hello),
      fc
        .record({
          primitives: fc.array(fc.integer({ min: 1, max: 255 }), { maxLength: 30 }),
          attributes: fc.array(fc.integer({ min: 1, max: 127 }), { maxLength: 30 }),
        })
        .map((f) => (h: build.MessageHeader) => build.helloAck(h, f)),
      fc
        .record({
          code: fc.integer({ min: 0, max: 255 }),
          info: opt(fc.string({ unit: 'binary', maxLength: 30 })),
          unknownAttributes: fc.array(fc.integer({ min: 19, max: 127 }), { maxLength: 5 }),
        })
        .map((f) => (h: build.MessageHeader) => build.errorMessage(h, f)),
      fc.constant(build.floorRequestStatusAck),
      fc.constant(build.floorStatusAck),
      fc.constant(build.goodbye),
      fc.constant(build.goodbyeAck),
    ),
    fc.array(extensionAttribute, { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([h, make, extensions, mandatoryBits]) => {
    const m = make(h);
    const flip = (a: BfcpAttribute): BfcpAttribute =>
      'attributes' in a
        ? { ...a, mandatory: mandatoryBits, attributes: a.attributes.map(flip) }
        : a.type === 'UNKNOWN'
          ? a
          : { ...a, mandatory: mandatoryBits };
    return { ...m, attributes: [...m.attributes.map(flip), ...extensions] };
  })
  .filter(encodable);

/** False for messages whose grouped attributes would exceed 255 octets. */
export function encodable(m: BfcpMessage): boolean {
  try {
    encodeMessage(m);
    return true;
  } catch (error) {
    if (error instanceof BfcpError) {
      return false;
    }
    throw error;
  }
}
