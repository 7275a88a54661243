import { TypedEmitter, type Clock, type WebSocketLike } from '@parley/transport';
import { ParleyClientError } from '../errors.js';
import type { ClientPlatform } from '../platform.js';
import {
  parseServerMessage,
  type ClientMessage,
  type ServerMessage,
  type ServerMessageType,
} from './signaling-messages.js';

/** Close codes that mean the token or the room was refused (docs/signaling.md). */
const AUTH_CLOSE_CODES = new Set([4001, 4002, 4003, 4004]);

export interface SignalingCloseEvent {
  readonly code: number;
  readonly reason: string;
}

export interface SignalingEvents {
  /** Every server message, in order. */
  message: ServerMessage;
  close: SignalingCloseEvent;
}

interface Pending {
  readonly expect: ServerMessageType;
  readonly resolve: (message: ServerMessage) => void;
  readonly reject: (error: ParleyClientError) => void;
  readonly timer: unknown;
}

/**
 * The signaling WebSocket (`/signaling`): JSON messages out, typed server messages in, and requests
 * matched to their answers by `id`/`re` (an `error` with the same `re` rejects the request).
 */
export class SignalingConnection {
  readonly events = new TypedEmitter<SignalingEvents>();
  readonly #socket: WebSocketLike;
  readonly #clock: Clock;
  readonly #pending = new Map<string, Pending>();
  #nextId = 1;
  #closed: SignalingCloseEvent | undefined;

  private constructor(socket: WebSocketLike, clock: Clock) {
    this.#socket = socket;
    this.#clock = clock;
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') {
        return;
      }
      const message = parseServerMessage(event.data);
      if (message) {
        this.#dispatch(message);
      }
    });
    socket.addEventListener('close', (event) => {
      this.#closed = { code: event.code, reason: event.reason };
      const error = closeError(this.#closed);
      for (const [id, pending] of this.#pending) {
        this.#clock.clearTimeout(pending.timer);
        this.#pending.delete(id);
        pending.reject(error);
      }
      this.events.emit('close', this.#closed);
    });
  }

  /** Opens `<wsUrl>/signaling`; rejects with SIGNALING_CLOSED when the socket cannot open. */
  static open(
    url: string,
    platform: ClientPlatform,
    timeoutMs = 10_000,
  ): Promise<SignalingConnection> {
    const socket = platform.createWebSocket(url);
    const connection = new SignalingConnection(socket, platform.clock);
    return new Promise((resolve, reject) => {
      const timer = platform.clock.setTimeout(() => {
        socket.close();
        reject(new ParleyClientError('TIMEOUT', `signaling did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.addEventListener('open', () => {
        platform.clock.clearTimeout(timer);
        resolve(connection);
      });
      socket.addEventListener('close', (event) => {
        platform.clock.clearTimeout(timer);
        reject(closeError({ code: event.code, reason: event.reason }));
      });
    });
  }

  get closed(): SignalingCloseEvent | undefined {
    return this.#closed;
  }

  send(message: ClientMessage): void {
    if (this.#socket.readyState !== 1) {
      throw new ParleyClientError('SIGNALING_CLOSED', 'the signaling socket is not open');
    }
    this.#socket.send(JSON.stringify(message));
  }

  /**
   * Sends a request with a fresh `id` and resolves with the answer of type `expect` carrying it back
   * (or, for answers without `re`, the next message of that type).
   */
  request<T extends ServerMessageType>(
    message: ClientMessage,
    expect: T,
    timeoutMs = 15_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const id = `c${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        this.#pending.delete(id);
        reject(new ParleyClientError('TIMEOUT', `no "${expect}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        expect,
        resolve: resolve as (message: ServerMessage) => void,
        reject,
        timer,
      });
      try {
        this.send({ ...message, id });
      } catch (error) {
        this.#clock.clearTimeout(timer);
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  close(code = 1000, reason = ''): void {
    this.#socket.close(code, reason);
  }

  #dispatch(message: ServerMessage): void {
    const re = 're' in message ? message.re : undefined;
    const pending = re === undefined ? undefined : this.#pending.get(re);
    if (re !== undefined && pending) {
      if (message.type === 'error') {
        this.#settle(re, pending);
        pending.reject(
          new ParleyClientError('SIGNALING_ERROR', `${message.code}: ${message.message}`, {
            serverCode: message.code,
          }),
        );
      } else if (message.type === pending.expect) {
        this.#settle(re, pending);
        pending.resolve(message);
      }
    }
    this.events.emit('message', message);
  }

  #settle(id: string, pending: Pending): void {
    this.#clock.clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}

function closeError(event: SignalingCloseEvent): ParleyClientError {
  const auth = AUTH_CLOSE_CODES.has(event.code);
  return new ParleyClientError(
    auth ? 'AUTH_FAILED' : 'SIGNALING_CLOSED',
    `signaling closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`,
    { closeCode: event.code },
  );
}
