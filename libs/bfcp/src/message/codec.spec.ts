import { describe, expect, it } from '@jest/globals';
import { loadHexExample, rfcExampleNames } from '../../../../test/support/fixtures.js';
import { BfcpParseError } from '../errors.js';
import { decodeMessage } from './message-decoder.js';
import { encodeMessage } from './message-encoder.js';
import { Primitive } from './primitive.js';
import {
  readErrorMessage,
  readFloorRequest,
  readFloorRequestInformation,
} from './message-builders.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('constructed RFC 8855 vectors decode and re-encode byte for byte', () => {
  const names = rfcExampleNames('.hex', 'constructed-bfcp-');
  it('finds the vectors', () => {
    expect(names.length).toBeGreaterThanOrEqual(22);
  });
  it.each(names)('%s', (name) => {
    const bytes = loadHexExample(name);
    const message = decodeMessage(bytes);
    expect(hex(encodeMessage(message))).toBe(hex(bytes));
  });
});

describe('decoded values of the constructed vectors', () => {
  it('Figure 2 (1): FloorRequest TID 123, User 234, FLOOR-ID 543', () => {
    const m = decodeMessage(loadHexExample('constructed-bfcp-rfc8855-fig2-1-floorrequest.hex'));
    expect(m).toMatchObject({
      version: 1,
      responder: false,
      primitive: Primitive.FloorRequest,
      conferenceId: 4321,
      transactionId: 123,
      userId: 234,
    });
    expect(readFloorRequest(m).floorIds).toEqual([543]);
  });

  it('Figure 2 (3): Accepted, queue position 1, TID 0', () => {
    const m = decodeMessage(
      loadHexExample('constructed-bfcp-rfc8855-fig2-3-floorrequeststatus-accepted.hex'),
    );
    expect(m.transactionId).toBe(0);
    expect(readFloorRequestInformation(m)).toEqual({
      floorRequestId: 789,
      overall: { status: 2, queuePosition: 1, statusInfo: undefined },
      floors: [
        { floorId: 543, status: undefined, queuePosition: undefined, statusInfo: undefined },
      ],
      beneficiary: undefined,
      requestedBy: undefined,
      priority: undefined,
      participantProvidedInfo: undefined,
    });
  });

  it('Figure 48 (2): version 2 response with R set', () => {
    const m = decodeMessage(
      loadHexExample('constructed-bfcp-rfc8855-fig48-2-floorrequeststatus-pending.hex'),
    );
    expect(m).toMatchObject({ version: 2, responder: true, transactionId: 123 });
  });

  it('third-party request with priority and padded PARTICIPANT-PROVIDED-INFO', () => {
    const m = decodeMessage(
      loadHexExample('constructed-bfcp-floorrequest-third-party-priority-info.hex'),
    );
    expect(readFloorRequest(m)).toEqual({
      floorIds: [1, 2],
      beneficiaryId: 154,
      participantProvidedInfo: 'slides',
      priority: 3,
    });
  });

  it('Error 4 lists the unknown attribute type', () => {
    const m = decodeMessage(
      loadHexExample('constructed-bfcp-error-unknown-mandatory-attribute.hex'),
    );
    expect(readErrorMessage(m)).toEqual({ code: 4, info: 'unknown attr', unknownAttributes: [85] });
  });
});

describe('the COMMON-HEADER, bit by bit', () => {
  const header = (b0: number, primitive = 11) =>
    new Uint8Array([b0, primitive, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xfe, 0x80, 0x01]);

  it.each([
    [0x20, 1, false],
    [0x30, 1, true],
    [0x40, 2, false],
    [0x50, 2, true],
    [0x27, 1, false], // reserved bits set: ignored
  ])('octet 0 = %s gives version %s, R %s', (b0, version, responder) => {
    const m = decodeMessage(header(b0));
    expect(m).toMatchObject({ version, responder });
  });

  it('reads the 32-bit Conference ID unsigned and the 16-bit IDs', () => {
    expect(decodeMessage(header(0x20))).toMatchObject({
      conferenceId: 0xdeadbeef,
      transactionId: 0xfffe,
      userId: 0x8001,
    });
  });

  it.each([0x00, 0x60, 0xe0])('refuses version bits %s with UNSUPPORTED_VERSION', (b0) => {
    expect(() => decodeMessage(header(b0))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_VERSION', offset: 0 }),
    );
  });

  it('refuses a fragment given to decodeMessage', () => {
    const bytes = new Uint8Array([0x48, 11, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'INVALID_FRAGMENT' }),
    );
  });

  it('writes version, R and Payload Length in 4-octet words', () => {
    const bytes = encodeMessage({
      version: 2,
      responder: true,
      primitive: Primitive.FloorRelease,
      conferenceId: 0xffffffff,
      transactionId: 1,
      userId: 2,
      attributes: [{ type: 'FLOOR-REQUEST-ID', mandatory: false, value: 0x1234 }],
    });
    expect(hex(bytes)).toBe('50020001ffffffff0001000206041234');
  });
});

describe('truncated and invalid variants throw BfcpParseError with the offset', () => {
  const fig2 = () =>
    loadHexExample('constructed-bfcp-rfc8855-fig2-2-floorrequeststatus-pending.hex');

  it('every truncation of a message is refused', () => {
    const bytes = fig2();
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeMessage(bytes.subarray(0, n))).toThrow(BfcpParseError);
    }
  });

  it('a short header is TRUNCATED, a short payload INCORRECT_LENGTH', () => {
    const bytes = fig2();
    expect(() => decodeMessage(bytes.subarray(0, 11))).toThrow(
      expect.objectContaining({ code: 'TRUNCATED' }),
    );
    expect(() => decodeMessage(bytes.subarray(0, 20))).toThrow(
      expect.objectContaining({ code: 'INCORRECT_LENGTH', offset: 2 }),
    );
  });

  it('trailing octets beyond Payload Length are INCORRECT_LENGTH', () => {
    const bytes = new Uint8Array([...fig2(), 0, 0, 0, 0]);
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'INCORRECT_LENGTH' }),
    );
  });

  it('an attribute Length running past its grouped attribute is MALFORMED_ATTRIBUTE', () => {
    const bytes = fig2();
    bytes[12 + 5] = 0x10; // OVERALL-REQUEST-STATUS Length 8 -> 16: runs past FRI
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 17 }),
    );
  });

  it('a Length below 2 is MALFORMED_ATTRIBUTE (no endless loop)', () => {
    const bytes = fromHex('200100010000000100010001 05000000');
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 13 }),
    );
  });

  it('a FLOOR-ID with Length 6 is MALFORMED_ATTRIBUTE', () => {
    const bytes = fromHex('200100020000000100010001 0506000100000000');
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 13 }),
    );
  });

  it('a grouped Length that is not a multiple of 4 is MALFORMED_ATTRIBUTE', () => {
    const bytes = fig2();
    bytes[13] = 0x0f;
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 13 }),
    );
  });

  it('invalid UTF-8 in a text attribute is MALFORMED_ATTRIBUTE', () => {
    const bytes = fromHex('200d00020000000100010001 0d030e00 0f03ff00');
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 18 }),
    );
  });

  it('an unknown primitive is UNKNOWN_PRIMITIVE at offset 1', () => {
    const bytes = fromHex('205b00000000000100010001');
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PRIMITIVE', offset: 1 }),
    );
  });
});
