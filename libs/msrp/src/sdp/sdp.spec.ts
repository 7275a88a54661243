import { describe, expect, it } from '@jest/globals';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import { MsrpError } from '../errors.js';
import { formatMsrpUri, parseMsrpUri } from '../uri/msrp-uri.js';
import { formatDcmap, parseDcmap } from './dcmap.js';
import { formatMsrpAttributes, parseMsrpAttributes } from './msrp-attributes.js';
import { formatMsrpDataChannel, parseMsrpDataChannels } from './msrp-data-channel.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));
const attributes = (sdp: string) =>
  sdp
    .split('\r\n')
    .filter((l) => l.startsWith('a='))
    .map((l) => l.slice(2));

describe('MSRP SDP attributes (RFC 4975 §8)', () => {
  it('reads the RFC 4975 §8.7 offer', () => {
    const parsed = parseMsrpAttributes(attributes(text('rfc4975-s8.7-fig9-sdp-offer.sdp')));
    expect(parsed.acceptTypes).toEqual(['message/cpim', 'text/plain', 'text/html']);
    expect(parsed.path.map(formatMsrpUri)).toEqual([
      'msrp://alice.example.com:7394/2s93i93idj;tcp',
    ]);
  });

  it('tolerates the RFC 4976 §11 spacing (accept-types: with a space, two spaces in the path)', () => {
    const parsed = parseMsrpAttributes(
      attributes(text('rfc4976-s11-sdp-answer-bob-via-relay.sdp')),
    );
    expect(parsed.acceptTypes).toEqual(['message/cpim', 'text/plain']);
    expect(parsed.path).toHaveLength(2);
  });

  it('reads the RFC 7977 §8.2.1 path with a ws URI', () => {
    const parsed = parseMsrpAttributes(attributes(text('rfc7977-s8.2.1-sdp-offer-alice.sdp')));
    expect(parsed.path.map((u) => u.transport)).toEqual(['tcp', 'ws']);
  });

  it('round-trips every attribute it knows', () => {
    const lines = [
      'msrp-cema',
      'setup:actpass',
      'recvonly',
      'accept-types:message/cpim text/plain',
      'accept-wrapped-types:text/* *',
      'max-size:65536',
      'chatroom:nickname private-messages',
      'path:msrps://[2001:db8::1]:51444/jksh7Bwc;dc',
      'file-transfer-id:abc',
    ];
    expect(formatMsrpAttributes(parseMsrpAttributes(lines))).toEqual(lines);
  });

  it('refuses what an MSRP description cannot be without', () => {
    expect(() => parseMsrpAttributes(['accept-types:text/plain'])).toThrow(MsrpError);
    expect(() => parseMsrpAttributes(['path:msrp://a.example.com:1/x;tcp'])).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseMsrpAttributes(['path:http://x', 'accept-types:*'])).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() =>
      parseMsrpAttributes(['path:msrp://a.example.com:1/x;tcp', 'accept-types:text']),
    ).toThrow(MsrpError);
    expect(() =>
      parseMsrpAttributes([
        'path:msrp://a.example.com:1/x;tcp',
        'accept-types:*',
        'setup:sideways',
      ]),
    ).toThrow(MsrpError);
    expect(() => formatMsrpAttributes({ path: [], acceptTypes: ['*'], setup: 'holdconn' })).toThrow(
      MsrpError,
    );
  });
});

describe('dcmap (RFC 8864 §5.1)', () => {
  it.each(
    text('rfc8864-s5.1.1-dcmap-examples.sdp')
      .split('\r\n')
      .filter((l) => l.startsWith('a=dcmap:')),
  )('%s round-trips', (line) => {
    const map = parseDcmap(line.slice('a=dcmap:'.length));
    expect(parseDcmap(formatDcmap(map))).toEqual(map);
  });

  it('decodes %-escaped labels and refuses max-retr with max-time', () => {
    expect(parseDcmap('4 label="foo%09bar";ordered=true;max-time=15000')).toEqual({
      streamId: 4,
      label: 'foo\tbar',
      ordered: true,
      maxTime: 15000,
    });
    expect(formatDcmap({ streamId: 5, label: 'été "x"' })).toBe('5 label="%C3%A9t%C3%A9 %22x%22"');
    expect(() => parseDcmap('1 max-retr=1;max-time=2')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseDcmap('70000')).toThrow(MsrpError);
  });
});

