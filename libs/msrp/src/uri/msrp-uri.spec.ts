import { describe, expect, it } from '@jest/globals';
import { MsrpError } from '../errors.js';
import { formatMsrpUri, msrpUriEquals, parseMsrpUri, parsePath } from './msrp-uri.js';

describe('MSRP URIs (RFC 4975 §6, §9; RFC 7977; RFC 8873)', () => {
  it.each([
    'msrp://host.example.com:8493/asfd34;tcp',
    'msrps://df7jal23ls0d.invalid:2855/98cjs;ws',
    'msrps://[2001:db8::3]:54111/si438dsaodes;dc',
    'msrps://alice@intra.example.com;tcp',
    'msrp://192.0.2.1:7777/a+b=c/d;tcp;foo=bar;baz',
  ])('%s round-trips', (text) => {
    expect(formatMsrpUri(parseMsrpUri(text))).toBe(text);
  });

  it('reads the parts', () => {
    expect(parseMsrpUri('MSRPS://alice@Host.Example.com:2855/AbC;WS')).toEqual({
      scheme: 'msrps',
      user: 'alice',
      host: 'Host.Example.com',
      port: 2855,
      sessionId: 'AbC',
      transport: 'ws',
      parameters: [],
    });
  });

  it.each([
    ['http://x.example.com:1/a;tcp', 'scheme'],
    ['msrp://x.example.com:1/a', 'no transport'],
    ['msrp://192.0.2.1/a;tcp', 'numeric host without port'],
    ['msrp://x.example.com:99999/a;tcp', 'port out of range'],
    ['msrp://x.example.com:1/a b;tcp', 'space in session-id'],
    ['msrp://user:pw@x.example.com:1/a;tcp', 'password'],
    ['msrp://[2001:db8::1/a;tcp', 'unterminated IPv6'],
  ])('refuses %s (%s)', (text) => {
    expect(() => parseMsrpUri(text)).toThrow(MsrpError);
  });

  it('compares per RFC 4975 §6.1', () => {
    const eq = (a: string, b: string) => msrpUriEquals(parseMsrpUri(a), parseMsrpUri(b));
    expect(eq('msrp://Bob.Example.com:8888/9di4;tcp', 'MSRP://bob.example.com:8888/9di4;TCP')).toBe(
      true,
    );
    expect(eq('msrp://alice@b.example.com:1/x;tcp', 'msrp://b.example.com:1/x;tcp')).toBe(true);
    expect(eq('msrp://b.example.com:1/X;tcp', 'msrp://b.example.com:1/x;tcp')).toBe(false);
    expect(eq('msrp://b.example.com/x;tcp', 'msrp://b.example.com:2855/x;tcp')).toBe(false);
    expect(eq('msrp://b.example.com:1;tcp', 'msrp://b.example.com:1/x;tcp')).toBe(false);
    expect(eq('msrp://b.example.com:1/x;tcp', 'msrp://b.example.com:1/x;ws')).toBe(false);
    expect(eq('msrps://b.example.com:1/x;tcp', 'msrp://b.example.com:1/x;tcp')).toBe(false);
    expect(eq('msrps://[2001:DB8:0::3]:1/x;dc', 'msrps://2001:db8::3:1/x;dc')).toBe(true);
    expect(eq('msrps://[::ffff:192.0.2.1]:1/x;dc', 'msrps://[::ffff:c000:201]:1/x;dc')).toBe(true);
    expect(eq('msrp://%62ob.example.com:1/x;tcp', 'msrp://bob.example.com:1/x;tcp')).toBe(true);
    // RFC 7977 §8.3.2 prints the same client URI with and without :2855: different URIs.
    expect(
      eq('msrps://df7jal23ls0d.invalid:2855/98cjs;ws', 'msrps://df7jal23ls0d.invalid/98cjs;ws'),
    ).toBe(false);
  });

  it('parses paths, tolerating extra spaces', () => {
    expect(parsePath(' msrp://a.example.com:1/x;tcp  msrp://b.example.com:2/y;tcp')).toHaveLength(
      2,
    );
    expect(() => parsePath('')).toThrow(MsrpError);
  });
});
