import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import wrtc from '@roamhq/wrtc';
import {
  ChannelRouter,
  refuseUnlessReliableOrdered,
  SignalingCloseCode,
  type ChannelOwner,
} from '@parley/conference';
import { BfcpConnection, FloorParticipant } from '@parley/bfcp';
import { MsrpSession } from '@parley/msrp';
import {
  appendToDataChannelSection,
  RtcDataChannelAdapter,
  type MessageChannel,
} from '@parley/transport';
import { SignJWT } from 'jose';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/test-server.js';

let server: TestServer;
const attached: { channel: MessageChannel; owner: ChannelOwner }[] = [];
const clients: SignalingTestClient[] = [];
const peers: wrtc.RTCPeerConnection[] = [];

beforeAll(async () => {
  server = await startTestServer();
  // A test-only subprotocol: echoes what it receives, so the routing is observable end to end.
  server.app.get(ChannelRouter).register({
    protocol: 'echo',
    refuseProperties: (properties) => refuseUnlessReliableOrdered('echo', properties),
    negotiate: () => ({ accept: true, attributes: ['echo-mode:upper'] }),
    attach: (channel, owner) => {
      attached.push({ channel, owner });
      channel.on('message', (m) => {
        channel.send(typeof m === 'string' ? m.toUpperCase() : m);
      });
    },
  });
});

afterEach(() => {
  for (const client of clients.splice(0)) {
    client.close();
  }
  for (const pc of peers.splice(0)) {
    pc.close();
  }
});

afterAll(async () => {
  await server.close();
});

async function connect(): Promise<SignalingTestClient> {
  const client = await SignalingTestClient.connect(server.wsUrl);
  clients.push(client);
  return client;
}

