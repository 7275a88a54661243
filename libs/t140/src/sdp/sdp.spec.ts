import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import { T140Error } from '../errors.js';
import { encodeDcmapQuoted, parseDcmap, serializeDcmap } from './dcmap.js';
import {
  allowedAnswerDirections,
  answerDirection,
  offererDirection,
  T140_DIRECTIONS,
} from './direction.js';
import { generateRtpTextMedia, parseRtpTextMedia } from './rtp-text-media.js';
import { effectiveCps, generateT140Attributes, parseT140Channels } from './t140-sdp.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));
const dcLines = (sdp: string) =>
  sdp.split('\r\n').filter((l) => l.startsWith('a=dcmap:') || l.startsWith('a=dcsa:'));

describe('T.140 data-channel SDP (RFC 8865 §4): RFC examples', () => {
  it('§4.1: a=dcmap:3 subprotocol="t140"', () => {
    const sdp = text('rfc8865-s4.1-dcmap.sdp');
    expect(parseT140Channels(sdp)).toEqual([{ streamId: 3 }]);
    expect(generateT140Attributes({ streamId: 3 })).toEqual(dcLines(sdp));
  });

  it('§4.3 example 1: cps=20, languages, label; generation gives the same lines back', () => {
    const offer = text('rfc8865-s4.3-example1-offer.sdp');
    const answer = text('rfc8865-s4.3-example1-answer.sdp');
    const [o] = parseT140Channels(offer);
    expect(o).toEqual({
      streamId: 2,
      label: 'ACME customer service',
      cps: 20,
      hlangSend: ['es', 'eo'],
      hlangRecv: ['es', 'eo'],
    });
    expect(o?.direction ?? 'sendrecv').toBe('sendrecv');
    expect(generateT140Attributes(o!)).toEqual(dcLines(offer));
    const [a] = parseT140Channels(answer);
    expect(a).toMatchObject({ cps: 20, hlangSend: ['eo'], hlangRecv: ['eo'] });
    expect(generateT140Attributes(a!)).toEqual(dcLines(answer));
  });

  it('§4.3 example 2: recvonly offer, sendonly answer, default cps 30', () => {
    const [o] = parseT140Channels(text('rfc8865-s4.3-example2-offer.sdp'));
    const [a] = parseT140Channels(text('rfc8865-s4.3-example2-answer.sdp'));
    expect(o?.direction).toBe('recvonly');
    expect(a?.direction).toBe('sendonly');
    expect(effectiveCps(o!)).toBe(30);
    expect(allowedAnswerDirections('recvonly')).toContain('sendonly');
    expect(offererDirection('recvonly', 'sendonly')).toBe('recvonly');
    expect(generateT140Attributes(a!)).toEqual(dcLines(text('rfc8865-s4.3-example2-answer.sdp')));
  });

  it('RFC 8864 §5.1.1 dcmap examples parse (the %09 label decodes to a TAB)', () => {
    const lines = text('rfc8864-s5.1.1-dcmap-examples.sdp')
      .split('\r\n')
      .filter((l) => l !== '')
      .map((l) => parseDcmap(l.slice('a=dcmap:'.length)));
    expect(lines).toEqual([
      { streamId: 0 },
      { streamId: 1, subprotocol: 'bfcp', maxTime: 60000, priority: 512 },
      { streamId: 2, subprotocol: 'msrp', ordered: true, label: 'msrp' },
      { streamId: 3, label: 'Label 1', ordered: false, maxRetr: 5, priority: 128 },
      { streamId: 4, label: 'foo\tbar', ordered: true, maxTime: 15000 },
    ]);
    expect(serializeDcmap(lines[4]!)).toBe('4 label="foo%09bar";ordered=true;max-time=15000');
  });

  it('other subprotocols are not T.140 channels', () => {
    expect(parseT140Channels(text('rfc8864-s7-fig2-offer.sdp'))).toEqual([]);
  });
});

