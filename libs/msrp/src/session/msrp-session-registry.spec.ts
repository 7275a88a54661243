import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MsrpError } from '../errors.js';
import { msrpUriEquals, msrpUriKey, parseMsrpUri } from '../uri/msrp-uri.js';
import { MsrpSessionRegistry } from './msrp-session-registry.js';

const BOB = 'msrp://bob.example.com:8888/9di4eae923wzd;tcp';
const BOB_2 = 'msrp://bob.example.com:8888/other0001;tcp';

describe('MsrpSessionRegistry (RFC 4975 §5.4, §10.10)', () => {
  it('binds a session to the first connection and answers 506 on another one', () => {
    const registry = new MsrpSessionRegistry();
    expect(registry.bind(BOB, 'conn-1')).toEqual({ status: 200, connection: 'conn-1' });
    expect(registry.bind(BOB, 'conn-1')).toEqual({ status: 200, connection: 'conn-1' });
    const second = registry.bind(BOB, 'conn-2');
    expect(second).toMatchObject({ status: 506, connection: 'conn-1' });
    expect(second.status === 506 && second.error).toBeInstanceOf(MsrpError);
    expect(second.status === 506 && second.error.code).toBe('SESSION_IN_USE');
    // Another session on the second connection is fine (sessions may share a connection).
    expect(registry.bind(BOB_2, 'conn-2').status).toBe(200);
    expect(registry.size).toBe(2);
  });

  it('matches session URIs per §6.1 (case-insensitive host and scheme, userinfo ignored)', () => {
    const registry = new MsrpSessionRegistry<object>();
    const a = {};
    const b = {};
    registry.bind(parseMsrpUri(BOB), a);
    expect(registry.bind('MSRP://user@BOB.example.com:8888/9di4eae923wzd;TCP', b).status).toBe(506);
    expect(registry.bind('msrp://bob.example.com:8888/9DI4EAE923WZD;tcp', b).status).toBe(200);
    expect(registry.bind('msrp://bob.example.com:8889/9di4eae923wzd;tcp', b).status).toBe(200);
    expect(registry.connectionOf(BOB)).toBe(a);
  });

  it('frees the sessions of a closed connection, and unbinds one session', () => {
    const registry = new MsrpSessionRegistry();
    registry.bind(BOB, 'conn-1');
    registry.bind(BOB_2, 'conn-1');
    expect(registry.unbind(BOB, 'conn-2')).toBe(false);
    expect(registry.unbind(BOB)).toBe(true);
    expect(registry.bind(BOB, 'conn-2').status).toBe(200);
    expect(registry.release('conn-1').map((u) => u.sessionId)).toEqual(['other0001']);
    expect(registry.connectionOf(BOB_2)).toBeUndefined();
    expect(registry.bind(BOB_2, 'conn-3').status).toBe(200);
    expect(registry.size).toBe(2);
  });

  it('msrpUriKey is equal exactly when msrpUriEquals says so', () => {
    const uriArb = fc
      .record({
        scheme: fc.constantFrom('msrp', 'MSRPS', 'msrps'),
        user: fc.constantFrom('', 'alice@'),
        host: fc.constantFrom(
          'a.example.com',
          'A.Example.COM',
          '[2001:db8::1]',
          '[2001:DB8:0::1]',
          '192.0.2.1',
        ),
        port: fc.constantFrom(':2855', ':2856'),
        session: fc.constantFrom('', '/abc', '/ABC'),
        transport: fc.constantFrom('tcp', 'TCP', 'dc', 'ws'),
      })
      .map((p) =>
        parseMsrpUri(`${p.scheme}://${p.user}${p.host}${p.port}${p.session};${p.transport}`),
      );
    fc.assert(
      fc.property(uriArb, uriArb, (x, y) => {
        expect(msrpUriKey(x) === msrpUriKey(y)).toBe(msrpUriEquals(x, y));
      }),
    );
    // Host names may omit the port; a URI with a port never equals one without (§6.1 rule 3).
    const named = parseMsrpUri('msrp://a.example.com/abc;tcp');
    expect(msrpUriKey(named)).toBe(msrpUriKey(parseMsrpUri('msrp://A.example.com/abc;tcp')));
    expect(msrpUriKey(named)).not.toBe(
      msrpUriKey(parseMsrpUri('msrp://a.example.com:2855/abc;tcp')),
    );
  });
});