describe('signaling: authentication', () => {
  it('refuses any message before authenticate, with 4001', async () => {
    const client = await connect();
    client.send({ type: 'join', room: 'room-1' });
    expect(await client.next('error')).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect(await client.waitClosed()).toMatchObject({
      code: SignalingCloseCode.AUTHENTICATION_REQUIRED,
    });
  });

  it('refuses a badly signed token with 4002', async () => {
    const forged = await new SignJWT({ room: 'room-1', name: 'Mallory', roles: ['chair'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('parley')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
    const client = await connect();
    client.send({ type: 'authenticate', token: forged });
    expect(await client.next('error')).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await client.waitClosed()).toMatchObject({ code: SignalingCloseCode.TOKEN_INVALID });
  });

  it('refuses an expired token with 4003', async () => {
    const expired = await new SignJWT({ room: 'room-1', name: 'Old', roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setIssuer('parley')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const client = await connect();
    client.send({ type: 'authenticate', token: expired });
    expect(await client.next('error')).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(await client.waitClosed()).toMatchObject({ code: SignalingCloseCode.TOKEN_EXPIRED });
  });

  it('refuses a join to a room the token does not name, with 4004', async () => {
    const client = await connect();
    client.send({
      type: 'authenticate',
      token: await server.token({ identity: 'alice', room: 'room-1' }),
    });
    await client.next('authenticated');
    client.send({ type: 'join', room: 'room-2' });
    expect(await client.next('error')).toMatchObject({ code: 'ROOM_FORBIDDEN' });
    expect(await client.waitClosed()).toMatchObject({ code: SignalingCloseCode.ROOM_FORBIDDEN });
  });
});

describe('signaling: order', () => {
  it('handles pipelined messages one after the other, in order', async () => {
    const client = await connect();
    client.send({
      type: 'authenticate',
      id: 'a',
      token: await server.token({ identity: 'pipeliner', room: 'room-1' }),
    });
    client.send({ type: 'join', id: 'j', room: 'room-1' });
    client.send({ type: 'ping', id: 'p' });
    expect(await client.next('authenticated')).toMatchObject({ re: 'a' });
    expect(await client.next('joined')).toMatchObject({ re: 'j' });
    expect(await client.next('pong')).toMatchObject({ re: 'p' });
    expect(client.received.map((m) => m.type).filter((t) => t !== 'participant-joined')).toEqual([
      'authenticated',
      'joined',
      'pong',
    ]);
  });
});

describe('signaling: rooms', () => {
  it('tells members who joins and leaves, and keeps a reconnecting participant', async () => {
    const alice = await connect();
    const joined = await alice.join(
      await server.token({ identity: 'alice', room: 'lobby', displayName: 'Alice' }),
      'lobby',
    );
    expect(joined).toMatchObject({
      room: 'lobby',
      resumed: false,
      participants: [{ identity: 'alice', displayName: 'Alice' }],
    });
    expect(joined.participantId).toMatch(/^[0-9a-f-]{36}$/);

    const bob = await connect();
    const bobToken = await server.token({ identity: 'bob', room: 'lobby' });
    const bobJoined = await bob.join(bobToken, 'lobby');
    expect(bobJoined.participants.map((p) => p.identity).sort()).toEqual(['alice', 'bob']);
    expect(await alice.next('participant-joined')).toMatchObject({
      participant: { identity: 'bob', connected: true },
    });

    bob.close();
    expect(await alice.next('participant-updated')).toMatchObject({
      participant: { identity: 'bob', connected: false },
    });
    const bobAgain = await connect();
    const resumed = await bobAgain.join(bobToken, 'lobby');
    expect(resumed).toMatchObject({ resumed: true, participantId: bobJoined.participantId });

    bobAgain.send({ type: 'leave', id: 'bye' });
    expect(await bobAgain.next('left')).toMatchObject({ re: 'bye' });
    expect(await alice.next('participant-left')).toMatchObject({
      participantId: bobJoined.participantId,
    });
    expect(await bobAgain.waitClosed()).toMatchObject({ code: 1000 });
  });
});

describe('signaling: bad input never disturbs others', () => {
  it('answers bad JSON, unknown types and invalid fields with errors, and keeps the socket', async () => {
    const client = await connect();
    await client.join(await server.token({ identity: 'carol' }));
    client.send('{not json');
    expect(await client.next('error')).toMatchObject({ code: 'BAD_JSON' });
    client.send({ type: 'teleport', id: 'x1' });
    expect(await client.next('error')).toMatchObject({ code: 'UNKNOWN_TYPE', re: 'x1' });
    client.send({ type: 'offer', id: 'x2', sdp: 42 });
    expect(await client.next('error')).toMatchObject({ code: 'INVALID_MESSAGE', re: 'x2' });
    client.send({ type: 'offer', id: 'x3', sdp: 'v=0\r\nthis is not an offer\r\n' });
    expect(await client.next('error')).toMatchObject({ code: 'BAD_SDP', re: 'x3' });
    client.send({ type: 'ping', id: 'still-here' });
    expect(await client.next('pong')).toMatchObject({ re: 'still-here' });
  });

  it('refuses an offer whose SDP the WebRTC stack rejects, with BAD_SDP', async () => {
    const client = await connect();
    await client.join(await server.token({ identity: 'dave' }));
    const broken =
      'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n';
    client.send({ type: 'offer', id: 'o1', sdp: broken });
    expect(await client.next('error')).toMatchObject({ code: 'BAD_SDP', re: 'o1' });
  });

  it('closes a flooding socket with 4008 while another is served', async () => {
    const flooder = await connect();
    await flooder.join(await server.token({ identity: 'flood' }));
    const other = await connect();
    await other.join(await server.token({ identity: 'eve' }));
    for (let i = 0; i < 400; i++) {
      flooder.send({ type: 'ping' });
    }
    expect(await flooder.next('error')).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await flooder.waitClosed()).toMatchObject({ code: SignalingCloseCode.FLOOD });
    other.send({ type: 'ping', id: 'ok' });
    expect(await other.next('pong')).toMatchObject({ re: 'ok' });
  });

  it('closes the socket on a frame above the hard limit (1009) and answers big messages with an error', async () => {
    const client = await connect();
    await client.join(await server.token({ identity: 'frank' }));
    client.send({ type: 'ping', id: 'x'.repeat(70_000) });
    expect(await client.next('error')).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    client.send('x'.repeat(2 * 1024 * 1024));
    expect(await client.waitClosed()).toMatchObject({ code: 1009 });
  });
});

describe('signaling: a real libwebrtc peer (@roamhq/wrtc) and the server peer (libdatachannel)', () => {
  it('opens in-band and SDP-negotiated channels routed by subprotocol, and closes unknown ones', async () => {
    const client = await connect();
    const joined = await client.join(await server.token({ identity: 'grace' }));
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    const remoteDescriptionSet = client.trickleIce(pc);
    const inband = new RtcDataChannelAdapter(pc.createDataChannel('in-band', { protocol: 'echo' }));
    const negotiated = new RtcDataChannelAdapter(
      pc.createDataChannel('negotiated', { negotiated: true, id: 5, protocol: 'echo' }),
    );
    const unknown = new RtcDataChannelAdapter(
      pc.createDataChannel('mystery', { protocol: 'mystery' }),
    );
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const munged = appendToDataChannelSection(offer.sdp ?? '', [
      'a=dcmap:5 label="negotiated";subprotocol="echo"',
      'a=dcmap:7 label="partial";subprotocol="echo";max-retr=2',
    ]);
    client.send({ type: 'offer', id: 'o', sdp: munged });
    const answer = await client.next('answer');
    expect(answer.sdp).toContain(
      'a=dcmap:5 label="negotiated";subprotocol="echo"\r\na=dcsa:5 echo-mode:upper',
    );
    expect(answer.sdp).not.toContain('a=dcmap:7');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    remoteDescriptionSet();

    const echoes: unknown[] = [];
    inband.on('message', (m) => echoes.push(['in-band', m]));
    negotiated.on('message', (m) => echoes.push(['negotiated', m]));
    await pollUntil(
      () => (inband.state === 'open' && negotiated.state === 'open' ? true : undefined),
      { what: 'channels open' },
    );
    inband.send('hello');
    negotiated.send('world');
    await pollUntil(() => (echoes.length === 2 ? true : undefined), { what: 'echoes' });
    expect(echoes).toEqual(
      expect.arrayContaining([
        ['in-band', 'HELLO'],
        ['negotiated', 'WORLD'],
      ]),
    );
    expect(
      attached
        .filter((a) => a.owner.participantId === joined.participantId)
        .map((a) => a.channel.properties.negotiated)
        .sort(),
    ).toEqual([false, true]);
    await pollUntil(() => (unknown.state === 'closed' ? true : undefined), {
      what: 'the unknown channel to be closed',
    });
  });

  it('offers itself on request: the client answers, and the msrp and bfcp channels the server opened answer SEND and Hello', async () => {
    const client = await connect();
    const joined = await client.join(await server.token({ identity: 'heidi' }));
    const services = joined.services as {
      msrp: { path: string };
      bfcp: { conferenceId: number; userId: number };
    };
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    const remoteDescriptionSet = client.trickleIce(pc);
    const channels = new Map<string, RtcDataChannelAdapter>();
    pc.ondatachannel = ({ channel }) => {
      channels.set(channel.protocol, new RtcDataChannelAdapter(channel));
    };
    // An answer before any offer is a state error.
    client.send({ type: 'answer', id: 'early', sdp: 'v=0' });
    expect(await client.next('error')).toMatchObject({ code: 'WRONG_STATE', re: 'early' });

    client.send({ type: 'request-offer', id: 'r' });
    const offer = await client.next('offer');
    expect(offer.re).toBe('r');
    expect(offer.sdp).toMatch(/^m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/m);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    remoteDescriptionSet();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    client.send({ type: 'answer', sdp: answer.sdp ?? '' });

    await pollUntil(
      () =>
        ['msrp', 't140', 'bfcp'].every((p) => channels.get(p)?.state === 'open') ? true : undefined,
      { what: "the server's channels to open at the client" },
    );
    const chat = new MsrpSession({
      channel: channels.get('msrp') as MessageChannel,
      localPath: 'msrp://heidi.invalid:9/h31d1;dc',
      remotePath: services.msrp.path,
    });
    const sent = chat.send({ contentType: 'text/plain', body: 'offered by the server' });
    await expect(sent.acknowledged).resolves.toBeUndefined();
    const floor = new FloorParticipant(
      new BfcpConnection(channels.get('bfcp') as MessageChannel, { role: 'client' }),
      services.bfcp,
    );
    const ack = await floor.hello();
    expect(ack.primitives.length).toBeGreaterThan(0);
    chat.close();
  });

  it("honours the client's a=max-message-size and announces its own", async () => {
    const client = await connect();
    const joined = await client.join(await server.token({ identity: 'ken' }));
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    const remoteDescriptionSet = client.trickleIce(pc);
    const echo = new RtcDataChannelAdapter(pc.createDataChannel('small', { protocol: 'echo' }));
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const sdp = (offer.sdp ?? '').replace(/^a=max-message-size:\d+\r\n/m, '');
    client.send({
      type: 'offer',
      sdp: appendToDataChannelSection(sdp, ['a=max-message-size:16384']),
    });
    const answer = await client.next('answer');
    expect(answer.sdp).toMatch(/^a=max-message-size:262144\r?$/m);
    expect(joined.maxMessageSize).toBe(262_144);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    remoteDescriptionSet();
    await pollUntil(() => (echo.state === 'open' ? true : undefined), { what: 'the channel' });
    const atServer = await pollUntil(() =>
      attached.find((a) => a.owner.participantId === joined.participantId),
    );
    expect(atServer.channel.maxMessageSize).toBe(16_384);
  });
});
