import type { T140Receiver } from '@parley/t140';

/**
 * What one remote participant has typed, as a reader sees it: finished lines and the line being
 * typed, kept by a T.140 receiver (RFC 8865) whose display erases by grapheme cluster.
 */
export class RemoteText {
  constructor(
    /** The participant id, or `MIXED_SOURCE` for the single RFC 9071 presentation. */
    readonly participantId: string,
    readonly receiver: T140Receiver,
  ) {}

  /** Finished lines, oldest first. */
  get lines(): string[] {
    return this.receiver.display.lines.map((line) => line.text);
  }

  /** The last `count` finished lines, oldest first. */
  recentLines(count: number): string[] {
    const lines = this.receiver.display.lines;
    return lines.slice(Math.max(0, lines.length - count)).map((line) => line.text);
  }

  /**
   * Where the finished lines stand now, to tell later whether they changed. The count is the
   * number of lines finished since the start, those the display has dropped (its `maxLines`,
   * default 10 000) included, so it keeps moving after the display is full; the last line's
   * identity catches an erased line end followed by a new line between two looks.
   */
  linesMark(): LinesMark {
    const display = this.receiver.display;
    return { count: display.droppedLines + display.lines.length, last: display.lines.at(-1) };
  }

  /** True when the finished lines changed since `mark` (or there is no mark yet). */
  linesChangedSince(mark: LinesMark | undefined): boolean {
    const now = this.linesMark();
    return mark === undefined || mark.count !== now.count || mark.last !== now.last;
  }

  /** The line being typed. */
  get currentLine(): string {
    return this.receiver.display.currentLine.text;
  }

  /** Everything, lines joined with "\n". */
  get text(): string {
    return this.receiver.text;
  }
}

/** A snapshot of a RemoteText's finished lines (`linesMark()`); compare with `linesChangedSince`. */
export interface LinesMark {
  /** Lines finished since the start (an erased line end takes one back). */
  readonly count: number;
  /** The last finished line, by identity. */
  readonly last: object | undefined;
}

/** The participant id of the mixed presentation (WebSocket fallback, or `rtt: 'mixed'`). */
export const MIXED_SOURCE = '*';
