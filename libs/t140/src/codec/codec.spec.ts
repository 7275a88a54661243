import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { T140Receiver } from '../receiver/t140-receiver.js';
import { boundaryAtOrBefore, graphemeLengths } from './graphemes.js';
import type { T140Token } from './t140-token.js';
import { T140Tokenizer } from './t140-tokenizer.js';
import { splitT140Text } from './t140-split.js';

const pieces = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '.',
  'e',
  '\u0301',
  '\u0308',
  '🇸',
  '🇪',
  '\u200d',
  '👨',
  '👩',
  '🏽',
  '\r',
  '\n',
  '\u2028',
  '\b',
  '\u0007',
  '\u001b',
  '[',
  'm',
  '1',
  ';',
  'X',
  '\\',
  '\u009b',
  '\u0098',
  '\u009c',
  '\uFEFF',
  '\uFFFD',
  '한',
  '\u1112',
  '\u1161',
  '\u11ab',
  'क',
  '\u094d',
  '\u0600',
  '\t',
  '\u0085',
);
const tricky = fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''));
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Merges adjacent text tokens (a split may cut a text run in two). */
function normalise(tokens: T140Token[]): T140Token[] {
  const out: T140Token[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (t.kind === 'text' && last?.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: last.text + t.text };
    } else {
      out.push(t);
    }
  }
  return out;
}

describe('graphemes', () => {
  it('the ASCII fast path gives exactly the segmenter clusters', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'binary' }), fc.string()), (text) => {
        expect(graphemeLengths(text)).toEqual(
          [...segmenter.segment(text)].map((s) => s.segment.length),
        );
        for (let i = 0; i <= text.length; i++) {
          const expected =
            i === text.length ? i : (segmenter.segment(text).containing(i)?.index ?? i);
          expect(boundaryAtOrBefore(text, i)).toBe(expected);
        }
      }),
    );
  });
});

describe('T140Tokenizer', () => {
  it('any split of the text gives the same tokens', () => {
    fc.assert(
      fc.property(tricky, fc.array(fc.integer({ min: 0, max: 30 })), (text, cuts) => {
        const whole = new T140Tokenizer();
        const expected = normalise([...whole.push(text), ...whole.end()]);
        const split = new T140Tokenizer();
        const tokens: T140Token[] = [];
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          split.push(text.slice(at, Math.max(at, cut)), tokens);
          at = Math.max(at, cut);
        }
        split.push(text.slice(at), tokens);
        split.end(tokens);
        expect(normalise(tokens)).toEqual(expected);
      }),
    );
  });

  it('bounds control sequences and SOS strings, and stays usable after them', () => {
    const t = new T140Tokenizer({ maxControlSequenceLength: 8 });
    const tokens = t.push(`\u009b${'1;'.repeat(10)}mok`);
    expect(tokens).toEqual([
      { kind: 'control', sequence: '\u009b1;1;1;1' },
      { kind: 'text', text: ';1;1;1;1;1;1;mok' },
    ]);
    const sos = new T140Tokenizer().push(`\u0098${'s'.repeat(300)}`);
    expect(sos[0]).toEqual({ kind: 'sos', text: 's'.repeat(256), terminated: false });
    expect(sos[1]).toEqual({ kind: 'text', text: 's'.repeat(44) });
  });
});

describe('T140Receiver: arbitrary input', () => {
  it('never throws on arbitrary bytes or strings, split anywhere, and keeps working', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), tricky, fc.string({ unit: 'binary' }))),
        (chunks) => {
          const r = new T140Receiver();
          for (const c of chunks) {
            r.receive(c);
          }
          r.markLoss();
          r.end();
          r.receive('ok');
          expect(r.display.currentLine.text.endsWith('ok')).toBe(true);
        },
      ),
    );
  });

  it('the display text is the same however the bytes are split', () => {
    fc.assert(
      fc.property(
        tricky,
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        (text, sizes) => {
          const bytes = new TextEncoder().encode(text);
          const whole = new T140Receiver();
          whole.receive(bytes);
          whole.end();
          const split = new T140Receiver();
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length]!;
            split.receive(bytes.slice(at, at + size));
            at += size;
          }
          split.end();
          expect(split.text).toBe(whole.text);
        },
      ),
    );
  });
});

describe('splitT140Text', () => {
  it('pieces fit, concatenate to the input, and never cut a cluster that fits', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 4, max: 20 }), (text, max) => {
        const parts = splitT140Text(text, max);
        expect(parts.join('')).toBe(text);
        for (const p of parts) {
          expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(max);
        }
      }),
    );
  });
});