describe('T.140 data-channel SDP: rules', () => {
  it('refuses max-retr, max-time and ordered=false on a T.140 channel, with the line offset', () => {
    const sdp =
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=dcmap:2 subprotocol="t140";max-retr=3\r\n';
    expect(() => parseT140Channels(sdp)).toThrow(
      expect.objectContaining({ code: 'UNRELIABLE_CHANNEL', offset: 50 }),
    );
    expect(() => parseT140Channels('a=dcmap:2 subprotocol="t140";max-time=10\r\n')).toThrow(
      T140Error,
    );
    expect(() => parseT140Channels('a=dcmap:2 subprotocol="t140";ordered=false\r\n')).toThrow(
      expect.objectContaining({ code: 'UNRELIABLE_CHANNEL' }),
    );
  });

  it('malformed dcmap values throw INVALID_SDP with the byte offset', () => {
    expect(() => parseT140Channels('a=dcmap:x\r\n')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP', offset: 8 }),
    );
    expect(() => parseDcmap('2 subprotocol="t140', 100)).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP', offset: 114 }),
    );
    expect(() => parseDcmap('2 label="a%zz"')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseDcmap('2 priority=65536')).toThrow(T140Error);
    expect(() => parseDcmap('70000')).toThrow(T140Error);
  });

  it('ignores dcsa lines with attributes not defined for T.140, a wrong fmtp, or no dcmap', () => {
    const sdp = [
      'a=dcmap:4 subprotocol="t140"',
      'a=dcsa:4 accept-types:text/plain',
      'a=dcsa:4 fmtp:red cps=10',
      'a=dcsa:4 fmtp:t140 cps=0',
      'a=dcsa:4 fmtp:t140 cps=25',
      'a=dcsa:4 bogus',
      'a=dcsa:6 sendonly',
      'a=sendonly',
      '',
    ].join('\r\n');
    expect(parseT140Channels(sdp)).toEqual([{ streamId: 4, cps: 25 }]);
  });

  it('generates a %-escaped label', () => {
    expect(
      generateT140Attributes({ streamId: 1, label: 'Åsa "A"', direction: 'sendonly' }),
    ).toEqual(['a=dcmap:1 label="%C3%85sa %22A%22";subprotocol="t140"', 'a=dcsa:1 sendonly']);
  });

  it('labels round-trip through the quoted form (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: 0, max: 65534 }),
        (label, id) => {
          expect(parseDcmap(serializeDcmap({ streamId: id, label, subprotocol: 't140' }))).toEqual({
            streamId: id,
            ...(label === '' ? {} : { label }),
            subprotocol: 't140',
          });
          expect(encodeDcmapQuoted(label)).toMatch(/^"[\x20-\x7e]*"$/);
        },
      ),
    );
  });
});

describe('direction offer/answer (RFC 8865 §4.2.3)', () => {
  it('answers within what the offer allows', () => {
    for (const offered of T140_DIRECTIONS) {
      for (const wish of T140_DIRECTIONS) {
        expect(allowedAnswerDirections(offered)).toContain(answerDirection(offered, wish));
      }
    }
    expect(answerDirection('sendonly')).toBe('recvonly');
    expect(answerDirection('recvonly')).toBe('sendonly');
    expect(answerDirection('inactive', 'sendrecv')).toBe('inactive');
    expect(answerDirection('sendrecv', 'recvonly')).toBe('recvonly');
  });
  it('the offerer must not send when the answer says inactive or sendonly; a bad answer counts as sendrecv', () => {
    expect(offererDirection('sendrecv', 'inactive')).toBe('inactive');
    expect(offererDirection('sendrecv', 'sendonly')).toBe('recvonly');
    expect(offererDirection('sendrecv', undefined)).toBe('sendrecv');
    expect(offererDirection('sendonly', 'sendonly')).toBe('sendonly');
  });
});

describe('RTP text media SDP (RFC 4103 §7.2, RFC 9071 §3.19)', () => {
  it('reads t140 and red payload types and the redundancy level', () => {
    expect(parseRtpTextMedia(text('rfc4103-s7.2-sdp-t140.sdp'))).toEqual([
      {
        port: 11000,
        protocol: 'RTP/AVP',
        payloadTypes: [98],
        t140PayloadType: 98,
        rttMixer: false,
      },
    ]);
    expect(parseRtpTextMedia(text('rfc4103-s7.2-sdp-red.sdp'))).toEqual([
      {
        port: 11000,
        protocol: 'RTP/AVP',
        payloadTypes: [98, 100],
        t140PayloadType: 98,
        redPayloadType: 100,
        redundancy: 2,
        rttMixer: false,
      },
    ]);
  });

  it('reads cps and rtt-mixer, and generates the same lines', () => {
    const sdp = text('rfc9071-s3.19-offer-red-mixer-cps90.sdp');
    const [m] = parseRtpTextMedia(sdp);
    expect(m).toMatchObject({ t140PayloadType: 98, redPayloadType: 100, cps: 90, rttMixer: true });
    expect(
      generateRtpTextMedia({
        port: 11000,
        t140PayloadType: 98,
        redPayloadType: 100,
        cps: 90,
        rttMixer: true,
      }),
    ).toEqual(sdp.split('\r\n').filter((l) => l !== ''));
    expect(parseRtpTextMedia(text('rfc9071-s3.19-answer-unaware.sdp'))[0]?.rttMixer).toBe(false);
  });
});
