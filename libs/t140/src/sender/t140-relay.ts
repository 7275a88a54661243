import { T140 } from '../codec/control-codes.js';
import { graphemeLengths } from '../codec/graphemes.js';
import type { T140Token } from '../codec/t140-token.js';
import { T140Tokenizer } from '../codec/t140-tokenizer.js';
import { Utf8StreamDecoder } from '../codec/utf8-stream-decoder.js';
import { codePointLength } from '../codec/well-formed.js';
import type { T140Change } from '../receiver/t140-change.js';
import { T140OutgoingBase, type T140OutgoingOptions } from './t140-outgoing-base.js';

export interface T140RelayOptions extends T140OutgoingOptions {
  /**
   * Text waiting longer than this (the peer's cps cannot keep up) is dropped and replaced by one
   * missing-text marker (RFC 9071 §8: about 15 s). Default 15 000 ms.
   */
  readonly maxDelayMs?: number;
}

type Unit =
  | { readonly kind: 'text'; text: string; readonly at: number }
  | { readonly kind: 'newline' | 'erase'; readonly at: number }
  | { readonly kind: 'control'; readonly text: string; readonly at: number };

function encodeControl(token: T140Token): string | undefined {
  switch (token.kind) {
    case 'bell':
      return T140.BEL;
    case 'sgr':
      return `${T140.CSI}${token.params.join(';')}m`;
    case 'int':
      return T140.INT;
    case 'sos':
      return token.terminated ? `${T140.SOS}${token.text}${T140.ST}` : undefined;
    case 'control':
    case 'text':
    case 'erase':
    case 'newline':
      return undefined;
  }
}

function unitText(unit: Unit): string {
  switch (unit.kind) {
    case 'erase':
      return T140.BS;
    case 'newline':
      return T140.LS;
    case 'text':
    case 'control':
      return unit.text;
  }
}

/**
 * Forwards T.140 text from elsewhere (a participant's channel, an RTP stream, a mixer) to one peer,
 * with the transmission interval and the peer's cps. What is forwarded is parsed first, so the peer
 * gets clean T.140: BOMs dropped, every line end as LINE SEPARATOR, unknown controls removed (BEL,
 * SGR, INT and SOS strings pass). A BACKSPACE that arrives while the character it erases is still
 * queued removes that character instead of being sent.
 */
export class T140Relay extends T140OutgoingBase {
  readonly #maxDelayMs: number;
  readonly #decoder = new Utf8StreamDecoder();
  readonly #tokenizer = new T140Tokenizer();
  #queue: Unit[] = [];

  constructor(options: T140RelayOptions = {}) {
    super(options);
    this.#maxDelayMs = options.maxDelayMs ?? 15_000;
  }

  get pending(): boolean {
    return this.#queue.length > 0;
  }

  /** Queued units (clusters, line ends, erasures, controls). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Forwards raw T.140 (bytes or a string message). */
  write(chunk: string | Uint8Array): void {
    const text =
      typeof chunk === 'string'
        ? this.#decoder.flush() + Utf8StreamDecoder.fromString(chunk)
        : this.#decoder.decode(chunk);
    for (const token of this.#tokenizer.push(text)) {
      this.#token(token);
    }
    this.scheduler.wake();
  }

  /** Forwards one change of a source's display (re-encoded: text, BACKSPACE per count, LINE SEPARATOR). */
  applyChange(change: T140Change): void {
    switch (change.kind) {
      case 'append':
        this.#text(change.text);
        break;
      case 'erase':
        for (let i = 0; i < change.count; i++) {
          this.#erase();
        }
        break;
      case 'newline':
        this.#queue.push({ kind: 'newline', at: this.clock.now() });
        break;
    }
    this.scheduler.wake();
  }

  /** Appends the missing-text marker (text was lost on the way). */
  markLoss(): void {
    this.#text(T140.MISSING_TEXT);
    this.scheduler.wake();
  }

  #token(token: T140Token): void {
    switch (token.kind) {
      case 'text':
        this.#text(token.text);
        return;
      case 'erase':
        this.#erase();
        return;
      case 'newline':
        this.#queue.push({ kind: 'newline', at: this.clock.now() });
        return;
      case 'bell':
      case 'sgr':
      case 'int':
      case 'sos':
      case 'control': {
        const text = encodeControl(token);
        if (text !== undefined) {
          this.#queue.push({ kind: 'control', text, at: this.clock.now() });
        }
        return;
      }
    }
  }

  #text(text: string): void {
    const at = this.clock.now();
    const last = this.#queue[this.#queue.length - 1];
    let joined = text;
    if (last?.kind === 'text') {
      // The new text may extend the last queued cluster.
      this.#queue.pop();
      joined = last.text + text;
    }
    let offset = 0;
    for (const length of graphemeLengths(joined)) {
      this.#queue.push({ kind: 'text', text: joined.slice(offset, offset + length), at });
      offset += length;
    }
  }

  #erase(): void {
    // The last queued character (skipping controls such as SGR) is erased before it is ever sent.
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const unit = this.#queue[i] as Unit;
      if (unit.kind === 'text' || unit.kind === 'newline') {
        this.#queue.splice(i, 1);
        return;
      }
      if (unit.kind === 'erase') {
        break;
      }
    }
    this.#queue.push({ kind: 'erase', at: this.clock.now() });
  }

  protected transmit(): void {
    const now = this.clock.now();
    const oldest = this.#queue[0];
    if (oldest && now - oldest.at > this.#maxDelayMs) {
      this.#queue = [];
      this.#text(T140.MISSING_TEXT);
    }
    let budget = this.scheduler.budget();
    let out = '';
    let taken = 0;
    while (taken < this.#queue.length && budget > 0) {
      const unit = this.#queue[taken] as Unit;
      const text = unitText(unit);
      out += text;
      budget -= codePointLength(text);
      taken++;
    }
    this.#queue.splice(0, taken);
    this.finishTransmission(out, now);
  }
}
