import { describe, expect, it } from '@jest/globals';
import { loadRfcExample, rfcExampleNames } from '../../../../test/support/fixtures.js';
import {
  appendToDataChannelSection,
  dataChannelLines,
  readDataChannelSection,
  withoutDataChannelAttributes,
} from './data-channel-section.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));

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
