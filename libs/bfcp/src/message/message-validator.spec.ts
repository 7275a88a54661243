import { describe, expect, it } from '@jest/globals';
import type { BfcpAttribute } from '../attributes/attribute.js';
import type { BfcpMessage } from './message.js';
import { encodeMessage } from './message-encoder.js';
import { decodeMessage } from './message-decoder.js';
import { unknownMandatoryAttributes, validateMessage } from './message-validator.js';
import { Primitive } from './primitive.js';

const msg = (primitive: number, attributes: BfcpAttribute[]): BfcpMessage => ({
  version: 1,
  responder: false,
  primitive,
  conferenceId: 1,
  transactionId: 2,
  userId: 3,
  attributes,
});
const floorId = (value: number): BfcpAttribute => ({ type: 'FLOOR-ID', mandatory: true, value });
const frid = (value: number): BfcpAttribute => ({
  type: 'FLOOR-REQUEST-ID',
  mandatory: true,
  value,
});
const frs = (value: number, attributes: BfcpAttribute[] = []): BfcpAttribute => ({
  type: 'FLOOR-REQUEST-STATUS',
  mandatory: true,
  value,
  attributes,
});
const fri = (attributes: BfcpAttribute[]): BfcpAttribute => ({
  type: 'FLOOR-REQUEST-INFORMATION',
  mandatory: true,
  value: 9,
  attributes,
});

describe('per-primitive ABNF (RFC 8855 §5.3)', () => {
  it.each([
    ['FloorRequest without FLOOR-ID', msg(Primitive.FloorRequest, []), 'needs a FLOOR-ID'],
    [
      'FloorRelease without FLOOR-REQUEST-ID',
      msg(Primitive.FloorRelease, []),
      'needs a FLOOR-REQUEST-ID',
    ],
    ['FloorRelease with two IDs', msg(Primitive.FloorRelease, [frid(1), frid(2)]), 'at most 1'],
    [
      'FloorRequestStatus without FRI',
      msg(Primitive.FloorRequestStatus, []),
      'needs a FLOOR-REQUEST-INFORMATION',
    ],
    [
      'FRI without FLOOR-REQUEST-STATUS',
      msg(Primitive.ChairAction, [fri([])]),
      'needs a FLOOR-REQUEST-STATUS',
    ],
    ['HelloAck without lists', msg(Primitive.HelloAck, []), 'needs a SUPPORTED-PRIMITIVES'],
    ['Error without ERROR-CODE', msg(Primitive.Error, []), 'needs a ERROR-CODE'],
    [
      'Hello with a FLOOR-ID',
      msg(Primitive.Hello, [floorId(1)]),
      'FLOOR-ID is not allowed in Hello',
    ],
    [
      'FLOOR-REQUEST-STATUS with a FLOOR-ID inside',
      msg(Primitive.FloorRequestStatus, [fri([frs(1, [floorId(2)])])]),
      'FLOOR-ID is not allowed in FLOOR-REQUEST-STATUS',
    ],
  ])('%s is an error', (_, message, text) => {
    const violations = validateMessage(message);
    expect(
      violations
        .filter((v) => v.severity === 'error')
        .map((v) => v.message)
        .join('; '),
    ).toContain(text);
    expect(() => decodeMessage(encodeMessage(message))).toThrow(
      expect.objectContaining({ code: 'INVALID_MESSAGE' }),
    );
    expect(decodeMessage(encodeMessage(message), { lenient: true })).toEqual(message);
  });

  it('reports an attribute out of ABNF order without refusing the message', () => {
    const message = msg(Primitive.FloorRequest, [
      { type: 'PRIORITY', mandatory: true, value: 3 },
      floorId(1),
    ]);
    expect(validateMessage(message)).toEqual([
      expect.objectContaining({ severity: 'order', path: [1] }),
    ]);
    const warnings: string[] = [];
    expect(
      decodeMessage(encodeMessage(message), { onWarning: (w) => warnings.push(w.message) }),
    ).toEqual(message);
    expect(warnings).toEqual([expect.stringContaining('ABNF order')]);
  });

  it('allows extension attributes anywhere', () => {
    const ext: BfcpAttribute = {
      type: 'UNKNOWN',
      typeId: 100,
      mandatory: false,
      value: new Uint8Array([1]),
    };
    expect(validateMessage(msg(Primitive.Hello, [ext]))).toEqual([]);
    expect(validateMessage(msg(Primitive.FloorRequest, [ext, floorId(1)]))).toEqual([]);
  });

  it('the error offset points at the offending attribute', () => {
    const message = msg(Primitive.FloorRequestStatus, [fri([frs(1), frs(2, [floorId(2)])])]);
    // header 12 + FRI header 4 + first FRS 4 + second FRS header 4 = 24
    expect(() => decodeMessage(encodeMessage(message))).toThrow(
      expect.objectContaining({ code: 'INVALID_MESSAGE', offset: 24 }),
    );
  });

  it('accepts several FLOOR-ID in a FloorStatus (Figure 38) ', () => {
    expect(validateMessage(msg(Primitive.FloorStatus, [floorId(1), floorId(2)]))).toEqual([]);
  });

  it('lists unknown mandatory attributes, nested ones too, once each', () => {
    const unknown = (typeId: number, mandatory: boolean): BfcpAttribute => ({
      type: 'UNKNOWN',
      typeId,
      mandatory,
      value: new Uint8Array(0),
    });
    const message = msg(Primitive.FloorRequestStatus, [
      fri([frs(1, [unknown(90, true)]), unknown(91, false)]),
      unknown(90, true),
      unknown(85, true),
    ]);
    expect(unknownMandatoryAttributes(message)).toEqual([90, 85]);
  });
});
