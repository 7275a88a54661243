import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { TokenService } from '../auth/token.service.js';
import { ChannelRouter } from '../channels/channel-router.service.js';
import { IceServersService } from '../ice/ice-servers.service.js';
import { resolveParleyOptions } from '../parley.options.js';
import { PeerSessions } from '../peers/peer-sessions.service.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';
import type { WebRtcProvider } from '../webrtc/webrtc-provider.js';
import { SignalingConnection } from './signaling-connection.js';
import { SignalingCloseCode } from './signaling.protocol.js';

/** The part of a `ws` socket SignalingConnection uses, recording what the server does with it. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  readonly sent: { type: string; [key: string]: unknown }[] = [];
  closed: { code: number; reason: string } | undefined;
  pings = 0;
  terminated = false;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
    this.readyState = 3;
    this.emit('close');
  }
  ping(): void {
    this.pings++;
  }
  terminate(): void {
    this.terminated = true;
    this.close(1006, '');
  }
  /** A client frame. */
  receive(message: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(message)), false);
  }
  /** The client went away. */
  drop(): void {
    this.readyState = 3;
    this.emit('close');
  }
}

/** Token checks run on libuv's thread pool (WebCrypto): wait in real time, boundedly. */
const until = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

function harness() {
  const options = resolveParleyOptions({
    auth: { jwtSecret: 'a-test-secret-of-at-least-32-characters!' },
    signaling: { heartbeatIntervalMs: 15_000, reconnectGraceMs: 30_000, authTimeoutMs: 5_000 },
  });
  const clock = new ManualClock(1_000_000);
  const rooms = new RoomRegistry(options);
  rooms.clock = clock;
  const router = new ChannelRouter(null);
  const iceServers = new IceServersService(options);
  const noWebRtc: WebRtcProvider = {
    createPeer: () => {
      throw new Error('no WebRTC in this test');
    },
    shutdown: () => undefined,
  };
  const tokens = new TokenService(options);
  const deps = {
    options,
    tokens,
    rooms,
    iceServers,
    router,
    peers: new PeerSessions(noWebRtc, router, iceServers),
    clock,
  };
  const open = () => {
    const socket = new FakeSocket();
    new SignalingConnection(socket as unknown as WebSocket, '127.0.0.1', deps);
    return socket;
  };
  const joined = async (identity: string) => {
    const socket = open();
    socket.receive({
      type: 'authenticate',
      token: await tokens.issue({ identity, room: 'r1', displayName: identity }),
    });
    socket.receive({ type: 'join', room: 'r1' });
    await until(() => socket.sent.length >= 2);
    expect(socket.sent.map((m) => m.type)).toEqual(['authenticated', 'joined']);
    return socket;
  };
  return { clock, rooms, open, joined };
}

describe('SignalingConnection timers and replacement (ManualClock)', () => {
  it('closes with 4001 when no authenticate comes within 5 s', () => {
    const { clock, open } = harness();
    const socket = open();
    clock.advance(4_999);
    expect(socket.closed).toBeUndefined();
    clock.advance(1);
    expect(socket.closed?.code).toBe(SignalingCloseCode.AUTHENTICATION_REQUIRED);
  });

  it('pings every 15 s and closes with 4010 when a ping got no pong', async () => {
    const { clock, joined } = harness();
    const socket = await joined('alice');
    clock.advance(15_000);
    expect(socket.pings).toBe(1);
    socket.emit('pong');
    clock.advance(15_000);
    expect(socket.pings).toBe(2);
    expect(socket.closed).toBeUndefined();
    clock.advance(15_000); // no pong to the second ping
    expect(socket.closed?.code).toBe(SignalingCloseCode.HEARTBEAT_TIMEOUT);
    expect(socket.terminated).toBe(true);
  });

  it('keeps a dropped participant for the grace period, resumes it, and removes it after', async () => {
    const { clock, rooms, joined } = harness();
    const first = await joined('alice');
    const participantId = first.sent[1]?.['participantId'];
    first.drop();
    clock.advance(29_000);
    expect(rooms.participants('r1').map((p) => p.participantId)).toEqual([participantId]);
    const again = await joined('alice');
    expect(again.sent[1]).toMatchObject({ resumed: true, participantId });
    again.drop();
    clock.advance(30_000);
    expect(rooms.participants('r1')).toEqual([]);
  });

  it('closes the older socket with 4009 when the same identity joins from a newer one', async () => {
    const { rooms, joined } = harness();
    const older = await joined('alice');
    const newer = await joined('alice');
    expect(older.closed?.code).toBe(SignalingCloseCode.REPLACED);
    expect(newer.closed).toBeUndefined();
    expect(rooms.participants('r1')).toHaveLength(1);
  });
});
