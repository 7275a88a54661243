import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadHexExample } from '../../../../test/support/fixtures.js';
import {
  DcepChannelType,
  DcepError,
  decodeDcep,
  dcepChannelProperties,
  encodeDcep,
  type DcepOpen,
} from './dcep.js';

describe('DCEP (RFC 8832 §5)', () => {
  it.each([
    [
      'constructed-dcep-open-msrp.hex',
      {
        type: 'open',
        channelType: 0,
        priority: 256,
        reliabilityParameter: 0,
        label: 'chat',
        protocol: 'msrp',
      },
    ],
    [
      'constructed-dcep-open-t140.hex',
      {
        type: 'open',
        channelType: 0,
        priority: 256,
        reliabilityParameter: 0,
        label: '',
        protocol: 't140',
      },
    ],
    [
      'constructed-dcep-open-partial-unordered.hex',
      {
        type: 'open',
        channelType: 0x81,
        priority: 128,
        reliabilityParameter: 0,
        label: 'x',
        protocol: '',
      },
    ],
    ['constructed-dcep-ack.hex', { type: 'ack' }],
  ])('%s decodes and re-encodes byte for byte', (name, expected) => {
    const bytes = loadHexExample(name);
    const decoded = decodeDcep(bytes);
    expect(decoded).toMatchObject(expected);
    expect(encodeDcep(decoded)).toEqual(bytes);
  });

  it('maps channel types to properties', () => {
    const open = (channelType: DcepOpen['channelType'], reliabilityParameter = 0): DcepOpen => ({
      type: 'open',
      channelType,
      priority: 256,
      reliabilityParameter,
      label: '',
      protocol: '',
    });
    expect(dcepChannelProperties(open(DcepChannelType.RELIABLE))).toEqual({ ordered: true });
    expect(
      dcepChannelProperties(open(DcepChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 3)),
    ).toEqual({ ordered: false, maxRetransmits: 3 });
    expect(dcepChannelProperties(open(DcepChannelType.PARTIAL_RELIABLE_TIMED, 500))).toEqual({
      ordered: true,
      maxPacketLifeTime: 500,
    });
  });

  it.each([
    ['empty', []],
    ['unknown type', [0x04]],
    ['long ack', [0x02, 0x00]],
    ['short open', [0x03, 0x00, 0x01, 0x00]],
    ['bad channel type', [0x03, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['lengths beyond the message', [0x03, 0x00, 1, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0x61]],
    ['label not UTF-8', [0x03, 0x00, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xff]],
  ])('refuses %s', (_why, bytes) => {
    expect(() => decodeDcep(new Uint8Array(bytes))).toThrow(DcepError);
  });

  it('decodes what it encodes, and throws only DcepError on arbitrary bytes', () => {
    const open = fc.record({
      type: fc.constant('open' as const),
      channelType: fc.constantFrom(...Object.values(DcepChannelType)),
      priority: fc.integer({ min: 0, max: 0xffff }),
      reliabilityParameter: fc.integer({ min: 0, max: 0xffffffff }),
      label: fc.string({ unit: 'grapheme', maxLength: 20 }),
      protocol: fc.constantFrom('', 'msrp', 't140', 'bfcp'),
    });
    fc.assert(
      fc.property(open, (message) => {
        const reliable = (message.channelType & 0x7f) === 0;
        expect(decodeDcep(encodeDcep(message))).toEqual({
          ...message,
          reliabilityParameter: reliable ? 0 : message.reliabilityParameter,
        });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeDcep(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DcepError);
        }
      }),
    );
  });
});
