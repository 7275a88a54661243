import { T140 } from '../codec/control-codes.js';
import { boundaryAtOrBefore, splitGraphemes } from '../codec/graphemes.js';
import { codePointLength } from '../codec/well-formed.js';
import type { T140Change } from '../receiver/t140-change.js';
import { diffField } from './field-diff.js';
import { sanitizeFieldText } from './sanitize.js';
import { T140OutgoingBase, type T140OutgoingOptions } from './t140-outgoing-base.js';

export interface T140SenderOptions extends T140OutgoingOptions {
  /** Largest piece (UTF-8 bytes) per `data` event (the channel's maxMessageSize). Default unlimited. */
  readonly maxMessageBytes?: number;
  /**
   * Text kept for erasing, in UTF-16 units: once the field and the peer agree on more than twice
   * this, the oldest agreed text is forgotten (it can no longer be erased, and `text` no longer
   * returns it; `setText` still takes the whole value). Default unlimited.
   */
  readonly historyLength?: number;
}

/**
 * The T.140 sender, driven by a text field: it keeps the field's text and the text the peer shows,
 * and at each transmission interval sends what turns one into the other: BACKSPACE (U+0008) for
 * each grapheme cluster of sent text that was erased, then the new text, within the peer's cps.
 * Text erased before it was sent is simply never sent. Line ends go out as LINE SEPARATOR (U+2028).
 *
 * Drive it with `setText` (a textarea holding everything typed), `setCurrentLine` + `newline`
 * (a one-line input), or `insert` / `erase` / `newline` (key events).
 */
export class T140Sender extends T140OutgoingBase {
  readonly #history: number;
  /** The field: what the user sees (sanitized, line ends as U+2028). */
  #field = '';
  /** What the peer shows once everything sent so far has arrived. */
  #remote = '';
  #bells = 0;
  /** UTF-16 units of sanitized field text forgotten (historyLength). */
  #forgotten = 0;

  constructor(options: T140SenderOptions = {}) {
    super(options);
    this.#history = options.historyLength ?? Number.POSITIVE_INFINITY;
  }

  /** The field's text (what historyLength kept of it), line ends as "\n". */
  get text(): string {
    return this.#field.replaceAll(T140.LS, '\n');
  }

  /** The text after the last line end. */
  get currentLine(): string {
    return this.#field.slice(this.#field.lastIndexOf(T140.LS) + 1);
  }

  /** True while the peer does not show the field yet (or a BEL waits). */
  get pending(): boolean {
    return this.#field !== this.#remote || this.#bells > 0;
  }

  get intervalMs(): number {
    return this.scheduler.intervalMs;
  }

  get cps(): number {
    return this.scheduler.cps;
  }

  /** The whole text the user has typed (a textarea's value); any line end counts as one. */
  setText(value: string): void {
    this.#setField(sanitizeFieldText(value).slice(this.#forgotten));
  }

  /** The line being typed (a one-line input's value); earlier lines stay as they are. */
  setCurrentLine(value: string): void {
    const lineStart = this.#field.lastIndexOf(T140.LS) + 1;
    this.#setField(this.#field.slice(0, lineStart) + sanitizeFieldText(value));
  }

  /** Types text at the end. */
  insert(text: string): void {
    this.#setField(this.#field + sanitizeFieldText(text));
  }

  /** Erases `count` grapheme clusters (a line end counts as one) from the end. */
  erase(count = 1): void {
    let field = this.#field;
    for (let i = 0; i < count && field !== ''; i++) {
      field = field.slice(0, boundaryAtOrBefore(field, field.length - 1));
    }
    this.#setField(field);
  }

  /** Ends the line (sent as LINE SEPARATOR). */
  newline(): void {
    this.#setField(this.#field + T140.LS);
  }

  /** Alerts the peer (BEL). */
  bell(): void {
    this.#bells++;
    this.scheduler.wake();
  }

  /** Re-encodes a received change as an edit (to relay a source's text through this sender). */
  applyChange(change: T140Change): void {
    switch (change.kind) {
      case 'append':
        this.insert(change.text);
        break;
      case 'erase':
        this.erase(change.count);
        break;
      case 'newline':
        this.newline();
        break;
    }
  }

  #setField(field: string): void {
    if (field === this.#field) {
      return;
    }
    this.#field = field;
    this.scheduler.wake();
  }

  protected transmit(): void {
    let budget = this.scheduler.budget();
    let out = '';
    if (this.#field !== this.#remote && budget > 0) {
      const diff = diffField(this.#remote, this.#field);
      const erasable = diff.erase.length;
      let erased = 0;
      let cut = this.#remote.length;
      while (erased < erasable && budget > 0) {
        cut -= (diff.erase[erasable - 1 - erased] as string).length;
        erased++;
        budget--;
        out += T140.BS;
      }
      let remote = this.#remote.slice(0, cut);
      if (erased === erasable) {
        for (const cluster of splitGraphemes(diff.insert)) {
          if (budget <= 0) {
            break;
          }
          budget -= codePointLength(cluster);
          out += cluster;
          remote += cluster;
        }
      }
      this.#remote = remote;
      this.#forgetOldText(diff.keep);
    }
    while (this.#bells > 0 && budget > 0) {
      this.#bells--;
      budget--;
      out += T140.BEL;
    }
    this.finishTransmission(out, this.clock.now());
  }

  /** Keeps memory bounded: forgets agreed text beyond the history length. */
  #forgetOldText(agreed: number): void {
    if (agreed <= 2 * this.#history) {
      return;
    }
    const cut = boundaryAtOrBefore(this.#field, agreed - this.#history);
    this.#field = this.#field.slice(cut);
    this.#remote = this.#remote.slice(cut);
    this.#forgotten += cut;
  }
}
