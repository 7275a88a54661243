import {
  systemClock,
  TypedEmitter,
  type Clock,
  type ChannelMessage,
  type MessageChannel,
  type Unsubscribe,
} from '@parley/transport';
import { T140 } from '../codec/control-codes.js';
import { T140Error } from '../errors.js';
import { T140Receiver, type T140ReceiverOptions } from '../receiver/t140-receiver.js';
import type { T140Outgoing } from '../sender/t140-outgoing.js';
import { T140Sender, type T140SenderOptions } from '../sender/t140-sender.js';
import type { T140Direction } from '../sdp/direction.js';
import { assertT140Channel } from './channel-rules.js';

export interface T140ChannelOptions<S extends T140Outgoing> {
  /** Time source for the sender's interval and the receiver's time stamps. Default systemClock. */
  readonly clock?: Clock;
  /** The outgoing side. Default a new T140Sender (text-field driven); a T140Relay for relays. */
  readonly sender?: S;
  /** Options for the default sender. */
  readonly senderOptions?: T140SenderOptions;
  /** The incoming side. Default a new T140Receiver whose source is the channel label. */
  readonly receiver?: T140Receiver;
  /** Options for the default receiver. */
  readonly receiverOptions?: T140ReceiverOptions;
  /**
   * The negotiated direction, from our side (RFC 8865 §4.2.3): with `recvonly` or `inactive` we
   * send nothing (text typed meanwhile waits). Default `sendrecv`.
   */
  readonly direction?: T140Direction;
  /**
   * This channel replaces one that failed (RFC 8865 §5.4): nothing sent before is sent again, and
   * the receiver shows the missing-text marker because text may have been lost. Default false.
   */
  readonly resumed?: boolean;
}

export interface T140ChannelEvents {
  /** The channel opened; the BOM has been sent. */
  open: undefined;
  /** The channel closed; the receiver has been ended. */
  close: undefined;
  /** A send failed (the transport threw) or the channel reported an error. */
  error: Error;
}

function mayTransmit(direction: T140Direction): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

/**
 * T.140 on one data channel (RFC 8865): refuses channels that are not `t140`, reliable and
 * ordered; sends the BOM first, once, as soon as the channel is open; runs the sender (edits in,
 * T.140 out every interval within the peer's cps, split to the channel's maxMessageSize) and the
 * receiver (T.140 in, display and time-stamped change events out).
 */
export class T140Channel<S extends T140Outgoing = T140Sender> {
  readonly sender: S;
  readonly receiver: T140Receiver;
  readonly #events = new TypedEmitter<T140ChannelEvents>();
  readonly #unsubscribe: Unsubscribe[] = [];
  #direction: T140Direction;
  #bomSent = false;
  #closed = false;

  constructor(
    readonly channel: MessageChannel,
    options: T140ChannelOptions<S> = {},
  ) {
    assertT140Channel(channel);
    if (channel.state === 'closed' || channel.state === 'closing') {
      throw new T140Error('INVALID_STATE', `channel "${channel.label}" is ${channel.state}`);
    }
    const clock = options.clock ?? systemClock;
    this.sender =
      options.sender ?? (new T140Sender({ clock, ...options.senderOptions }) as T140Outgoing as S);
    this.receiver =
      options.receiver ??
      new T140Receiver({ clock, source: channel.label, ...options.receiverOptions });
    this.#direction = options.direction ?? 'sendrecv';
    this.sender.maxMessageBytes = Math.min(this.sender.maxMessageBytes, channel.maxMessageSize);
    this.sender.setTransmitting(false);

    this.#unsubscribe.push(
      this.sender.on('data', ({ text }) => {
        this.#send(text);
      }),
      channel.on('open', () => {
        this.#opened();
      }),
      channel.on('message', (message: ChannelMessage) => {
        this.receiver.receive(message);
      }),
      channel.on('close', () => {
        this.#closedByChannel();
      }),
      channel.on('error', (error) => {
        this.#events.emit('error', error);
      }),
    );
    if (options.resumed) {
      this.receiver.markLoss();
    }
    if (channel.state === 'open') {
      this.#opened();
    }
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);

  get direction(): T140Direction {
    return this.#direction;
  }

  /** A new offer/answer changed the direction (RFC 8865 §4.2.3.4). */
  setDirection(direction: T140Direction): void {
    this.#direction = direction;
    this.#updateTransmitting();
  }

  /** The peer's cps changed (RFC 8865 §4.2.1: it may change in later offers/answers). */
  setCps(cps: number): void {
    this.sender.setCps(cps);
  }

  /** Stops the sender and closes the channel. */
  close(): void {
    this.sender.close();
    this.channel.close();
  }

  #opened(): void {
    if (this.#closed) {
      return;
    }
    if (!this.#bomSent) {
      this.#bomSent = true;
      this.#send(T140.BOM);
    }
    this.#updateTransmitting();
    this.#events.emit('open');
  }

  #updateTransmitting(): void {
    this.sender.setTransmitting(
      !this.#closed && this.channel.state === 'open' && mayTransmit(this.#direction),
    );
  }

  #send(text: string): void {
    try {
      this.channel.send(text);
    } catch (error) {
      this.#events.emit('error', error instanceof Error ? error : new Error(String(error)));
    }
  }

  #closedByChannel(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.sender.setTransmitting(false);
    this.receiver.end();
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    this.#events.emit('close');
  }
}
