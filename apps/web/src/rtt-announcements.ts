import type { AnnounceMode } from './settings.js';

/** What the real-time text of one participant did (a T.140 change, reduced to what matters here). */
export type TextChange =
  | { readonly kind: 'append'; readonly text: string }
  | { readonly kind: 'erase'; readonly count: number }
  | { readonly kind: 'newline'; readonly line: string };

const WORD_END = /[\s.,;:!?…。、]$/u;

/**
 * Decides what a screen reader hears of one participant's real-time text, so it is never flooded
 * with keystrokes: in `lines` mode each completed line once; in `words` mode each word once it is
 * finished (a space or punctuation after it) and nothing of the line again at its end. Corrections
 * before a word is finished are never announced.
 */
export class RttAnnouncementPolicy {
  #line = '';
  /** Length of `#line` already announced (words mode). */
  #spoken = 0;

  constructor(private mode: AnnounceMode) {}

  setMode(mode: AnnounceMode): void {
    this.mode = mode;
  }

  /** The text to announce for this change, or undefined. */
  next(change: TextChange): string | undefined {
    switch (change.kind) {
      case 'append':
        this.#line += change.text;
        return this.mode === 'words' ? this.#finishedWords() : undefined;
      case 'erase': {
        const graphemes = [...new Intl.Segmenter().segment(this.#line)];
        const kept = graphemes.slice(0, Math.max(0, graphemes.length - change.count));
        this.#line = kept.map((g) => g.segment).join('');
        if (this.#spoken > this.#line.length) {
          // Erased back into an announced word: it will be announced again, as corrected.
          const before = this.#line.search(/\S+$/u);
          this.#spoken = before < 0 ? this.#line.length : before;
        }
        return undefined;
      }
      case 'newline': {
        const rest = this.#line.slice(this.#spoken).trim();
        this.#line = '';
        this.#spoken = 0;
        if (this.mode === 'off') {
          return undefined;
        }
        if (this.mode === 'words') {
          return rest === '' ? undefined : rest;
        }
        const line = change.line.trim();
        return line === '' ? undefined : line;
      }
    }
  }

  #finishedWords(): string | undefined {
    const pending = this.#line.slice(this.#spoken);
    if (!WORD_END.test(pending)) {
      // Announce up to the last finished word inside the pending text, if any.
      const lastEnd = Math.max(pending.lastIndexOf(' '), pending.lastIndexOf('\t'));
      if (lastEnd <= 0) {
        return undefined;
      }
      const words = pending.slice(0, lastEnd).trim();
      this.#spoken += lastEnd;
      return words === '' ? undefined : words;
    }
    this.#spoken = this.#line.length;
    const words = pending.trim();
    return words === '' ? undefined : words;
  }
}
