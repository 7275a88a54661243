import { describe, expect, it } from '@jest/globals';
import { ManualScheduler } from './manual-scheduler.js';

describe('ManualScheduler', () => {
  it('runs turns in order, those they schedule included, one at a time or up to a count', () => {
    const net = new ManualScheduler();
    const ran: string[] = [];
    net.schedule(() => {
      ran.push('a');
      net.schedule(() => ran.push('c'));
    });
    net.schedule(() => ran.push('b'));
    expect(net.pending).toBe(2);
    expect(net.runNext()).toBe(true);
    expect(ran).toEqual(['a']);
    expect(net.run(1)).toBe(1);
    expect(net.run()).toBe(1);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(net.runNext()).toBe(false);
    expect(net.run()).toBe(0);
  });
});
