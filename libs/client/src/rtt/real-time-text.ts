import { T140Channel, T140Receiver, type T140Change } from '@parley/t140';
import { TypedEmitter, type Clock, type MessageChannel } from '@parley/transport';
import { MIXED_SOURCE, RemoteText } from './remote-text.js';
import {
  bindTextField,
  type TextFieldBindingOptions,
  type TextFieldLike,
} from './text-field-binding.js';

export interface RealTimeTextOptions {
  /** Our own `t140` channel. */
  readonly channel: MessageChannel;
  /** The server's cps (`services.t140.cps`). Default 30. */
  readonly cps?: number;
  /**
   * `per-source` (default on data channels): each remote participant's text arrives on its own
   * channel. `mixed` (the WebSocket fallback): everyone's text arrives on our channel as one RFC 9071
   * presentation, shown as the remote `MIXED_SOURCE`.
   */
  readonly mode?: 'per-source' | 'mixed';
  readonly clock?: Clock;
}

export interface RealTimeTextEvents {
  /** A remote participant's text display appeared. */
  remote: RemoteText;
  /** A remote display changed: text appended, erased, or a line finished. */
  change: { readonly remote: RemoteText; readonly change: T140Change };
  /** A remote participant rang the bell (BEL). */
  bell: RemoteText;
  /** A remote participant's channel closed (the display stays). */
  closed: RemoteText;
}

/**
 * Real-time text in a conference (RFC 8865 over data channels, docs/conference.md): our T.140
 * sender bound to a text field, and one display model per remote participant.
 */
export class RealTimeText {
  readonly events = new TypedEmitter<RealTimeTextEvents>();
  /** Our channel: sends what we type (BOM first, 300 ms interval, the server's cps). */
  readonly own: T140Channel;
  readonly mode: 'per-source' | 'mixed';
  readonly #remotes = new Map<string, RemoteText>();
  readonly #clock: Clock | undefined;

  constructor(options: RealTimeTextOptions) {
    this.mode = options.mode ?? 'per-source';
    this.#clock = options.clock;
    const mixed =
      this.mode === 'mixed'
        ? new T140Receiver({
            source: MIXED_SOURCE,
            ...(options.clock ? { clock: options.clock } : {}),
          })
        : undefined;
    this.own = new T140Channel(options.channel, {
      ...(options.clock ? { clock: options.clock } : {}),
      senderOptions: { cps: options.cps ?? 30 },
      ...(mixed ? { receiver: mixed } : {}),
    });
    if (mixed) {
      this.#add(new RemoteText(MIXED_SOURCE, mixed));
    }
  }

  /** The T.140 sender: drive it yourself, or with `bindTextField`. */
  get sender(): T140Channel['sender'] {
    return this.own.sender;
  }

  /** Remote displays by participant id (or `MIXED_SOURCE`). */
  get remotes(): ReadonlyMap<string, RemoteText> {
    return this.#remotes;
  }

  remote(participantId: string): RemoteText | undefined {
    return this.#remotes.get(participantId);
  }

  /** Every edit of the field becomes T.140 (see `bindTextField`). */
  bindTextField(field: TextFieldLike, options?: TextFieldBindingOptions): () => void {
    return bindTextField(field, this.own.sender, options);
  }

  /**
   * Takes a per-source channel (`rtt:<participantId>`) opened by the server. A participant whose
   * channel is replaced (reconnection) keeps its display.
   */
  attachRemote(participantId: string, channel: MessageChannel): RemoteText {
    let remote = this.#remotes.get(participantId);
    if (!remote) {
      remote = new RemoteText(
        participantId,
        new T140Receiver({
          source: participantId,
          ...(this.#clock ? { clock: this.#clock } : {}),
        }),
      );
      this.#add(remote);
    }
    const target = remote;
    channel.on('message', (message) => {
      target.receiver.receive(message);
    });
    channel.on('close', () => {
      target.receiver.end();
      this.events.emit('closed', target);
    });
    return target;
  }

  close(): void {
    this.own.close();
  }

  #add(remote: RemoteText): void {
    this.#remotes.set(remote.participantId, remote);
    remote.receiver.on('change', (change) => {
      this.events.emit('change', { remote, change });
    });
    remote.receiver.on('bell', () => {
      this.events.emit('bell', remote);
    });
    this.events.emit('remote', remote);
  }
}
