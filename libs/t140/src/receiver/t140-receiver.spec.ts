import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import type { T140Change } from './t140-change.js';
import { T140Receiver, type T140ControlEvent } from './t140-receiver.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

function run(chunks: (string | Uint8Array)[]) {
  const clock = new ManualClock(1000);
  const r = new T140Receiver({ clock, source: 'alice' });
  const changes: T140Change[] = [];
  const controls: T140ControlEvent['token'][] = [];
  let bells = 0;
  r.on('change', (c) => changes.push(c));
  r.on('control', (c) => controls.push(c.token));
  r.on('bell', () => bells++);
  for (const c of chunks) {
    r.receive(c);
  }
  return { r, changes, controls, bells: () => bells, text: r.text };
}

/**
 * Every control character of the T.140 digest (t140.md §5), as bytes on the wire, with the text
 * that must be displayed and what else must be reported.
 */
const controlTable: {
  name: string;
  wire: string;
  text: string;
  bells?: number;
  controls?: unknown[];
}[] = [
  { name: 'BOM U+FEFF is deleted (start)', wire: '\uFEFFHi', text: 'Hi' },
  { name: 'BOM U+FEFF is deleted (keep-alive mid-text)', wire: 'H\uFEFFi\uFEFF', text: 'Hi' },
  { name: 'BS U+0008 erases the last character', wire: 'abc\bd', text: 'abd' },
  { name: 'BS on empty display does nothing', wire: '\b\ba', text: 'a' },
  { name: 'BS erases a LINE SEPARATOR', wire: 'ab\u2028\bc', text: 'abc' },
  { name: 'BS erases a CR LF as one new line', wire: 'ab\r\n\bc', text: 'abc' },
  { name: 'LINE SEPARATOR U+2028 makes one new line', wire: 'a\u2028b', text: 'a\nb' },
  { name: 'CR LF makes one new line', wire: 'a\r\nb', text: 'a\nb' },
  { name: 'LF alone makes one new line', wire: 'a\nb', text: 'a\nb' },
  { name: 'CR alone makes one new line', wire: 'a\rb', text: 'a\nb' },
  { name: 'CR CR LF makes two new lines', wire: 'a\r\r\nb', text: 'a\n\nb' },
  { name: 'LF CR makes two new lines', wire: 'a\n\rb', text: 'a\n\nb' },
  { name: 'BEL U+0007 alerts and is not displayed', wire: 'a\u0007b', text: 'ab', bells: 1 },
  {
    name: 'INT (ESC a) is reported and not displayed',
    wire: 'a\u001bab',
    text: 'ab',
    controls: [{ kind: 'int' }],
  },
  {
    name: 'SGR (CSI Ps m) is parsed and removed',
    wire: 'a\u009b31;1mb',
    text: 'ab',
    controls: [{ kind: 'sgr', params: [31, 1] }],
  },
  {
    name: 'SGR 0 (CSI 0 m) resets',
    wire: '\u009b1mx\u009b0my',
    text: 'xy',
    controls: [
      { kind: 'sgr', params: [1] },
      { kind: 'sgr', params: [0] },
    ],
  },
  {
    name: '7-bit SGR (ESC [ Ps m) is parsed and removed',
    wire: 'a\u001b[4mb',
    text: 'ab',
    controls: [{ kind: 'sgr', params: [4] }],
  },
  {
    name: 'SOS ... ST is a protocol element, not text',
    wire: 'a\u0098lang=sv\u009cb',
    text: 'ab',
    controls: [{ kind: 'sos', text: 'lang=sv', terminated: true }],
  },
  {
    name: '7-bit SOS (ESC X ... ESC \\) is a protocol element',
    wire: 'a\u001bXx\u001b\\b',
    text: 'ab',
    controls: [{ kind: 'sos', text: 'x', terminated: true }],
  },
  {
    name: 'a stray ST U+009C is an ignored control',
    wire: 'a\u009cb',
    text: 'ab',
    controls: [{ kind: 'control', sequence: '\u009c' }],
  },
  {
    name: 'ESC with a final byte is an ignored escape sequence',
    wire: 'a\u001b(Bb',
    text: 'ab',
    controls: [{ kind: 'control', sequence: '\u001b(B' }],
  },
  {
    name: 'other CSI sequences are ignored',
    wire: 'a\u001b[2Jb',
    text: 'ab',
    controls: [{ kind: 'control', sequence: '\u001b[2J' }],
  },
  { name: 'missing-text marker U+FFFD is displayed', wire: 'a\uFFFDb', text: 'a\uFFFDb' },
  {
    name: 'other C0 controls are removed',
    wire: 'a\u0000\u0001\u000b\u000c\u007fb',
    text: 'ab',
    controls: ['\u0000', '\u0001', '\u000b', '\u000c', '\u007f'].map((sequence) => ({
      kind: 'control',
      sequence,
    })),
  },
  {
    name: 'other C1 controls are removed',
    wire: 'a\u0085\u0090b',
    text: 'ab',
    controls: [
      { kind: 'control', sequence: '\u0085' },
      { kind: 'control', sequence: '\u0090' },
    ],
  },
  { name: 'TAB is kept as text', wire: 'a\tb', text: 'a\tb' },
];

describe('T140Receiver: control characters (table)', () => {
  for (const row of controlTable) {
    it(row.name, () => {
      for (const chunks of [
        [row.wire],
        [utf8(row.wire)],
        [...utf8(row.wire)].map((b) => new Uint8Array([b])),
      ]) {
        const { text, controls, bells } = run(chunks);
        expect(text).toBe(row.text);
        expect(bells()).toBe(row.bells ?? 0);
        expect(controls).toEqual(row.controls ?? []);
      }
    });
  }
});

