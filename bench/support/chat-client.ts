// A chat participant on the MSRP WebSocket fallback (RFC 7977), as a browser without WebRTC would
// be: joined through /signaling, then `ws://host/msrp?token=...` with an MsrpSession on top.
import { MsrpSession } from '@parley/msrp';
import { WebSocketAdapter } from '@parley/transport';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { ServerProcess } from './server-process.js';
import { BenchSignaling } from './signaling.js';

export class ChatClient {
  private constructor(
    readonly identity: string,
    readonly signaling: BenchSignaling,
    readonly socket: WebSocket,
    readonly session: MsrpSession,
  ) {}

  static async join(server: ServerProcess, identity: string, room: string): Promise<ChatClient> {
    const token = await server.token(identity, room);
    const signaling = await BenchSignaling.connect(server.wsUrl);
    const joined = await signaling.join(token, room);
    signaling.stopCollecting();
    const services = joined['services'] as { msrp: { webSocketPath: string } };
    const socket = new WebSocket(`${server.wsUrl}/msrp?token=${encodeURIComponent(token)}`, [
      'msrp',
    ]);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    const session = new MsrpSession({
      channel: new WebSocketAdapter(socket, { label: 'msrp' }),
      localPath: `msrp://${randomBytes(4).toString('hex')}.invalid:9/${randomBytes(6).toString('hex')};ws`,
      remotePath: services.msrp.webSocketPath,
    });
    // RFC 7977 §7.4 / the switch learns our path from the first request's From-Path.
    await session.sendBodiless();
    return new ChatClient(identity, signaling, socket, session);
  }

  /** Leaves the room (the server closes the chat socket too). */
  async leave(): Promise<void> {
    await this.signaling.leave();
    this.session.close();
    this.socket.terminate();
  }
}
