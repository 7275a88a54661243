import { describe, expect, it } from '@jest/globals';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import {
  answerFloorControlRole,
  effectiveVersions,
  generateBfcpMedia,
  negotiateVersions,
  parseBfcpMedia,
} from './bfcp-sdp.js';
import {
  bfcpDataChannelLines,
  isProfileCompliant,
  parseBfcpDataChannels,
} from './bfcp-data-channel-sdp.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));

describe('RFC 8856 SDP examples', () => {
  it('parses the §11 TCP/TLS offer from the server', () => {
    const [media] = parseBfcpMedia(text('rfc8856-s11-offer-tcp-tls-from-server.sdp'));
    expect(media).toEqual({
      port: 50000,
      proto: 'TCP/TLS/BFCP',
      setup: 'actpass',
      connection: 'new',
      floorControl: ['c-only', 's-only'],
      conferenceId: 4321,
      userId: 1234,
      floors: [
        { floorId: 1, mediaStreams: ['10'] },
        { floorId: 2, mediaStreams: ['11'] },
      ],
      versions: [1, 2],
    });
  });

  it('regenerates the BFCP lines of the §11 answer from the server exactly', () => {
    const sdp = text('rfc8856-s11-answer-udp-dtls-from-server.sdp');
    const [media] = parseBfcpMedia(sdp);
    const bfcpLines = sdp
      .split('\r\n')
      .filter((l) => /^a=(floorctrl|confid|userid|floorid|bfcpver)/.test(l));
    expect(generateBfcpMedia({ ...media!, setup: undefined })).toBe(
      [`m=application 55000 UDP/TLS/BFCP *`, ...bfcpLines].map((l) => `${l}\r\n`).join(''),
    );
    expect(effectiveVersions(media!)).toEqual([2]);
  });

  it('accepts the legacy m-stream: of RFC 8857 and defaults a missing bfcpver by proto', () => {
    const [answer] = parseBfcpMedia(text('rfc8857-s7.2-answer-server.sdp'));
    expect(answer).toMatchObject({
      proto: 'TCP/WSS/BFCP',
      websocketUri: 'wss://bfcp-ws.example.com?token=3170449312',
      floors: [
        { floorId: 1, mediaStreams: ['10'] },
        { floorId: 2, mediaStreams: ['11'] },
      ],
    });
    expect(effectiveVersions(answer!)).toEqual([1]);
    const [offer] = parseBfcpMedia(text('rfc8857-s7.2-offer-browser.sdp'));
    expect(offer).toMatchObject({ port: 9, floorControl: ['c-only'], setup: 'active' });
  });

  it('negotiates roles and versions (RFC 8856 §10)', () => {
    expect(answerFloorControlRole(['c-only', 's-only'], 's-only')).toBe('s-only');
    expect(answerFloorControlRole(['c-only'], 'c-only')).toBe('s-only');
    expect(answerFloorControlRole(['s-only'], 's-only')).toBe('c-only');
    expect(answerFloorControlRole(['c-s'], 'c-only')).toBe('c-only');
    expect(answerFloorControlRole(undefined, 'c-only')).toBe('s-only');
    expect(negotiateVersions([1, 2], [1])).toEqual([1]);
    expect(negotiateVersions([2], [1])).toEqual([]);
  });

  it('refuses malformed BFCP attributes and never sends c-s', () => {
    expect(() => parseBfcpMedia('m=application 9 TCP/BFCP *\r\na=floorctrl:both\r\n')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseBfcpMedia('m=application 9 TCP/BFCP *\r\na=confid:x1\r\n')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseBfcpMedia('m=application 9 TCP/BFCP *\r\na=floorid:1 10\r\n')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() =>
      generateBfcpMedia({ port: 9, proto: 'TCP/BFCP', floorControl: ['c-s'], floors: [] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(parseBfcpMedia('m=audio 5 RTP/AVP 0\r\na=confid:1\r\n')).toEqual([]);
  });
});

describe('our data channel profile: subprotocol "bfcp" in a=dcmap, RFC 8856 attributes in a=dcsa', () => {
  it('generates and parses back a server-side description', () => {
    const lines = bfcpDataChannelLines({
      streamId: 3,
      floorControl: ['s-only'],
      conferenceId: 4321,
      userId: 1234,
      floors: [
        { floorId: 1, mediaStreams: ['speak'] },
        { floorId: 2, mediaStreams: ['screen'] },
      ],
    });
    expect(lines).toEqual([
      'a=dcmap:3 subprotocol="bfcp";label="bfcp"',
      'a=dcsa:3 floorctrl:s-only',
      'a=dcsa:3 confid:4321',
      'a=dcsa:3 userid:1234',
      'a=dcsa:3 floorid:1 mstrm:speak',
      'a=dcsa:3 floorid:2 mstrm:screen',
      'a=dcsa:3 bfcpver:1',
    ]);
    const [channel] = parseBfcpDataChannels(lines.join('\r\n'));
    expect(channel).toMatchObject({
      streamId: 3,
      label: 'bfcp',
      ordered: true,
      conferenceId: 4321,
      versions: [1],
    });
    expect(isProfileCompliant(channel!)).toBe(true);
  });

  it('reads RFC 8864 examples: the bfcp channel of Figure 1, and a partially reliable one', () => {
    const [fig1] = parseBfcpDataChannels(text('rfc8864-s7-fig1-offer.sdp'));
    expect(fig1).toMatchObject({ streamId: 0, label: 'bfcp', ordered: true });
    const [timed] = parseBfcpDataChannels(text('rfc8864-s5.1.1-dcmap-examples.sdp'));
    expect(timed).toMatchObject({ streamId: 1, maxPacketLifeTime: 60000, priority: 512 });
    expect(isProfileCompliant(timed!)).toBe(false);
    expect(() =>
      parseBfcpDataChannels('a=dcmap:2 subprotocol="bfcp";max-retr=1;max-time=5'),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SDP' }));
  });

  it('reads dcmap and dcsa with the RFC 8864 grammar: a malformed dcmap is INVALID_SDP, a malformed dcsa is ignored', () => {
    expect(() => parseBfcpDataChannels('a=dcmap:2 subprotocol="bfcp";label=bfcp')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    expect(() => parseBfcpDataChannels('a=dcmap:2 subprotocol="bfcp";max-retr=x')).toThrow(
      expect.objectContaining({ code: 'INVALID_SDP' }),
    );
    const [channel] = parseBfcpDataChannels(
      'a=dcmap:02 subprotocol="bfcp"\r\na=dcsa:2\tconfid:7\r\na=dcsa:x userid:1\r\n',
    );
    expect(channel).toMatchObject({ streamId: 2, label: '', conferenceId: 7 });
    expect(channel?.userId).toBeUndefined();
  });

  it('%-escapes labels', () => {
    const [line] = bfcpDataChannelLines({ streamId: 1, label: 'floor "A"\t', floors: [] });
    expect(line).toBe('a=dcmap:1 subprotocol="bfcp";label="floor %22A%22%09"');
    expect(parseBfcpDataChannels(line!)[0]?.label).toBe('floor "A"\t');
  });
});
