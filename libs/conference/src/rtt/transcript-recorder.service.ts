import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  RTT_STORE,
  type RttChangeRecord,
  type RttLineRecord,
  type RttStore,
} from '@parley/history';
import { applyChange, T140Display, type T140Change } from '@parley/t140';
import { systemClock, type Clock, type TimerHandle } from '@parley/transport';

interface SourceState {
  readonly room: string;
  readonly identity: string;
  name: string;
  /** Line number of the display's first kept line. */
  base: number | undefined;
  readonly display: T140Display;
  /** startedAt of lines still in the display, by line number. */
  readonly startedAt: Map<number, number>;
  /** Lines to write: line number -> completedAt (null: still being typed). */
  readonly dirty: Map<number, number | null>;
  /** When each open long line was last written (clock time), to write it at most once a second. */
  readonly writtenAt: Map<number, number>;
}

const MAX_LINES_KEPT = 200;
const FLUSH_DELAY_MS = 150;
/**
 * An unfinished line is rewritten whole at each flush; above this length (UTF-16 units) it is
 * written at most every LONG_LINE_INTERVAL_MS, so a long unbroken line does not cost O(length)
 * every 150 ms. Finished lines, shutdown and forget() always write.
 */
const LONG_LINE = 2000;
const LONG_LINE_INTERVAL_MS = 1000;

/**
 * Stores the real-time text of a room as it is typed: every change with its time (to replay the
 * rhythm) and each line as it finally stands. Writes are batched (every 150 ms at most; at once
 * when a line ends) and chained, so they land in order; a line erased back into by BACKSPACE is reopened.
 */
@Injectable()
export class TranscriptRecorder implements OnApplicationShutdown {
  readonly #logger = new Logger('TranscriptRecorder');
  readonly #sources = new Map<string, SourceState>();
  readonly #changes: RttChangeRecord[] = [];
  /** The pending flush, if one is scheduled. */
  #timer: { readonly handle: TimerHandle } | undefined;
  /** Replaceable in tests (ManualClock). */
  clock: Clock = systemClock;
  #writing: Promise<void> = Promise.resolve();

  constructor(@Inject(RTT_STORE) private readonly store: RttStore) {}

