import type { ServerMessage } from '@parley/conference';
import type wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { pollUntil } from './poll-until.js';

type Message = ServerMessage & Record<string, unknown>;

/** A raw signaling WebSocket for tests: sends JSON, collects what the server says, waits with deadlines. */
export class SignalingTestClient {
  readonly received: Message[] = [];
  closed: { code: number; reason: string } | undefined;
  #cursor = 0;
  readonly #listeners = new Set<(message: Message) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as Message;
      this.received.push(message);
      for (const listener of this.#listeners) {
        listener(message);
      }
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async connect(wsUrl: string, path = '/signaling'): Promise<SignalingTestClient> {
    const socket = new WebSocket(`${wsUrl}${path}`);
    const client = new SignalingTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    return client;
  }

  send(message: Record<string, unknown> | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of `type` not yet consumed by a previous next(). */
  async next<T extends Message['type']>(
    type: T,
    timeoutMs = 10_000,
  ): Promise<Extract<Message, { type: T }>> {
    return pollUntil(
      () => {
        for (let i = this.#cursor; i < this.received.length; i++) {
          const message = this.received[i] as Message;
          if (message.type === type) {
            this.#cursor = i + 1;
            return message as Extract<Message, { type: T }>;
          }
        }
        return undefined;
      },
      {
        timeoutMs,
        what: `a "${type}" message (received: ${JSON.stringify(this.received.map((m) => m.type))})`,
      },
    );
  }

  /**
   * Trickles ICE both ways between a libwebrtc peer and the server: `pc`'s candidates are sent at
   * once; the server's (it trickles right after its answer or offer) are added when the returned
   * function is called, once the remote description is set — those that came earlier first.
   */
  trickleIce(pc: wrtc.RTCPeerConnection): () => void {
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        this.send({ type: 'candidate', candidate: candidate.candidate, sdpMid: candidate.sdpMid });
      }
    };
    return () => {
      const add = (message: Message) => {
        if (message.type === 'candidate') {
          pc.addIceCandidate({ candidate: message.candidate, sdpMid: message.sdpMid }).catch(
            (error: unknown) => {
              throw new Error(`the server's candidate was refused: ${String(error)}`);
            },
          );
        }
      };
      this.received.forEach(add);
      this.#listeners.add(add);
    };
  }

  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return pollUntil(() => this.closed, { timeoutMs, what: 'the socket to close' });
  }

  /** authenticate + join; returns the joined message. */
  async join(token: string, room = 'room-1') {
    this.send({ type: 'authenticate', token });
    await this.next('authenticated');
    this.send({ type: 'join', room });
    return this.next('joined');
  }

  close(): void {
    this.socket.terminate();
  }
}
