import { MessageChannelBase } from '../channel/message-channel-base.js';
import {
  messageByteLength,
  type ChannelMessage,
  type ChannelProperties,
  type ChannelState,
} from '../channel/message-channel.js';

export interface LoopbackOptions {
  readonly label?: string;
  readonly protocol?: string;
  /** maxMessageSize of both ends. Default 262144 (what libdatachannel and libwebrtc announce). */
  readonly maxMessageSize?: number;
  readonly properties?: Partial<ChannelProperties>;
  /**
   * Bytes the "network" moves per delivery turn, to exercise back-pressure. Default: unlimited
   * (everything queued is delivered at the next turn).
   */
  readonly bytesPerTurn?: number;
  /**
   * How a delivery turn is scheduled. Default: a macrotask (`setTimeout(0)`), so a synchronous send
   * loop builds up bufferedAmount as on a real channel. Tests may pass a manual scheduler.
   */
  readonly schedule?: (turn: () => void) => void;
  /** Opens both ends at once (default) or waits for `open()`. */
  readonly autoOpen?: boolean;
}

const defaultSchedule = (turn: () => void): void => {
  globalThis.setTimeout(turn, 0);
};

/** One end of an in-memory channel pair: a real MessageChannel, for protocol tests without a network. */
export class LoopbackChannel extends MessageChannelBase {
  #state: ChannelState = 'connecting';
  #peer: LoopbackChannel | undefined;
  readonly #outbox: ChannelMessage[] = [];
  #buffered = 0;
  #turnScheduled = false;
  bufferedAmountLowThreshold = 0;

  constructor(
    readonly label: string,
    readonly protocol: string,
    readonly maxMessageSize: number,
    readonly properties: ChannelProperties,
    private readonly bytesPerTurn: number,
    private readonly schedule: (turn: () => void) => void,
  ) {
    super();
  }

  /** @internal */
  connect(peer: LoopbackChannel): void {
    this.#peer = peer;
  }

  get state(): ChannelState {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  /** @internal */
  markOpen(): void {
    if (this.#state === 'connecting') {
      this.#state = 'open';
      this.events.emit('open');
    }
  }

  send(message: ChannelMessage): void {
    const size = this.checkSendable(message, 'channel');
    // The receiver gets its own copy, as it would from a network.
    this.#outbox.push(typeof message === 'string' ? message : message.slice());
    this.#buffered += size;
    this.#scheduleTurn();
  }

  close(): void {
    if (this.#state === 'closed' || this.#state === 'closing') {
      return;
    }
    this.#state = 'closing';
    // Like SCTP stream reset: what was queued is still delivered, then both ends close.
    this.#scheduleTurn();
  }

  #scheduleTurn(): void {
    if (this.#turnScheduled) {
      return;
    }
    this.#turnScheduled = true;
    this.schedule(() => {
      this.#turnScheduled = false;
      this.#deliver();
    });
  }

  #deliver(): void {
    let budget = this.bytesPerTurn;
    const before = this.#buffered;
    while (this.#outbox.length > 0 && budget > 0) {
      const message = this.#outbox.shift() as ChannelMessage;
      const size = messageByteLength(message);
      budget -= size;
      this.#buffered -= size;
      this.#peer?.receive(message);
    }
    if (
      before > this.bufferedAmountLowThreshold &&
      this.#buffered <= this.bufferedAmountLowThreshold
    ) {
      this.events.emit('bufferedamountlow');
    }
    if (this.#outbox.length > 0) {
      this.#scheduleTurn();
    } else if (this.#state === 'closing') {
      this.finishClose();
      this.#peer?.finishClose();
    }
  }

  /** @internal */
  receive(message: ChannelMessage): void {
    if (this.#state === 'open' || this.#state === 'closing') {
      this.events.emit('message', message);
    }
  }

  /** @internal */
  finishClose(): void {
    if (this.#state === 'closed') {
      return;
    }
    this.#state = 'closed';
    this.#outbox.length = 0;
    this.#buffered = 0;
    this.events.emit('close', {});
  }
}

export interface LoopbackPair {
  readonly a: LoopbackChannel;
  readonly b: LoopbackChannel;
  /** Opens both ends (only needed with `autoOpen: false`). */
  open(): void;
}

/**
 * Two connected in-memory channels. Messages are copied, delivered in order, asynchronously, and
 * count in bufferedAmount until delivered; maxMessageSize is enforced as a data channel would.
 */
export function createLoopbackPair(options: LoopbackOptions = {}): LoopbackPair {
  const properties: ChannelProperties = { ordered: true, negotiated: false, ...options.properties };
  const make = () =>
    new LoopbackChannel(
      options.label ?? 'loopback',
      options.protocol ?? '',
      options.maxMessageSize ?? 262_144,
      properties,
      options.bytesPerTurn ?? Number.POSITIVE_INFINITY,
      options.schedule ?? defaultSchedule,
    );
  const a = make();
  const b = make();
  a.connect(b);
  b.connect(a);
  const open = () => {
    a.markOpen();
    b.markOpen();
  };
  if (options.autoOpen ?? true) {
    open();
  }
  return { a, b, open };
}
