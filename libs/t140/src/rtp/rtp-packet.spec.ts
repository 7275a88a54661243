import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadHexExample } from '../../../../test/support/fixtures.js';
import { T140Error } from '../errors.js';
import type { RedPayload } from './red-payload.js';
import { parseRedPayload } from './red-payload-parser.js';
import { serializeRedPayload } from './red-payload-serializer.js';
import type { RtpPacket } from './rtp-packet.js';
import { parseRtpPacket } from './rtp-packet-parser.js';
import { serializeRtpPacket } from './rtp-packet-serializer.js';

const ascii = (b: Uint8Array) => new TextDecoder().decode(b);

describe('RTP + RED golden fixture (constructed-t140-red-packet.hex)', () => {
  const bytes = loadHexExample('constructed-t140-red-packet.hex');

  it('parses the RTP header and the RED payload with two generations', () => {
    const packet = parseRtpPacket(bytes);
    expect(packet).toMatchObject({
      marker: false,
      payloadType: 100,
      sequenceNumber: 1000,
      timestamp: 20400,
      ssrc: 0x11223344,
      csrcs: [],
    });
    const red = parseRedPayload(packet.payload);
    expect(red.redundant.map((b) => [b.payloadType, b.timestampOffset, ascii(b.data)])).toEqual([
      [98, 600, 'a'],
      [98, 300, 'b'],
    ]);
    expect([red.primary.payloadType, ascii(red.primary.data)]).toEqual([98, 'c']);
  });

  it('re-serializes to identical bytes', () => {
    const packet = parseRtpPacket(bytes);
    const red = parseRedPayload(packet.payload);
    expect(serializeRtpPacket({ ...packet, payload: serializeRedPayload(red) })).toEqual(bytes);
  });

  it('every truncation throws the right typed error with an offset', () => {
    for (let n = 0; n < 12; n++) {
      expect(() => parseRtpPacket(bytes.slice(0, n))).toThrow(
        expect.objectContaining({ code: 'INVALID_RTP_PACKET', offset: n }),
      );
    }
    // Cut inside the RED headers or blocks: the RTP packet is fine, the RED payload is not.
    for (let n = 12; n < 12 + 11; n++) {
      const payload = parseRtpPacket(bytes.slice(0, n)).payload;
      expect(() => parseRedPayload(payload)).toThrow(T140Error);
      expect(() => parseRedPayload(payload)).toThrow(
        expect.objectContaining({ code: 'INVALID_RED_PAYLOAD' }),
      );
    }
  });

  it('invalid variants throw INVALID_RTP_PACKET', () => {
    const v1 = bytes.slice();
    v1[0] = 0x40; // version 1
    expect(() => parseRtpPacket(v1)).toThrow(
      expect.objectContaining({ code: 'INVALID_RTP_PACKET', offset: 0 }),
    );
    const cc = bytes.slice(0, 14);
    cc[0] = 0x81; // one CSRC, but only 2 bytes follow
    expect(() => parseRtpPacket(cc)).toThrow(
      expect.objectContaining({ code: 'INVALID_RTP_PACKET' }),
    );
    const pad = bytes.slice();
    pad[0] = 0xa0;
    pad[pad.length - 1] = 200; // padding longer than the payload
    expect(() => parseRtpPacket(pad)).toThrow(
      expect.objectContaining({ code: 'INVALID_RTP_PACKET' }),
    );
    const ext = bytes.slice(0, 16);
    ext[0] = 0x90;
    ext[14] = 0;
    ext[15] = 9; // 9 words of extension, none present
    expect(() => parseRtpPacket(ext)).toThrow(
      expect.objectContaining({ code: 'INVALID_RTP_PACKET' }),
    );
  });

  it('a RED block length running past the payload throws with its offset', () => {
    // F=1 PT=98 offset=0 length=5, final header, then only 2 bytes.
    expect(() => parseRedPayload(new Uint8Array([0xe2, 0, 0, 5, 0x62, 0x61, 0x62]), 12)).toThrow(
      expect.objectContaining({ code: 'INVALID_RED_PAYLOAD', offset: 17 }),
    );
  });

  it('refuses to write a block above 1023 bytes or an offset above 16383', () => {
    const big: RedPayload = {
      redundant: [{ payloadType: 98, timestampOffset: 0, data: new Uint8Array(1024) }],
      primary: { payloadType: 98, data: new Uint8Array(0) },
    };
    expect(() => serializeRedPayload(big)).toThrow(
      expect.objectContaining({ code: 'BLOCK_TOO_LARGE' }),
    );
    const old: RedPayload = {
      redundant: [{ payloadType: 98, timestampOffset: 16384, data: new Uint8Array(1) }],
      primary: { payloadType: 98, data: new Uint8Array(0) },
    };
    expect(() => serializeRedPayload(old)).toThrow(T140Error);
  });
});

const packetArb: fc.Arbitrary<RtpPacket> = fc.record(
  {
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    extension: fc.record({
      profile: fc.integer({ min: 0, max: 0xffff }),
      data: fc
        .integer({ min: 0, max: 4 })
        .chain((w) => fc.uint8Array({ minLength: 4 * w, maxLength: 4 * w })),
    }),
    padding: fc.integer({ min: 1, max: 255 }),
    payload: fc.uint8Array({ maxLength: 64 }),
  },
  {
    requiredKeys: [
      'marker',
      'payloadType',
      'sequenceNumber',
      'timestamp',
      'ssrc',
      'csrcs',
      'payload',
    ],
  },
);

const redArb: fc.Arbitrary<RedPayload> = fc.record({
  redundant: fc.array(
    fc.record({
      payloadType: fc.integer({ min: 0, max: 127 }),
      timestampOffset: fc.integer({ min: 0, max: 16383 }),
      data: fc.uint8Array({ maxLength: 40 }),
    }),
    { maxLength: 5 },
  ),
  primary: fc.record({
    payloadType: fc.integer({ min: 0, max: 127 }),
    data: fc.uint8Array({ maxLength: 40 }),
  }),
});

describe('RTP and RED properties', () => {
  it('parse(serialize(packet)) gives the packet back', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const parsed = parseRtpPacket(serializeRtpPacket(packet));
        expect(parsed).toEqual({ ...packet, payload: packet.payload });
        expect(serializeRtpPacket(parsed)).toEqual(serializeRtpPacket(packet));
      }),
    );
  });

  it('parse(serialize(red)) gives the payload back', () => {
    fc.assert(
      fc.property(redArb, (red) => {
        expect(parseRedPayload(serializeRedPayload(red))).toEqual(red);
      }),
    );
  });

  it('arbitrary bytes parse or throw T140Error, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        for (const parse of [parseRtpPacket, parseRedPayload]) {
          try {
            parse(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(T140Error);
          }
        }
      }),
    );
  });
});
