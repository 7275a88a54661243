// A minimal client of the /signaling protocol (docs/signaling.md) for benchmarks.
import { WebSocket } from 'ws';

export type SignalingMessage = { readonly type: string } & Record<string, unknown>;

interface Waiter {
  readonly type: string;
  readonly resolve: (message: SignalingMessage) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** One signaling WebSocket: send JSON, await the next message of a type, see candidates as they come. */
export class BenchSignaling {
  readonly #inbox: SignalingMessage[] = [];
  readonly #waiters: Waiter[] = [];
  #onCandidate: ((candidate: string, sdpMid: string) => void) | undefined;
  #discard = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as SignalingMessage;
      if (message.type === 'candidate' && this.#onCandidate) {
        this.#onCandidate(
          String(message['candidate']),
          (message['sdpMid'] as string | undefined) ?? '0',
        );
        return;
      }
      const index = this.#waiters.findIndex((w) => w.type === message.type);
      if (index >= 0) {
        const [waiter] = this.#waiters.splice(index, 1);
        clearTimeout(waiter?.timer);
        waiter?.resolve(message);
      } else if (message.type === 'error') {
        const waiter = this.#waiters.shift();
        clearTimeout(waiter?.timer);
        waiter?.reject(new Error(`signaling error: ${JSON.stringify(message)}`));
      } else if (!this.#discard) {
        this.#inbox.push(message);
      }
    });
    socket.on('close', (code, reason) => {
      for (const waiter of this.#waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`signaling closed ${code} ${reason.toString()}`));
      }
    });
  }

  static async connect(wsUrl: string): Promise<BenchSignaling> {
    const socket = new WebSocket(`${wsUrl}/signaling`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
    return new BenchSignaling(socket);
  }

  send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next message of `type` (an earlier unconsumed one, or the next to arrive). */
  next(type: string, timeoutMs = 30_000): Promise<SignalingMessage> {
    const index = this.#inbox.findIndex((m) => m.type === type);
    if (index >= 0) {
      return Promise.resolve(this.#inbox.splice(index, 1)[0] as SignalingMessage);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.#waiters.findIndex((w) => w.timer === timer);
        if (at >= 0) {
          this.#waiters.splice(at, 1);
        }
        reject(new Error(`no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push({ type, resolve, reject, timer });
    });
  }

  /** Server candidates go to `handler` from now on (not to the inbox). */
  onCandidate(handler: (candidate: string, sdpMid: string) => void): void {
    this.#onCandidate = handler;
    const early = this.#inbox.filter((m) => m.type === 'candidate');
    this.#inbox.splice(0, this.#inbox.length, ...this.#inbox.filter((m) => m.type !== 'candidate'));
    for (const message of early) {
      handler(String(message['candidate']), (message['sdpMid'] as string | undefined) ?? '0');
    }
  }

  /** From now on, drops messages nobody waits for (participant-joined floods in big rooms). */
  stopCollecting(): void {
    this.#discard = true;
    this.#inbox.length = 0;
  }

  /** authenticate + join; the `joined` message. */
  async join(token: string, room: string, extra: Record<string, unknown> = {}) {
    this.send({ type: 'authenticate', token });
    await this.next('authenticated');
    this.send({ type: 'join', room, ...extra });
    return this.next('joined');
  }

  /** `leave`, then waits for the server's close. */
  async leave(): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) {
      return;
    }
    const closed = new Promise<void>((resolve) => {
      this.socket.once('close', () => {
        resolve();
      });
    });
    this.send({ type: 'leave' });
    await closed;
  }

  close(): void {
    this.socket.terminate();
  }
}
