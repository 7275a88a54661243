import { describe, expect, it } from '@jest/globals';
import { T140Receiver } from '@parley/t140';
import { RemoteText, type LinesMark } from './remote-text.js';

const LS = '\u2028'; // T.140 line separator
const BS = '\b'; // T.140 BACKSPACE

describe('RemoteText: telling that the finished lines changed', () => {
  it('keeps seeing new lines after the display is full (maxLines)', () => {
    const remote = new RemoteText('p1', new T140Receiver({ maxLines: 3 }));
    let mark: LinesMark | undefined;
    const seen: string[][] = [];
    for (let n = 1; n <= 6; n++) {
      remote.receiver.receive(`line ${n}${LS}`);
      expect(remote.linesChangedSince(mark)).toBe(true);
      mark = remote.linesMark();
      seen.push(remote.recentLines(2));
    }
    expect(remote.lines).toEqual(['line 4', 'line 5', 'line 6']); // the display kept three
    expect(mark?.count).toBe(6); // the counter did not stop at three
    expect(seen.slice(-3)).toEqual([
      ['line 3', 'line 4'],
      ['line 4', 'line 5'],
      ['line 5', 'line 6'],
    ]);
    remote.receiver.receive('typing, not finished');
    expect(remote.linesChangedSince(mark)).toBe(false);
  });

  it('sees an erased line end followed by a different line between two looks', () => {
    const remote = new RemoteText('p1', new T140Receiver());
    remote.receiver.receive(`first${LS}`);
    const mark = remote.linesMark();
    remote.receiver.receive(`${BS}${BS}${BS}st line${LS}`); // back to "fir", then finished
    expect(remote.lines).toEqual(['first line']);
    expect(remote.linesMark().count).toBe(mark.count); // same number of lines...
    expect(remote.linesChangedSince(mark)).toBe(true); // ...but not the same lines
  });
});
