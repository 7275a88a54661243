import { describe, expect, it } from '@jest/globals';
import { ManualClock, type WebSocketLike } from '@parley/transport';
import type { ClientPlatform } from '../platform.js';
import { SignalingConnection } from './signaling-connection.js';

/** A WebSocket the test plays the server of: a real EventTarget, frames recorded. */
class FakeSocket extends EventTarget {
  readonly protocol = '';
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  readonly sent: Record<string, unknown>[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000, reason = ''): void {
    this.closeWith(code, reason);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  reply(message: Record<string, unknown> | string): void {
    this.dispatchEvent(
      Object.assign(new Event('message'), {
        data: typeof message === 'string' ? message : JSON.stringify(message),
      }),
    );
  }
  closeWith(code: number, reason: string): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
  }
}

async function opened() {
  const socket = new FakeSocket();
  const clock = new ManualClock();
  const platform: ClientPlatform = {
    createWebSocket: () => socket as unknown as WebSocketLike,
    createPeerConnection: undefined,
    fetch: () => Promise.reject(new Error('no fetch here')),
    clock,
  };
  const connecting = SignalingConnection.open('ws://parley.test/signaling', platform);
  socket.open();
  return { socket, clock, signaling: await connecting };
}

describe('SignalingConnection', () => {
  it('matches answers to requests by id, whatever arrives in between', async () => {
    const { socket, signaling } = await opened();
    const seen: string[] = [];
    signaling.events.on('message', (m) => seen.push(m.type));
    const auth = signaling.request({ type: 'authenticate', token: 't' }, 'authenticated');
    const ping = signaling.request({ type: 'ping' }, 'pong');
    expect(socket.sent.map((m) => [m['type'], m['id']])).toEqual([
      ['authenticate', 'c1'],
      ['ping', 'c2'],
    ]);
    socket.reply({ type: 'pong', re: 'c2' });
    socket.reply('{not json'); // ignored
    socket.reply({ type: 'teleported' }); // unknown: ignored
    socket.reply({ type: 'participant-left', participantId: 'p' });
    socket.reply({
      type: 'authenticated',
      re: 'c1',
      identity: 'ada',
      displayName: 'Ada',
      room: 'r',
      roles: [],
      expiresAt: 1,
    });
    await expect(ping).resolves.toMatchObject({ type: 'pong' });
    await expect(auth).resolves.toMatchObject({ identity: 'ada' });
    expect(seen).toEqual(['pong', 'participant-left', 'authenticated']);
  });

  it('rejects a request the server answers with an error, keeping the server code', async () => {
    const { socket, signaling } = await opened();
    const offer = signaling.request({ type: 'offer', sdp: 'v=0' }, 'answer');
    socket.reply({ type: 'error', re: 'c1', code: 'BAD_SDP', message: 'not an offer' });
    await expect(offer).rejects.toMatchObject({
      code: 'SIGNALING_ERROR',
      details: { serverCode: 'BAD_SDP' },
    });
  });

  it('rejects pending requests when the socket closes: refused tokens as AUTH_FAILED', async () => {
    const { socket, signaling } = await opened();
    const auth = signaling.request({ type: 'authenticate', token: 'expired' }, 'authenticated');
    socket.closeWith(4003, 'TOKEN_EXPIRED');
    await expect(auth).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { closeCode: 4003 } });
    expect(signaling.closed).toEqual({ code: 4003, reason: 'TOKEN_EXPIRED' });
    expect(() => {
      signaling.send({ type: 'ping' });
    }).toThrow(expect.objectContaining({ code: 'SIGNALING_CLOSED' }));
  });

  it('times out a request that gets no answer', async () => {
    const { clock, signaling } = await opened();
    const join = signaling.request({ type: 'join', room: 'r' }, 'joined', 1_000);
    clock.advance(1_000);
    await expect(join).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
