import type { T140Style } from '../presentation/sgr-style.js';

/** Fields every change carries: whose text changed, and when (the injected clock's milliseconds). */
interface ChangeBase {
  /** The source: a data-channel label, an RTP SSRC/CSRC (8 hex digits), a participant id... */
  readonly source: string;
  /** When the change was received (Clock.now()), for replaying a transcript with its rhythm. */
  readonly at: number;
}

/** Text added at the end of the current line. */
export interface T140AppendChange extends ChangeBase {
  readonly kind: 'append';
  readonly text: string;
  /** Graphic rendition selected with SGR, when not the default. */
  readonly style?: T140Style;
  /** True for a missing-text marker (U+FFFD) inserted where text was lost. */
  readonly missing?: true;
}

/** Erasure by BACKSPACE: `count` grapheme clusters or line ends, `text` what disappeared (in reading order, "\n" for a line end). */
export interface T140EraseChange extends ChangeBase {
  readonly kind: 'erase';
  readonly count: number;
  readonly text: string;
}

/** A new line: the current line is finished (`line` is its text). */
export interface T140NewlineChange extends ChangeBase {
  readonly kind: 'newline';
  readonly line: string;
}

/**
 * What changed in a source's display. Applying the changes in order to an empty display
 * (append → add text, erase → remove `count` clusters/line ends, newline → end the line) gives the
 * same text, which is how a transcript is stored and replayed.
 */
export type T140Change = T140AppendChange | T140EraseChange | T140NewlineChange;

export type T140ChangeKind = T140Change['kind'];
