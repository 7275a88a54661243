import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import { T140Receiver } from '../receiver/t140-receiver.js';
import { SingleStreamMixer } from './single-stream-mixer.js';
import { replayChanges, T140Transcript } from './t140-transcript.js';

type ChangeBody =
  | { kind: 'append'; text: string }
  | { kind: 'erase'; count: number; text: string }
  | { kind: 'newline' };

function mixer() {
  const clock = new ManualClock(0);
  const mix = new SingleStreamMixer({ clock });
  mix.addSource('a', 'Alice');
  mix.addSource('b', 'Bob');
  const out: { text: string; source: string }[] = [];
  mix.on('data', (d) => out.push(d));
  const shown = new T140Receiver({ clock });
  mix.on('data', (d) => {
    shown.receive(d.text);
  });
  const say = (source: string, change: ChangeBody) => {
    const at = clock.now();
    mix.push(
      change.kind === 'newline'
        ? { kind: 'newline', line: '', source, at }
        : { ...change, source, at },
    );
  };
  const type = (source: string, text: string) => {
    say(source, { kind: 'append', text });
  };
  return { clock, mix, out, shown, say, type, wire: () => out.map((o) => o.text).join('') };
}

describe('SingleStreamMixer (RFC 9071 §4.2)', () => {
  it('labels the first source and switches only at a line end', () => {
    const m = mixer();
    m.type('a', 'Hello there');
    m.clock.advance(100);
    m.type('b', 'Hi');
    m.clock.advance(100);
    m.type('a', ' my friend');
    expect(m.wire()).toBe('[Alice]: Hello there my friend');
    m.say('a', { kind: 'newline' });
    expect(m.wire()).toBe('[Alice]: Hello there my friend\u2028[Bob]: Hi');
    expect(m.shown.text).toBe('[Alice]: Hello there my friend\n[Bob]: Hi');
    expect(m.out.at(-1)?.source).toBe('b');
  });

  it('switches after a completed sentence or comma phrase', () => {
    const m = mixer();
    m.type('a', 'Yes. ');
    m.type('b', 'Ok');
    expect(m.shown.text).toBe('[Alice]: Yes. \n[Bob]: Ok');
  });

  it('switches after a long pause of the current source, inserting a line end', () => {
    const m = mixer();
    m.type('a', 'thinking');
    m.clock.advance(1000);
    m.type('b', 'anyone?');
    m.clock.advance(8999);
    expect(m.shown.text).toBe('[Alice]: thinking');
    m.clock.advance(1);
    expect(m.shown.text).toBe('[Alice]: thinking\n[Bob]: anyone?');
  });

  it('forces a switch at a word delimiter when others waited over a minute', () => {
    const m = mixer();
    m.type('a', 'a');
    m.clock.advance(10);
    m.type('b', 'waiting');
    for (let i = 0; i < 130; i++) {
      m.clock.advance(500);
      m.type('a', i === 125 ? ' ' : 'x');
    }
    // Alice's turn ends at the first space after Bob waited a minute; Bob, silent for long, is
    // then left at once for Alice's newer text.
    expect(m.shown.display.lines.map((l) => l.text)).toEqual([
      `[Alice]: a${'x'.repeat(125)} `,
      '[Bob]: waiting',
    ]);
    expect(m.shown.display.currentLine.text).toBe('[Alice]: xxxx');
  });

  it('BACKSPACE never erases the label or earlier text: extra erasures become X', () => {
    const m = mixer();
    m.type('a', 'Hi.\u0020');
    m.type('b', 'ab');
    m.say('b', { kind: 'erase', count: 3, text: 'ab' });
    m.clock.advance(20_000);
    expect(m.shown.text).toBe('[Alice]: Hi. \n[Bob]: X');
  });

  it('erasure of queued text removes it before it is ever sent', () => {
    const m = mixer();
    m.type('a', 'busy');
    m.type('b', 'typo');
    m.say('b', { kind: 'erase', count: 2, text: 'po' });
    m.type('b', 'day');
    m.say('a', { kind: 'newline' });
    expect(m.wire()).toBe('[Alice]: busy\u2028[Bob]: tyday');
  });

  it('resets SGR on a switch and restores the next source rendition before its label', () => {
    const m = mixer();
    m.mix.pushSgr('a', [31]);
    m.type('a', 'red');
    m.mix.pushSgr('b', [1]);
    m.type('b', 'bold');
    m.say('a', { kind: 'newline' });
    expect(m.wire()).toBe('[Alice]: \u009b31mred\u2028\u009b0m[Bob]: \u009b1mbold');
    m.say('b', { kind: 'newline' });
    m.type('a', 'again');
    m.say('a', { kind: 'newline' });
    m.type('b', 'more');
    expect(m.wire().slice(m.wire().indexOf('bold') + 4)).toBe(
      '\u2028\u009b0m\u009b31m[Alice]: again\u2028\u009b0m\u009b1m[Bob]: more',
    );
    expect(m.shown.style).toEqual({ bold: true });
  });

  it('after a switch back, a source can only erase what it sent in this turn', () => {
    const m = mixer();
    m.type('a', 'one. ');
    m.type('b', 'two. ');
    m.clock.advance(10);
    m.type('a', 'x');
    m.say('a', { kind: 'erase', count: 2, text: ' x' });
    expect(m.shown.text).toBe('[Alice]: one. \n[Bob]: two. \n[Alice]: X');
  });
});

describe('T140Transcript', () => {
  it('keeps the final text per source and line, and every change with its time', () => {
    const clock = new ManualClock(0);
    const transcript = new T140Transcript();
    const alice = new T140Receiver({ clock, source: 'alice' });
    const bob = new T140Receiver({ clock, source: 'bob' });
    alice.on('change', transcript.record);
    bob.on('change', transcript.record);
    alice.receive('Hi Bbo');
    clock.advance(500);
    alice.receive('\b\bob\u2028');
    clock.advance(500);
    bob.receive('Hello\u2028x');
    clock.advance(500);
    bob.receive('\b\b!');
    expect(transcript.text('alice')).toBe('Hi Bob\n');
    expect(transcript.text('bob')).toBe('Hello!');
    expect(transcript.lines()).toEqual([
      { source: 'alice', text: 'Hi Bob', startedAt: 0, endedAt: 500 },
      { source: 'bob', text: 'Hello!', startedAt: 1000 },
    ]);
    expect(transcript.changes.map((c) => [c.source, c.kind, c.at])).toEqual([
      ['alice', 'append', 0],
      ['alice', 'erase', 500],
      ['alice', 'append', 500],
      ['alice', 'newline', 500],
      ['bob', 'append', 1000],
      ['bob', 'newline', 1000],
      ['bob', 'append', 1000],
      ['bob', 'erase', 1500],
      ['bob', 'append', 1500],
    ]);
  });

  it('replays changes with the original rhythm', () => {
    const clock = new ManualClock(0);
    const record = new T140Transcript();
    const r = new T140Receiver({ clock, source: 's' });
    r.on('change', record.record);
    r.receive('a');
    clock.advance(300);
    r.receive('b');
    clock.advance(700);
    r.receive('\b');
    const replayClock = new ManualClock(0);
    const replayed = new T140Transcript();
    replayChanges(record.changes, replayClock, replayed.record);
    replayClock.advance(299);
    expect(replayed.text('s')).toBe('a');
    replayClock.advance(1);
    expect(replayed.text('s')).toBe('ab');
    replayClock.advance(700);
    expect(replayed.text('s')).toBe('a');
  });
});
