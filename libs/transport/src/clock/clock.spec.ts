import { describe, expect, it } from '@jest/globals';
import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('fires timers in time order only when advanced past them', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@300'), 300);
    clock.setTimeout(() => fired.push('a@100'), 100);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a@100']);
    expect(clock.now()).toBe(1100);
    clock.advance(1000);
    expect(fired).toEqual(['a@100', 'b@300']);
    expect(clock.now()).toBe(2100);
  });

  it('fires timers set by a firing timer within the same advance, at their own time', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 50);
    }, 100);
    clock.advance(1000);
    expect(seen).toEqual([100, 150]);
  });

  it('cancels a timer', () => {
    const clock = new ManualClock();
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 10);
    clock.clearTimeout(handle);
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runNext jumps to the next timer', () => {
    const clock = new ManualClock();
    clock.setTimeout(() => undefined, 500);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(500);
    expect(clock.runNext()).toBe(false);
  });
});
