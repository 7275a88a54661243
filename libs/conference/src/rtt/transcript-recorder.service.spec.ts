import { describe, expect, it } from '@jest/globals';
import type { RttChangeRecord, RttLineRecord, RttStore, StoredRttChange } from '@parley/history';
import type { T140Change } from '@parley/t140';
import { ManualClock } from '@parley/transport';
import { TranscriptRecorder } from './transcript-recorder.service.js';

/** An RttStore in memory that records every line write. */
class MemoryRttStore implements RttStore {
  readonly lineWrites: RttLineRecord[] = [];
  readonly appended: RttChangeRecord[] = [];
  appendChanges(changes: readonly RttChangeRecord[]): Promise<void> {
    this.appended.push(...changes);
    return Promise.resolve();
  }
  saveLine(line: RttLineRecord): Promise<void> {
    this.lineWrites.push(line);
    return Promise.resolve();
  }
  transcript(): Promise<RttLineRecord[]> {
    return Promise.resolve([]);
  }
  changes(): Promise<StoredRttChange[]> {
    return Promise.resolve([]);
  }
  nextLineNumber(): Promise<number> {
    return Promise.resolve(0);
  }
}

const append = (text: string): T140Change => ({ kind: 'append', text, source: 's', at: 0 });
const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
};

describe('TranscriptRecorder', () => {
  it('rewrites a long unfinished line at most once a second, and writes it whole when it ends', async () => {
    const store = new MemoryRttStore();
    const recorder = new TranscriptRecorder(store);
    const clock = new ManualClock(0);
    recorder.clock = clock;
    // 3000 characters typed over 10 s: 100 appends of 30, one every 100 ms.
    for (let i = 0; i < 100; i++) {
      void recorder.record('r', 'ann', 'Ann', append('x'.repeat(30)), i * 100);
      clock.advance(100);
      await settle();
    }
    const writesWhileTyping = store.lineWrites.length;
    // Short at first (every 150 ms up to 2000 characters, about 7 s), then at most once a second.
    expect(writesWhileTyping).toBeLessThan(60);
    const longWrites = store.lineWrites.filter((l) => l.text.length > 2000);
    expect(longWrites.length).toBeLessThanOrEqual(4);
    void recorder.record(
      'r',
      'ann',
      'Ann',
      { kind: 'newline', line: '', source: 's', at: 0 },
      10_000,
    );
    await recorder.flush();
    const last = store.lineWrites.at(-1);
    expect(last?.text).toHaveLength(3000);
    expect(last?.completedAt).toBe(10_000);
  });

  it('writes a held-back long line on shutdown', async () => {
    const store = new MemoryRttStore();
    const recorder = new TranscriptRecorder(store);
    const clock = new ManualClock(0);
    recorder.clock = clock;
    void recorder.record('r', 'bo', 'Bo', append('y'.repeat(2500)), 0);
    clock.advance(150);
    await settle();
    void recorder.record('r', 'bo', 'Bo', append('z'), 200);
    await recorder.onApplicationShutdown();
    expect(store.lineWrites.at(-1)?.text).toBe(`${'y'.repeat(2500)}z`);
  });
});
