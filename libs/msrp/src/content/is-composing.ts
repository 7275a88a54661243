import {
  TypedEmitter,
  systemClock,
  type Clock,
  type Listener,
  type TimerHandle,
  type Unsubscribe,
} from '@parley/transport';
import { escapeXml, XmlDocument } from './xml-text.js';

/** `application/im-iscomposing+xml` (RFC 3994). */
export const IS_COMPOSING_CONTENT_TYPE = 'application/im-iscomposing+xml';
export const IS_COMPOSING_NAMESPACE = 'urn:ietf:params:xml:ns:im-iscomposing';

export type ComposingState = 'active' | 'idle';

/** An isComposing status message (RFC 3994 §4). */
export interface IsComposing {
  readonly state: ComposingState;
  /** `<lastactive>` (an RFC 3339 date-time), idle messages. */
  readonly lastActive?: string | undefined;
  /** `<contenttype>`: `text`, `audio`, `text/html`... */
  readonly contentType?: string | undefined;
  /** `<refresh>` in seconds (active messages). */
  readonly refresh?: number | undefined;
}

export function buildIsComposing(status: IsComposing): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<isComposing xmlns="${IS_COMPOSING_NAMESPACE}">\n  <state>${status.state}</state>\n`;
  if (status.lastActive !== undefined) {
    xml += `  <lastactive>${escapeXml(status.lastActive)}</lastactive>\n`;
  }
  if (status.contentType !== undefined) {
    xml += `  <contenttype>${escapeXml(status.contentType)}</contenttype>\n`;
  }
  if (status.refresh !== undefined) {
    xml += `  <refresh>${status.refresh}</refresh>\n`;
  }
  return `${xml}</isComposing>\n`;
}

/** Reads an isComposing document; an unknown state counts as idle (RFC 3994 §4). Throws `MsrpError('INVALID_XML')`. */
export function parseIsComposing(xml: string): IsComposing {
  const doc = new XmlDocument(xml, 'isComposing', IS_COMPOSING_NAMESPACE);
  const refreshText = doc.text('refresh');
  const refresh =
    refreshText !== undefined && /^[1-9][0-9]*$/.test(refreshText)
      ? Number(refreshText)
      : undefined;
  return {
    state: doc.text('state') === 'active' ? 'active' : 'idle',
    lastActive: doc.text('lastactive'),
    contentType: doc.text('contenttype'),
    refresh,
  };
}

export interface ComposingSenderOptions {
  /** Sends one status document (e.g. `session.send({ contentType: IS_COMPOSING_CONTENT_TYPE, body })`). */
  readonly send: (xml: string) => void;
  readonly clock?: Clock;
  /** Idle timeout after the last keystroke (RFC 3994 §3.2: default 15 s). */
  readonly idleTimeoutMs?: number;
  /** Refresh interval of active status, in seconds (SHOULD be at least 60); undefined = no refreshes. */
  readonly refreshSeconds?: number;
  /** `<contenttype>` to announce. */
  readonly contentType?: string;
  /** The clock time as RFC 3339 for `<lastactive>`; default: none written. */
  readonly now?: () => string;
}

/**
 * The sender side of RFC 3994 §3.2: `typing()` on each keystroke sends `active` once (then refreshes
 * every `refreshSeconds`), an idle timer sends `idle` after 15 s without typing, and `messageSent()`
 * goes idle silently (no idle message is needed once the message went out).
 */
export class ComposingSender {
  #state: ComposingState = 'idle';
  #idleTimer: TimerHandle;
  #refreshTimer: TimerHandle;
  readonly #clock: Clock;
  readonly #idleTimeoutMs: number;

  constructor(private readonly options: ComposingSenderOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 15_000;
  }

  get state(): ComposingState {
    return this.#state;
  }

  typing(): void {
    if (this.#state === 'idle') {
      this.#state = 'active';
      this.#sendActive();
    }
    this.#clear('idle');
    this.#idleTimer = this.#clock.setTimeout(() => {
      this.#goIdle(true);
    }, this.#idleTimeoutMs);
  }

  messageSent(): void {
    this.#goIdle(false);
  }

  /** Stops the timers (session end). */
  stop(): void {
    this.#clear('idle');
    this.#clear('refresh');
  }

  #sendActive(): void {
    const refresh = this.options.refreshSeconds;
    this.options.send(
      buildIsComposing({ state: 'active', contentType: this.options.contentType, refresh }),
    );
    if (refresh !== undefined) {
      this.#clear('refresh');
      this.#refreshTimer = this.#clock.setTimeout(() => {
        if (this.#state === 'active') {
          this.#sendActive();
        }
      }, refresh * 1000);
    }
  }

  #goIdle(announce: boolean): void {
    this.stop();
    if (this.#state === 'idle') {
      return;
    }
    this.#state = 'idle';
    if (announce) {
      this.options.send(
        buildIsComposing({
          state: 'idle',
          lastActive: this.options.now?.(),
          contentType: this.options.contentType,
        }),
      );
    }
  }

  #clear(which: 'idle' | 'refresh'): void {
    const handle = which === 'idle' ? this.#idleTimer : this.#refreshTimer;
    if (handle !== undefined) {
      this.#clock.clearTimeout(handle);
    }
    if (which === 'idle') {
      this.#idleTimer = undefined;
    } else {
      this.#refreshTimer = undefined;
    }
  }
}

export interface ComposingReceiverEvents {
  /** The peer's composing state changed. */
  change: IsComposing;
}

/**
 * The receiver side of RFC 3994 §3.3: `active` until an `idle` message, a content message
 * (`messageReceived()`), or the refresh interval (default 120 s) passes without a refresh.
 */
export class ComposingReceiver {
  readonly #events = new TypedEmitter<ComposingReceiverEvents>();
  readonly #clock: Clock;
  #state: ComposingState = 'idle';
  #timer: TimerHandle;

  constructor(options: { readonly clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  get state(): ComposingState {
    return this.#state;
  }

  on<K extends keyof ComposingReceiverEvents>(
    event: K,
    listener: Listener<ComposingReceiverEvents[K]>,
  ): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** A status document arrived (parse it with `parseIsComposing`). */
  receive(status: IsComposing): void {
    this.#stopTimer();
    if (status.state === 'active') {
      this.#timer = this.#clock.setTimeout(
        () => {
          this.#set({ state: 'idle' });
        },
        (status.refresh ?? 120) * 1000,
      );
    }
    this.#set(status);
  }

  /** A content message arrived from the composer: it is idle now. */
  messageReceived(): void {
    this.#stopTimer();
    this.#set({ state: 'idle' });
  }

  stop(): void {
    this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #set(status: IsComposing): void {
    const changed = status.state !== this.#state;
    this.#state = status.state;
    if (changed) {
      this.#events.emit('change', status);
    }
  }
}
