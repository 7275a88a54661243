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

  /** The line being typed. */
  get currentLine(): string {
    return this.receiver.display.currentLine.text;
  }

  /** Everything, lines joined with "\n". */
  get text(): string {
    return this.receiver.text;
  }
}

/** The participant id of the mixed presentation (WebSocket fallback, or `rtt: 'mixed'`). */
export const MIXED_SOURCE = '*';
