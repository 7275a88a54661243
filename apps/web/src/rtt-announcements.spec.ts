import { describe, expect, it } from '@jest/globals';
import { RttAnnouncementPolicy, type TextChange } from './rtt-announcements.js';

function typed(policy: RttAnnouncementPolicy, changes: readonly TextChange[]): string[] {
  const said: string[] = [];
  for (const change of changes) {
    const text = policy.next(change);
    if (text !== undefined) {
      said.push(text);
    }
  }
  return said;
}

/** One change per typed character (grapheme cluster). */
const keystrokes = (text: string): TextChange[] =>
  Array.from(new Intl.Segmenter().segment(text), (s): TextChange => ({
    kind: 'append',
    text: s.segment,
  }));

describe('RttAnnouncementPolicy', () => {
  it('announces a completed line once, never the keystrokes (lines mode)', () => {
    const policy = new RttAnnouncementPolicy('lines');
    expect(
      typed(policy, [
        ...keystrokes('hello wordl'),
        { kind: 'erase', count: 2 },
        ...keystrokes('ld'),
        { kind: 'newline', line: 'hello world' },
        { kind: 'newline', line: '' },
      ]),
    ).toEqual(['hello world']);
  });

  it('announces each finished word once, then only the rest of the line (words mode)', () => {
    const policy = new RttAnnouncementPolicy('words');
    expect(
      typed(policy, [
        ...keystrokes('good morning, every'),
        { kind: 'erase', count: 5 },
        ...keystrokes('all of you'),
        { kind: 'newline', line: 'good morning, all of you' },
      ]),
    ).toEqual(['good', 'morning,', 'all', 'of', 'you']);
  });

  it('takes a pasted block of words as one announcement', () => {
    const policy = new RttAnnouncementPolicy('words');
    expect(typed(policy, [{ kind: 'append', text: 'one two three' }])).toEqual(['one two']);
    expect(typed(policy, [{ kind: 'newline', line: 'one two three' }])).toEqual(['three']);
  });

  it('announces a word corrected after it was announced, as corrected', () => {
    const policy = new RttAnnouncementPolicy('words');
    expect(
      typed(policy, [...keystrokes('cat '), { kind: 'erase', count: 2 }, ...keystrokes('r ')]),
    ).toEqual(['cat', 'car']);
  });

  it('says nothing when off', () => {
    const policy = new RttAnnouncementPolicy('off');
    expect(
      typed(policy, [...keystrokes('hi there '), { kind: 'newline', line: 'hi there' }]),
    ).toEqual([]);
  });
});
