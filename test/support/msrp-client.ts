import { MsrpSession, type ReceivedMessage, type ReceivedReport } from '@parley/msrp';
import { WebSocketAdapter } from '@parley/transport';
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { openFallbackSocket } from './fallback-socket.js';
import { pollUntil } from './poll-until.js';

/** A Node MSRP client on the /msrp WebSocket (RFC 7977), for tests. */
export class MsrpTestClient {
  readonly received: ReceivedMessage[] = [];
  readonly reports: ReceivedReport[] = [];

  private constructor(
    readonly session: MsrpSession,
    readonly socket: WebSocket,
  ) {
    session.on('message', (m) => this.received.push(m));
    session.on('report', (r) => this.reports.push(r));
  }

  static async connect(wsUrl: string, token: string, serverPath: string): Promise<MsrpTestClient> {
    const socket = await openFallbackSocket(wsUrl, 'msrp', token);
    const channel = new WebSocketAdapter(socket, { label: 'msrp' });
    const session = new MsrpSession({
      channel,
      localPath: `msrp://${randomBytes(4).toString('hex')}.invalid:9/${randomBytes(6).toString('hex')};ws`,
      remotePath: serverPath,
    });
    const client = new MsrpTestClient(session, socket);
    await session.sendBodiless();
    return client;
  }

  /** Bodies (as text) of the received messages. */
  texts(): string[] {
    return this.received.map((m) => new TextDecoder().decode(m.body));
  }

  waitForMessages(count: number) {
    return pollUntil(() => (this.received.length >= count ? this.received : undefined), {
      what: `${count} MSRP messages (have ${this.received.length})`,
    });
  }

  close(): void {
    this.session.close();
    this.socket.terminate();
  }
}