describe('MSRP data channels in SDP (RFC 8873 §4)', () => {
  it('reads both channels of the RFC 8873 §4.8 offer, unbracketed IPv6 path included', () => {
    const [chat, files] = parseMsrpDataChannels(text('rfc8873-s4.8-offer.sdp'));
    expect(chat?.dcmap).toEqual({ streamId: 0, label: 'chat', subprotocol: 'msrp' });
    expect(chat?.attributes).toMatchObject({
      cema: true,
      setup: 'active',
      acceptTypes: ['message/cpim', 'text/plain'],
    });
    expect(chat?.attributes.path.map(formatMsrpUri)).toEqual([
      'msrps://[2001:db8::3]:54111/si438dsaodes;dc',
    ]);
    expect(files?.attributes).toMatchObject({ direction: 'sendonly', acceptWrappedTypes: ['*'] });
    expect(files?.attributes.other).toContain('file-transfer-id:rjEtHAcYVZ7xKwGYpGGwyn5gqsSaU7Ep');
  });

  it('reads the answer, and the older RFC 8864 example when RFC 8873 strictness is off', () => {
    expect(
      parseMsrpDataChannels(text('rfc8873-s4.8-answer.sdp')).map((c) => c.attributes.setup),
    ).toEqual(['passive', 'passive']);
    expect(() => parseMsrpDataChannels(text('rfc8864-s7-fig2-offer.sdp'))).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    const [msrp] = parseMsrpDataChannels(text('rfc8864-s7-fig2-offer.sdp'), {
      requireRfc8873: false,
    });
    expect(msrp?.dcmap.streamId).toBe(2);
  });

  it('writes the dcmap and dcsa lines, msrp-cema included, and reads them back', () => {
    const lines = formatMsrpDataChannel({
      dcmap: { streamId: 2, label: 'chat' },
      attributes: {
        setup: 'active',
        acceptTypes: ['message/cpim', 'text/plain'],
        path: [parseMsrpUri('msrps://2001:db8::3:54111/si438dsaodes;dc')],
      },
    });
    expect(lines).toEqual([
      'a=dcmap:2 label="chat";subprotocol="msrp"',
      'a=dcsa:2 msrp-cema',
      'a=dcsa:2 setup:active',
      'a=dcsa:2 accept-types:message/cpim text/plain',
      'a=dcsa:2 path:msrps://[2001:db8::3]:54111/si438dsaodes;dc',
    ]);
    expect(parseMsrpDataChannels(lines)[0]?.attributes.setup).toBe('active');
  });

  it('always writes msrp-cema, even when the attributes were parsed with cema false (RFC 8873 §4.4)', () => {
    const [parsed] = parseMsrpDataChannels(text('rfc8864-s7-fig2-offer.sdp'), {
      requireRfc8873: false,
    });
    expect(parsed?.attributes.cema).toBe(false);
    const lines = formatMsrpDataChannel({
      dcmap: { streamId: 2, label: 'chat' },
      attributes: {
        setup: 'passive',
        cema: false,
        acceptTypes: ['text/plain'],
        path: [parseMsrpUri('msrps://b.example.com:9/x;dc')],
      },
    });
    expect(lines).toContain('a=dcsa:2 msrp-cema');
    expect(parseMsrpDataChannels(lines)[0]?.attributes.cema).toBe(true);
  });

  it('refuses to write a data channel without setup, as parsing does (RFC 8873 §4.4)', () => {
    expect(() =>
      formatMsrpDataChannel({
        dcmap: { streamId: 2 },
        attributes: {
          acceptTypes: ['text/plain'],
          path: [parseMsrpUri('msrps://b.example.com:9/x;dc')],
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SDP' }));
  });

  it('requires an msrps: session URI with the dc transport, both ways (RFC 8873 §4.1, §4.2)', () => {
    const attributes = (uri: string) => ({
      setup: 'active' as const,
      acceptTypes: ['text/plain'],
      path: [parseMsrpUri('msrps://relay.example.com:9/r;tcp'), parseMsrpUri(uri)],
    });
    for (const uri of ['msrps://b.example.com:9/x;tcp', 'msrp://b.example.com:9/x;dc']) {
      expect(() =>
        formatMsrpDataChannel({ dcmap: { streamId: 2 }, attributes: attributes(uri) }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_SDP' }));
      const lines = [
        'a=dcmap:2 subprotocol="msrp"',
        'a=dcsa:2 msrp-cema',
        'a=dcsa:2 setup:active',
        'a=dcsa:2 accept-types:text/plain',
        `a=dcsa:2 path:${uri}`,
      ];
      expect(() => parseMsrpDataChannels(lines)).toThrow(
        expect.objectContaining({ code: 'INVALID_SDP' }),
      );
    }
    // The RFC 8864 §7 examples predate RFC 8873 (msrp://...;dc): accepted when strictness is off,
    // but a non-dc transport never is.
    expect(() =>
      parseMsrpDataChannels(
        [
          'a=dcmap:2 subprotocol="msrp"',
          'a=dcsa:2 accept-types:*',
          'a=dcsa:2 path:msrp://a.example.com:1/x;tcp',
        ],
        { requireRfc8873: false },
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SDP' }));
    expect(
      formatMsrpDataChannel({
        dcmap: { streamId: 2 },
        attributes: attributes('msrps://b.example.com:9/x;dc'),
      }),
    ).toContain('a=dcsa:2 path:msrps://relay.example.com:9/r;tcp msrps://b.example.com:9/x;dc');
  });

  it('refuses unreliable or unordered MSRP channels', () => {
    const bad = [
      'a=dcmap:2 subprotocol="msrp";max-retr=3',
      'a=dcsa:2 path:msrps://a.example.com:1/x;dc',
    ];
    expect(() => parseMsrpDataChannels(bad)).toThrow(MsrpError);
    expect(() => parseMsrpDataChannels(['a=dcmap:2 subprotocol="msrp";ordered=false'])).toThrow(
      MsrpError,
    );
  });
});
