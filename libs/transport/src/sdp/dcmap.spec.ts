import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadRfcExample, rfcExampleNames } from '../../../../test/support/fixtures.js';
import {
  appendToDataChannelSection,
  dataChannelLines,
  withoutDataChannelAttributes,
  DataChannelSdpError,
  parseDcmap,
  parseDcsa,
  readDataChannelSection,
  serializeDcmap,
  type Dcmap,
} from './dcmap.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));
const lines = (name: string) =>
  text(name)
    .split('\r\n')
    .filter((l) => l !== '');

describe('a=dcmap (RFC 8864 §5.1)', () => {
  it('reads the RFC 8864 §5.1.1 examples and writes them back unchanged', () => {
    const values = lines('rfc8864-s5.1.1-dcmap-examples.sdp').map((l) =>
      l.slice('a=dcmap:'.length),
    );
    const parsed = values.map(parseDcmap);
    expect(parsed.map(({ paramOrder: _order, ...rest }) => rest)).toEqual([
      {
        streamId: 0,
        label: '',
        subprotocol: '',
        ordered: true,
        maxRetr: undefined,
        maxTime: undefined,
        priority: 256,
      },
      {
        streamId: 1,
        label: '',
        subprotocol: 'bfcp',
        ordered: true,
        maxRetr: undefined,
        maxTime: 60000,
        priority: 512,
      },
      {
        streamId: 2,
        label: 'msrp',
        subprotocol: 'msrp',
        ordered: true,
        maxRetr: undefined,
        maxTime: undefined,
        priority: 256,
      },
      {
        streamId: 3,
        label: 'Label 1',
        subprotocol: '',
        ordered: false,
        maxRetr: 5,
        maxTime: undefined,
        priority: 128,
      },
      {
        streamId: 4,
        label: 'foo\tbar',
        subprotocol: '',
        ordered: true,
        maxRetr: undefined,
        maxTime: 15000,
        priority: 256,
      },
    ]);
    expect(parsed.map(serializeDcmap)).toEqual(values);
  });

  it('writes canonical lines for new channels, escaping what is not a quoted-char', () => {
    const dcmap: Dcmap = {
      streamId: 7,
      label: 'chat "été"%',
      subprotocol: 't140',
      ordered: true,
      priority: 256,
    };
    expect(serializeDcmap(dcmap)).toBe('7 label="chat %22%C3%A9t%C3%A9%22%25";subprotocol="t140"');
    expect(parseDcmap(serializeDcmap(dcmap)).label).toBe('chat "été"%');
  });

  it.each([
    ['1 max-retr=3;max-time=100', 'mutually exclusive'],
    ['70000', 'integer above'],
    ['x', 'expected'],
    ['1 label=nope', 'quoted string'],
    ['1 label="a%zz"', '%-escape'],
    ['1 priority=070', 'leading zeros'],
  ])('refuses %s', (value, why) => {
    expect(() => parseDcmap(value)).toThrow(DataChannelSdpError);
    expect(() => parseDcmap(value)).toThrow(why);
  });

  it('treats any ordered value but "false" as ordered, and keeps unknown parameters', () => {
    const dcmap = parseDcmap('3 ordered=maybe;future="x"');
    expect(dcmap.ordered).toBe(true);
    expect(dcmap.extensions).toEqual(['future="x"']);
    expect(serializeDcmap(dcmap)).toBe('3 ordered=true;future="x"');
  });

  it('round-trips any channel description', () => {
    const arbitrary = fc.record({
      streamId: fc.integer({ min: 0, max: 65534 }),
      label: fc.string({ unit: 'grapheme', maxLength: 12 }),
      subprotocol: fc.constantFrom('', 'msrp', 't140', 'bfcp'),
      ordered: fc.boolean(),
      reliability: fc.oneof(
        fc.constant({}),
        fc.record({ maxRetr: fc.nat() }),
        fc.record({ maxTime: fc.nat() }),
      ),
      priority: fc.constantFrom(128, 256, 512, 1024),
    });
    fc.assert(
      fc.property(arbitrary, ({ reliability, ...rest }) => {
        const dcmap: Dcmap = { ...rest, ...reliability };
        const { paramOrder: _order, ...back } = parseDcmap(serializeDcmap(dcmap));
        expect(back).toEqual({ maxRetr: undefined, maxTime: undefined, ...dcmap });
      }),
    );
  });
});

describe('a=dcsa (RFC 8864 §5.2)', () => {
  it('reads the RFC example', () => {
    const [line] = lines('rfc8864-s5.2.1-dcsa-example.sdp').filter((l) => l.startsWith('a=dcsa:'));
    expect(parseDcsa(line!.slice('a=dcsa:'.length))).toEqual({
      streamId: 2,
      attribute: 'accept-types:text/plain',
    });
  });
});

describe('the data-channel m-section', () => {
  it('reads the RFC 8873 §4.8 MSRP offer', () => {
    const section = readDataChannelSection(text('rfc8873-s4.8-offer.sdp'))!;
    expect(section.problems).toEqual([]);
    expect(
      section.channels.map((c) => [c.dcmap.streamId, c.dcmap.label, c.dcmap.subprotocol]),
    ).toEqual([
      [0, 'chat', 'msrp'],
      [2, 'file transfer', 'msrp'],
    ]);
    expect(section.channels[0]!.attributes).toEqual([
      'msrp-cema',
      'setup:active',
      'accept-types:message/cpim text/plain',
      'path:msrps://2001:db8::3:54111/si438dsaodes;dc',
    ]);
  });

  it.each(rfcExampleNames('.sdp').filter((n) => /rfc(8864-s7|8865-s4.3|8873-s4.8)/.test(n)))(
    'reads %s without throwing',
    (name) => {
      const sdp = text(name);
      const section = readDataChannelSection(sdp);
      expect(section).toBeDefined();
      // Every dcmap line of the example is accounted for.
      expect(section!.channels).toHaveLength(
        sdp.split('\r\n').filter((l) => l.startsWith('a=dcmap:')).length,
      );
    },
  );

  it('defaults max-message-size to 64K and reports bad lines instead of throwing', () => {
    const sdp =
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\na=dcmap:1 max-retr=1;max-time=2\r\na=dcsa:9 sendonly\r\n';
    const section = readDataChannelSection(sdp)!;
    expect(section.maxMessageSize).toBe(65536);
    expect(section.sctpPort).toBe(5000);
    expect(section.channels).toEqual([]);
    expect(section.problems).toHaveLength(2);
  });

  it('strips dcmap and dcsa lines, and only those', () => {
    const sdp =
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=dcmap:1 subprotocol="t140"\r\na=sctp-port:5000\r\na=dcsa:1 fmtp:t140 cps=30\r\n';
    expect(withoutDataChannelAttributes(sdp)).toBe(
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n',
    );
  });

  it('appends channel lines at the end of the data-channel section only', () => {
    const sdp =
      'v=0\r\nm=audio 9 RTP/AVP 0\r\na=sendrecv\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\nm=video 9 RTP/AVP 96\r\n';
    const added = dataChannelLines({
      dcmap: { streamId: 1, label: 'rtt', subprotocol: 't140', ordered: true, priority: 256 },
      attributes: ['fmtp:t140 cps=30'],
    });
    expect(appendToDataChannelSection(sdp, added)).toBe(
      'v=0\r\nm=audio 9 RTP/AVP 0\r\na=sendrecv\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n' +
        'a=dcmap:1 label="rtt";subprotocol="t140"\r\na=dcsa:1 fmtp:t140 cps=30\r\nm=video 9 RTP/AVP 96\r\n',
    );
  });
});