describe('T140Receiver: grapheme-cluster BACKSPACE', () => {
  const cases: [string, string, string][] = [
    ['emoji ZWJ family', 'a👨‍👩‍👧‍👦', 'a'],
    ['emoji with skin tone', 'a👍🏽', 'a'],
    ['combining acute accent', 'ae\u0301', 'a'],
    ['several combining marks', 'ao\u0308\u0301\u0323', 'a'],
    ['regional-indicator flag pair', 'a🇸🇪', 'a'],
    ['two flags: one BS erases only the second', '🇸🇪🇫🇮', '🇸🇪'],
    ['precomposed Hangul syllable', 'a한', 'a'],
    ['Hangul conjoining jamo L V T', 'a\u1112\u1161\u11ab', 'a'],
    ['keycap sequence', 'a1\ufe0f\u20e3', 'a'],
    ['Devanagari conjunct', 'aक्ष', 'a'],
    ['surrogate pair (astral letter)', 'a𝒜', 'a'],
  ];
  for (const [name, typed, after] of cases) {
    it(`${name}: one BS erases one cluster`, () => {
      expect(run([`${typed}\b`]).text).toBe(after);
      // The same when the cluster arrived in pieces, split inside the cluster and inside UTF-8.
      const bytes = utf8(typed);
      const pieces = [...bytes].map((b) => new Uint8Array([b]));
      expect(run([...pieces, '\b']).text).toBe(after);
    });
  }

  it('erasing a line end reopens the previous line with its own clusters', () => {
    const { text, changes } = run(['ab🇸🇪\u2028', '\b\b', 'c']);
    expect(text).toBe('abc');
    expect(changes.filter((c) => c.kind === 'erase')).toEqual([
      { kind: 'erase', source: 'alice', at: 1000, count: 2, text: '🇸🇪\n' },
    ]);
  });

  it('a cluster split across two messages still erases as one', () => {
    expect(run(['ae', '\u0301', '\b']).text).toBe('a');
    expect(run(['a🇸', '🇪', '\b']).text).toBe('a');
    expect(run(['a👨\u200d', '👩', '\b']).text).toBe('a');
  });

  it('BS after a combining mark on a new line does not reach into the line before', () => {
    expect(run(['e\u2028\u0301\b']).text).toBe('e\n');
  });
});

describe('T140Receiver: line ends across messages', () => {
  it('CR at the end of one message and LF at the start of the next count once', () => {
    const { text, changes } = run(['a\r', '\nb']);
    expect(text).toBe('a\nb');
    expect(changes.filter((c) => c.kind === 'newline')).toHaveLength(1);
  });
  it('CR and LF split inside binary chunks count once', () => {
    expect(run([utf8('a\r'), utf8('\nb')]).text).toBe('a\nb');
  });
  it('a BOM between CR and LF does not make a second line', () => {
    expect(run(['a\r', '\uFEFF', '\nb']).text).toBe('a\nb');
  });
  it('U+2028 split across binary chunks is one new line', () => {
    expect(
      run([new Uint8Array([0x61, 0xe2]), new Uint8Array([0x80]), new Uint8Array([0xa8, 0x62])])
        .text,
    ).toBe('a\nb');
  });
});

describe('T140Receiver: change events', () => {
  it('says exactly what changed, in order, time-stamped', () => {
    const { changes } = run(['ab\bc\u2028d']);
    expect(changes).toEqual([
      { kind: 'append', source: 'alice', at: 1000, text: 'ab' },
      { kind: 'erase', source: 'alice', at: 1000, count: 1, text: 'b' },
      { kind: 'append', source: 'alice', at: 1000, text: 'c' },
      { kind: 'newline', source: 'alice', at: 1000, line: 'ac' },
      { kind: 'append', source: 'alice', at: 1000, text: 'd' },
    ]);
  });

  it('stamps each change with the clock time of its arrival', () => {
    const clock = new ManualClock(0);
    const r = new T140Receiver({ clock });
    const at: number[] = [];
    r.on('change', (c) => at.push(c.at));
    r.receive('a');
    clock.advance(300);
    r.receive('b');
    expect(at).toEqual([0, 300]);
  });

  it('exposes SGR colours as optional styling on the text', () => {
    const { changes, r } = run(['x\u009b31mred\u009b0m!']);
    expect(changes).toEqual([
      { kind: 'append', source: 'alice', at: 1000, text: 'x' },
      {
        kind: 'append',
        source: 'alice',
        at: 1000,
        text: 'red',
        style: { foreground: { kind: 'palette', index: 1 } },
      },
      { kind: 'append', source: 'alice', at: 1000, text: '!' },
    ]);
    expect(r.display.currentLine.runs).toEqual([
      { text: 'x' },
      { text: 'red', style: { foreground: { kind: 'palette', index: 1 } } },
      { text: '!' },
    ]);
  });
});

describe('T140Receiver: invalid UTF-8 and loss', () => {
  it('invalid UTF-8 becomes U+FFFD', () => {
    expect(run([new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28])]).text).toBe('a\uFFFDb\uFFFD(');
  });
  it('a lone surrogate in a string message becomes U+FFFD', () => {
    expect(run(['a\ud800b']).text).toBe('a\uFFFDb');
  });
  it('a truncated sequence followed by a string message becomes U+FFFD', () => {
    expect(run([new Uint8Array([0x61, 0xe2, 0x80]), 'b']).text).toBe('a\uFFFDb');
  });
  it('markLoss shows the missing-text marker and reports it', () => {
    const { r, changes } = run(['ab']);
    r.markLoss();
    r.receive('c');
    expect(r.text).toBe('ab\uFFFDc');
    expect(changes[1]).toEqual({
      kind: 'append',
      source: 'alice',
      at: 1000,
      text: '\uFFFD',
      missing: true,
    });
  });
});