  /**
   * Records one change. The promise resolves once a finished line (a newline change) is stored;
   * for other changes it resolves at once (they are written within 150 ms).
   */
  record(
    room: string,
    identity: string,
    name: string,
    change: T140Change,
    at: number,
  ): Promise<void> {
    const key = `${room}\u0000${identity}`;
    let state = this.#sources.get(key);
    if (!state) {
      state = {
        room,
        identity,
        name,
        base: undefined,
        display: new T140Display({ maxLines: MAX_LINES_KEPT }),
        startedAt: new Map(),
        dirty: new Map(),
        writtenAt: new Map(),
      };
      this.#sources.set(key, state);
    }
    state.name = name;
    const lineBefore = this.#currentLineNumber(state);
    applyChange(state.display, change);
    const lineAfter = this.#currentLineNumber(state);
    switch (change.kind) {
      case 'append':
        if (!state.startedAt.has(lineAfter)) {
          state.startedAt.set(lineAfter, at);
        }
        state.dirty.set(lineAfter, null);
        this.#changes.push({
          room,
          sourceIdentity: identity,
          at,
          kind: 'append',
          text: change.text,
          count: 0,
        });
        break;
      case 'erase':
        for (let line = lineAfter; line <= lineBefore; line++) {
          state.dirty.set(line, null); // lines erased back into are being typed again
          if (line > lineAfter) {
            state.startedAt.delete(line);
          }
        }
        this.#changes.push({
          room,
          sourceIdentity: identity,
          at,
          kind: 'erase',
          text: '',
          count: change.count,
        });
        break;
      case 'newline':
        if (!state.startedAt.has(lineBefore)) {
          state.startedAt.set(lineBefore, at);
        }
        state.dirty.set(lineBefore, at);
        this.#changes.push({
          room,
          sourceIdentity: identity,
          at,
          kind: 'newline',
          text: '',
          count: 0,
        });
        break;
    }
    for (const line of state.startedAt.keys()) {
      if (line < lineAfter - MAX_LINES_KEPT) {
        state.startedAt.delete(line);
      }
    }
    if (change.kind === 'newline') {
      return this.flush(); // a finished line is written at once
    }
    this.#schedule();
    return Promise.resolve();
  }

  /**
   * Writes what was recorded so far (long unfinished lines at most once a second, unless `all`);
   * resolves when it is stored.
   */
  flush(all = false): Promise<void> {
    if (this.#timer !== undefined) {
      this.clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
    const now = this.clock.now();
    let heldBack = false;
    const changes = this.#changes.splice(0);
    const lines: RttLineRecord[] = [];
    for (const state of this.#sources.values()) {
      if (state.base === undefined) {
        continue; // its line numbering is being read from the store; the next flush writes it
      }
      for (const [lineNumber, completedAt] of state.dirty) {
        const text = this.#lineText(state, lineNumber);
        const startedAt = state.startedAt.get(lineNumber);
        if (text === undefined || startedAt === undefined) {
          state.dirty.delete(lineNumber);
          continue;
        }
        if (
          !all &&
          completedAt === null &&
          text.length > LONG_LINE &&
          now - (state.writtenAt.get(lineNumber) ?? -Infinity) < LONG_LINE_INTERVAL_MS
        ) {
          heldBack = true; // stays dirty: written by a later flush
          continue;
        }
        state.dirty.delete(lineNumber);
        if (completedAt === null) {
          state.writtenAt.set(lineNumber, now);
        } else {
          state.writtenAt.delete(lineNumber);
        }
        lines.push({
          room: state.room,
          sourceIdentity: state.identity,
          sourceName: state.name,
          lineNumber,
          text,
          startedAt,
          completedAt,
        });
      }
    }
    if (heldBack) {
      this.#schedule();
    }
    const pending = [...this.#sources.values()].filter((s) => s.base === undefined);
    this.#writing = this.#writing.then(async () => {
      try {
        for (const state of pending) {
          state.base ??= await this.store.nextLineNumber(state.room, state.identity);
          this.#shift(state);
        }
        await this.store.appendChanges(changes);
        for (const line of lines) {
          await this.store.saveLine(line);
        }
      } catch (error) {
        this.#logger.error(`could not store real-time text: ${String(error)}`);
      }
    });
    const written = this.#writing;
    if (pending.length > 0) {
      return written.then(() => this.flush(all));
    }
    return written;
  }

  /**
   * Drops what is kept in memory for a room (each typist's display) once everything recorded is
   * stored, if `stillEmpty()` says nobody came back meanwhile.
   */
  async forget(room: string, stillEmpty: () => boolean): Promise<void> {
    await this.flush(true);
    if (!stillEmpty()) {
      return;
    }
    for (const [key, state] of this.#sources) {
      if (state.room === room && state.dirty.size === 0) {
        this.#sources.delete(key);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush(true);
  }

  #schedule(): void {
    this.#timer ??= {
      handle: this.clock.setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, FLUSH_DELAY_MS),
    };
  }

  /**
   * Line numbers were counted from 0 before the store said where this source's lines continue:
   * move them to start at `base`.
   */
  #shift(state: SourceState): void {
    const base = state.base ?? 0;
    if (base === 0) {
      return;
    }
    const startedAt = [...state.startedAt];
    state.startedAt.clear();
    for (const [line, at] of startedAt) {
      state.startedAt.set(line + base, at);
    }
    const dirty = [...state.dirty];
    state.dirty.clear();
    for (const [line, completedAt] of dirty) {
      state.dirty.set(line + base, completedAt);
    }
  }

  #currentLineNumber(state: SourceState): number {
    return (state.base ?? 0) + state.display.droppedLines + state.display.lines.length;
  }

  #lineText(state: SourceState, lineNumber: number): string | undefined {
    const index = lineNumber - (state.base ?? 0) - state.display.droppedLines;
    if (index === state.display.lines.length) {
      return state.display.currentLine.text;
    }
    return state.display.lines[index]?.text;
  }
}
