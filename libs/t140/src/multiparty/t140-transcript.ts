import type { Clock, TimerHandle } from '@parley/transport';
import { T140Display } from '../presentation/t140-display.js';
import type { T140Change } from '../receiver/t140-change.js';

/** One finished or current line of a transcript. */
export interface TranscriptLine {
  readonly source: string;
  readonly text: string;
  /** When its first character arrived. */
  readonly startedAt: number;
  /** When it was ended (undefined: the current line). */
  readonly endedAt?: number;
}

/**
 * A conversation's record: the time-stamped changes of every source, in arrival order (to replay
 * with the original rhythm) and, per source, the final text of each line (what a reader saw).
 */
export class T140Transcript {
  readonly #changes: T140Change[] = [];
  readonly #displays = new Map<string, T140Display>();

  /** Records one change (subscribe this to receivers' `change` events). */
  readonly record = (change: T140Change): void => {
    this.#changes.push(change);
    let display = this.#displays.get(change.source);
    if (!display) {
      display = new T140Display({ maxLines: Number.POSITIVE_INFINITY });
      this.#displays.set(change.source, display);
    }
    applyChange(display, change);
  };

  /** Every change, in the order recorded. */
  get changes(): readonly T140Change[] {
    return this.#changes;
  }

  /** The sources seen. */
  get sources(): string[] {
    return [...this.#displays.keys()];
  }

  /** The final text of a source (lines joined with "\n"). */
  text(source: string): string {
    return this.#displays.get(source)?.text ?? '';
  }

  /**
   * Final lines of every source, in the order they were started, with their times; lines erased
   * away do not appear. The current (unfinished) line of each source comes last if not empty.
   */
  lines(): TranscriptLine[] {
    const out: TranscriptLine[] = [];
    for (const source of this.#displays.keys()) {
      const replay = new T140Display({ maxLines: Number.POSITIVE_INFINITY });
      const starts: number[] = [];
      const ends: number[] = [];
      let lineStart: number | undefined;
      for (const change of this.#changes) {
        if (change.source !== source) {
          continue;
        }
        if (change.kind === 'append') {
          lineStart ??= change.at;
        }
        const before = replay.lines.length;
        applyChange(replay, change);
        const after = replay.lines.length;
        if (after > before) {
          starts[before] = lineStart ?? change.at;
          ends[before] = change.at;
          lineStart = undefined;
        } else if (after < before) {
          // A line end was erased: the line before is current again, with its own start.
          lineStart = starts[after];
          starts.length = after;
          ends.length = after;
        }
      }
      replay.lines.forEach((line, i) => {
        out.push({ source, text: line.text, startedAt: starts[i] ?? 0, endedAt: ends[i] ?? 0 });
      });
      const current = replay.currentLine.text;
      if (current !== '') {
        out.push({ source, text: current, startedAt: lineStart ?? 0 });
      }
    }
    return out.sort((a, b) => a.startedAt - b.startedAt);
  }
}

/** Applies one change to a display (the inverse of what a receiver reports). */
export function applyChange(display: T140Display, change: T140Change): void {
  switch (change.kind) {
    case 'append':
      display.append(change.text, change.style);
      return;
    case 'erase':
      for (let i = 0; i < change.count; i++) {
        display.erase();
      }
      return;
    case 'newline':
      display.newline();
      return;
  }
}

/**
 * Replays recorded changes with their original rhythm (scaled by `speed`), calling `apply` for
 * each at its time. Returns a function that cancels the rest.
 */
export function replayChanges(
  changes: readonly T140Change[],
  clock: Clock,
  apply: (change: T140Change) => void,
  speed = 1,
): () => void {
  const first = changes[0];
  if (!first) {
    return () => undefined;
  }
  const handles: TimerHandle[] = [];
  for (const change of changes) {
    handles.push(
      clock.setTimeout(
        () => {
          apply(change);
        },
        (change.at - first.at) / speed,
      ),
    );
  }
  return () => {
    for (const handle of handles) {
      clock.clearTimeout(handle);
    }
  };
}
