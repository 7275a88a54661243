import { systemClock, TypedEmitter, type Clock } from '@parley/transport';
import { T140 } from '../codec/control-codes.js';
import type { T140Token } from '../codec/t140-token.js';
import { T140Tokenizer, type T140TokenizerOptions } from '../codec/t140-tokenizer.js';
import { Utf8StreamDecoder } from '../codec/utf8-stream-decoder.js';
import { applySgr, type T140Style } from '../presentation/sgr-style.js';
import { T140Display, type T140DisplayOptions } from '../presentation/t140-display.js';
import type { T140Change } from './t140-change.js';

/** A control function that is not text: reported so a UI (or a mixer) can act on it. */
export interface T140ControlEvent {
  readonly source: string;
  readonly at: number;
  readonly token: Exclude<T140Token, { kind: 'text' | 'erase' | 'newline' | 'bell' }>;
}

export interface T140ReceiverEvents {
  /** The display changed (append, erase, new line). */
  change: T140Change;
  /** BEL: alert the user. */
  bell: { readonly source: string; readonly at: number };
  /** SGR, INT, SOS strings and every ignored control function or sequence. */
  control: T140ControlEvent;
}

export interface T140ReceiverOptions extends T140TokenizerOptions, T140DisplayOptions {
  /** Time source for change time stamps. Default systemClock. */
  readonly clock?: Clock;
  /** The source name put on every event. Default "". */
  readonly source?: string;
}

/**
 * Receives T.140 text from one source (bytes or strings, split anywhere) and keeps its display:
 * lines and current line, with time-stamped change events. It never throws on any input: invalid
 * UTF-8 becomes U+FFFD, unknown controls are removed and reported.
 */
export class T140Receiver {
  readonly source: string;
  readonly display: T140Display;
  readonly #events = new TypedEmitter<T140ReceiverEvents>();
  readonly #clock: Clock;
  readonly #decoder = new Utf8StreamDecoder();
  readonly #tokenizer: T140Tokenizer;
  #style: T140Style | undefined;
  readonly #tokens: T140Token[] = [];

  constructor(options: T140ReceiverOptions = {}) {
    this.source = options.source ?? '';
    this.#clock = options.clock ?? systemClock;
    this.#tokenizer = new T140Tokenizer(options);
    this.display = new T140Display(options);
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);
  readonly once = this.#events.once.bind(this.#events);

  /** The current graphic rendition (from the last SGR). */
  get style(): T140Style | undefined {
    return this.#style;
  }

  /** Everything displayed, lines joined with "\n". */
  get text(): string {
    return this.display.text;
  }

  /**
   * Takes one message or block: bytes (UTF-8, decoded across splits) or a string (a data-channel
   * text message). `at` overrides the clock's time stamp (e.g. a capture time).
   */
  receive(chunk: Uint8Array | string, at: number = this.#clock.now()): void {
    const text =
      typeof chunk === 'string'
        ? this.#decoder.flush() + Utf8StreamDecoder.fromString(chunk)
        : this.#decoder.decode(chunk);
    this.#tokens.length = 0;
    this.#tokenizer.push(text, this.#tokens);
    this.#apply(this.#tokens, at);
  }

  /**
   * Marks lost text: ends any unfinished character or sequence and appends the missing-text marker
   * U+FFFD (RFC 4103 §5.3, RFC 8865 §5.4 after a channel is re-established).
   */
  markLoss(at: number = this.#clock.now()): void {
    this.#tokens.length = 0;
    this.#tokenizer.push(this.#decoder.flush(), this.#tokens);
    this.#tokenizer.end(this.#tokens);
    this.#apply(this.#tokens, at);
    this.display.append(T140.MISSING_TEXT, this.#style);
    this.#emitChange({
      kind: 'append',
      source: this.source,
      at,
      text: T140.MISSING_TEXT,
      ...(this.#style ? { style: this.#style } : {}),
      missing: true,
    });
  }

  /** Ends the stream (channel closed): an unfinished UTF-8 sequence becomes U+FFFD, an unfinished control is dropped. */
  end(at: number = this.#clock.now()): void {
    this.#tokens.length = 0;
    this.#tokenizer.push(this.#decoder.flush(), this.#tokens);
    this.#tokenizer.end(this.#tokens);
    this.#apply(this.#tokens, at);
  }

  #apply(tokens: readonly T140Token[], at: number): void {
    let appended = '';
    let erased: string[] = [];
    const flushAppend = () => {
      if (appended !== '') {
        const style = this.#style;
        this.#emitChange({
          kind: 'append',
          source: this.source,
          at,
          text: appended,
          ...(style ? { style } : {}),
        });
        appended = '';
      }
    };
    const flushErase = () => {
      if (erased.length > 0) {
        this.#emitChange({
          kind: 'erase',
          source: this.source,
          at,
          count: erased.length,
          text: erased.reverse().join(''),
        });
        erased = [];
      }
    };
    for (const token of tokens) {
      switch (token.kind) {
        case 'text':
          flushErase();
          this.display.append(token.text, this.#style);
          appended += token.text;
          break;
        case 'erase': {
          flushAppend();
          const gone = this.display.erase();
          if (gone !== undefined) {
            erased.push(gone);
          }
          break;
        }
        case 'newline': {
          flushAppend();
          flushErase();
          const line = this.display.newline();
          this.#emitChange({ kind: 'newline', source: this.source, at, line: line.text });
          break;
        }
        case 'bell':
          flushAppend();
          flushErase();
          this.#events.emit('bell', { source: this.source, at });
          break;
        case 'sgr':
          flushAppend();
          flushErase();
          this.#style = applySgr(this.#style, token.params);
          this.#events.emit('control', { source: this.source, at, token });
          break;
        case 'int':
        case 'sos':
        case 'control':
          flushAppend();
          flushErase();
          this.#events.emit('control', { source: this.source, at, token });
          break;
      }
    }
    flushAppend();
    flushErase();
  }

  #emitChange(change: T140Change): void {
    this.#events.emit('change', change);
  }
}
