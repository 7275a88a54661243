import { graphemeLengths } from '../codec/graphemes.js';
import type { T140Style } from './sgr-style.js';

/** A stretch of text in one graphic rendition. */
export interface StyledRun {
  readonly text: string;
  readonly style?: T140Style;
}

/** One line of a display, as plain text and as styled runs. */
export interface DisplayLine {
  readonly text: string;
  readonly runs: readonly StyledRun[];
}

export interface T140DisplayOptions {
  /**
   * Finished lines kept; older ones are dropped (and can no longer be erased into). Default 10 000.
   */
  readonly maxLines?: number;
  /**
   * A grapheme cluster longer than this many UTF-16 units takes no more characters (a base followed
   * by thousands of combining marks would otherwise cost quadratic time). Default 256.
   */
  readonly maxClusterLength?: number;
}

function styledRun(text: string, style: T140Style | undefined): StyledRun {
  return style ? { text, style } : { text };
}

/** A line under construction: its grapheme clusters and the rendition of each. */
class LineBuffer {
  constructor(
    readonly clusters: string[] = [],
    readonly styles: (T140Style | undefined)[] = [],
  ) {}

  get text(): string {
    return this.clusters.join('');
  }

  snapshot(): DisplayLine {
    const text = this.clusters.join('');
    const runs: StyledRun[] = [];
    let runStart = 0;
    let offset = 0;
    let runStyle = this.styles[0];
    for (let i = 0; i < this.clusters.length; i++) {
      const style = this.styles[i];
      if (style !== runStyle) {
        runs.push(styledRun(text.slice(runStart, offset), runStyle));
        runStart = offset;
        runStyle = style;
      }
      offset += (this.clusters[i] as string).length;
    }
    if (offset > runStart) {
      runs.push(styledRun(text.slice(runStart, offset), runStyle));
    }
    return { text, runs };
  }

  static from(line: DisplayLine): LineBuffer {
    // Segment the whole line again: a cluster may span runs of different styles.
    const buffer = new LineBuffer();
    const lengths = graphemeLengths(line.text);
    let at = 0;
    const styleAt = styleIndex(line.runs);
    for (const length of lengths) {
      buffer.clusters.push(line.text.slice(at, at + length));
      buffer.styles.push(styleAt(at));
      at += length;
    }
    return buffer;
  }
}

function styleIndex(runs: readonly StyledRun[]): (offset: number) => T140Style | undefined {
  const ends: number[] = [];
  let end = 0;
  for (const run of runs) {
    end += run.text.length;
    ends.push(end);
  }
  return (offset) => {
    for (let i = 0; i < ends.length; i++) {
      if (offset < (ends[i] as number)) {
        return runs[i]?.style;
      }
    }
    return runs[runs.length - 1]?.style;
  };
}

/**
 * What one source has written, as a reader sees it: finished lines and the current line. Erasure
 * removes one grapheme cluster (emoji ZWJ sequences, combining marks, flags, Hangul syllables), or
 * the last line end when the current line is empty, so the line before becomes current again with
 * its own clusters (an erasure never reaches into an older line's text except through its line end).
 * Every operation is O(1) amortised in the line length.
 */
export class T140Display {
  readonly #maxLines: number;
  readonly #maxCluster: number;
  #lines: DisplayLine[] = [];
  #current = new LineBuffer();
  #dropped = 0;

  constructor(options: T140DisplayOptions = {}) {
    this.#maxLines = Math.max(0, options.maxLines ?? 10_000);
    this.#maxCluster = options.maxClusterLength ?? 256;
  }

  /** Finished lines, oldest first (at most maxLines). */
  get lines(): readonly DisplayLine[] {
    return this.#lines;
  }

  /** Finished lines dropped because of maxLines. */
  get droppedLines(): number {
    return this.#dropped;
  }

  /** The line being written. */
  get currentLine(): DisplayLine {
    return this.#current.snapshot();
  }

  /** Everything shown, lines joined with "\n". */
  get text(): string {
    const parts = this.#lines.map((l) => l.text);
    parts.push(this.#current.text);
    return parts.join('\n');
  }

  /** Number of grapheme clusters in the current line. */
  get currentLength(): number {
    return this.#current.clusters.length;
  }

  /** Appends displayable text (no controls, no line ends) in the given rendition. */
  append(text: string, style?: T140Style): void {
    if (text === '') {
      return;
    }
    const { clusters, styles } = this.#current;
    const last = clusters[clusters.length - 1];
    let joined = text;
    let lastStyle = style;
    if (last !== undefined && last.length <= this.#maxCluster) {
      // New text may extend the last cluster (a combining mark, a ZWJ sequence, a flag's second half).
      clusters.pop();
      lastStyle = styles.pop();
      joined = last + text;
    }
    let at = 0;
    for (const length of graphemeLengths(joined)) {
      clusters.push(length === 1 ? (joined[at] as string) : joined.slice(at, at + length));
      // The cluster that began before this text keeps its rendition; new clusters take the new one.
      styles.push(at === 0 ? lastStyle : style);
      at += length;
    }
  }

  /**
   * Erases the last grapheme cluster, or the last line end when the current line is empty.
   * Returns what was erased ("\n" for a line end) or undefined when there was nothing to erase.
   */
  erase(): string | undefined {
    const erased = this.#current.clusters.pop();
    if (erased !== undefined) {
      this.#current.styles.pop();
      return erased;
    }
    const previous = this.#lines.pop();
    if (!previous) {
      return undefined;
    }
    this.#current = LineBuffer.from(previous);
    return '\n';
  }

  /** Ends the current line and returns it. */
  newline(): DisplayLine {
    const finished = this.#current.snapshot();
    this.#lines.push(finished);
    if (this.#lines.length > this.#maxLines) {
      this.#dropped += this.#lines.splice(0, this.#lines.length - this.#maxLines).length;
    }
    this.#current = new LineBuffer();
    return finished;
  }

  /** Forgets everything shown. */
  clear(): void {
    this.#lines = [];
    this.#current = new LineBuffer();
  }
}
