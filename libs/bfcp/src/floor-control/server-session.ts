import type { Unsubscribe } from '@parley/transport';
import type { BfcpMessage } from '../message/message.js';

/** Where a session hands its messages (the FloorControlServer). */
export interface SessionHost {
  handle(session: ServerSession, message: BfcpMessage): void;
  forget(session: ServerSession): void;
}

/** What the server needs from a connection (BfcpConnection has it). */
export interface BfcpServerPeer {
  respond(request: BfcpMessage, response: BfcpMessage): void;
  /** A server-initiated message: TID 0 on reliable transports, acknowledged on unreliable ones. */
  notify(message: BfcpMessage): Promise<void>;
}

/** One client's BFCP connection to the floor control server. */
export class ServerSession {
  /** Floors this client asked to hear about with FloorQuery (RFC 8855 §13.5). */
  readonly subscriptions = new Set<number>();
  readonly allowedUserIds: ReadonlySet<number>;
  #closed = false;

  /** @internal */
  constructor(
    readonly userId: number,
    allowed: readonly number[],
    readonly peer: BfcpServerPeer,
    private readonly host: SessionHost,
    /** @internal */ readonly detach: Unsubscribe[] = [],
  ) {
    this.allowedUserIds = new Set(allowed);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Handles one message from the client (BfcpConnection calls this for every request). */
  receive(message: BfcpMessage): void {
    if (!this.#closed) {
      this.host.handle(this, message);
    }
  }

  /** Detaches the session: its floor requests stay (RFC 8855 §6.1 recommends keeping them). */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const off of this.detach.splice(0)) {
      off();
    }
    this.host.forget(this);
  }
}
