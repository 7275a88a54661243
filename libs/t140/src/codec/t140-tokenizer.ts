import { MAX_SOS_BYTES } from './control-codes.js';
import type { T140Token } from './t140-token.js';

export interface T140TokenizerOptions {
  /**
   * Longest escape or control sequence (ESC ..., CSI ...) kept before it is abandoned and reported
   * as an ignored control; bounds memory on hostile input. Default 64 characters.
   */
  readonly maxControlSequenceLength?: number;
  /** Longest SOS string in UTF-8 bytes (RFC 9071 §4.2.4: 256). Default 256. */
  readonly maxSosBytes?: number;
}

type State = 'ground' | 'esc' | 'escIntermediate' | 'csi' | 'sos' | 'sosEsc';

const C = {
  BEL: 0x07,
  BS: 0x08,
  TAB: 0x09,
  LF: 0x0a,
  CR: 0x0d,
  ESC: 0x1b,
  DEL: 0x7f,
  SOS: 0x98,
  CSI: 0x9b,
  ST: 0x9c,
  LS: 0x2028,
  BOM: 0xfeff,
} as const;

/** True for a code unit that starts something other than plain text. */
function isSpecial(unit: number): boolean {
  return (
    (unit < 0x20 && unit !== C.TAB) ||
    (unit >= C.DEL && unit <= 0x9f) ||
    unit === C.LS ||
    unit === C.BOM
  );
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    n +=
      u < 0x80
        ? 1
        : u < 0x800
          ? 2
          : u >= 0xd800 && u <= 0xdbff
            ? 2
            : u >= 0xdc00 && u <= 0xdfff
              ? 2
              : 3;
  }
  return n;
}

function parseSgrParams(params: string): number[] {
  if (params === '') {
    return [];
  }
  return params.split(';').map((p) => (p === '' ? 0 : /^\d{1,9}$/.test(p) ? Number(p) : -1));
}

/**
 * The T.140 presentation-level parser: well-formed text in (any split), tokens out. It never throws.
 * It deletes BOMs, turns LINE SEPARATOR, CR LF, LF and CR into one new line each (a CR at the end of
 * one chunk and an LF at the start of the next are still one new line), recognises BS, BEL, INT,
 * SGR, SOS...ST, and removes every other C0/C1 control and escape/control sequence (ECMA-48 syntax)
 * from the text, reporting it as an ignored `control`. TAB is kept as text.
 */
export class T140Tokenizer {
  readonly #maxControl: number;
  readonly #maxSosBytes: number;
  #state: State = 'ground';
  #afterCr = false;
  /** The control sequence (or SOS string) collected so far. */
  #pending = '';
  #sosBytes = 0;
  #csiIntermediate = false;

  constructor(options: T140TokenizerOptions = {}) {
    this.#maxControl = options.maxControlSequenceLength ?? 64;
    this.#maxSosBytes = options.maxSosBytes ?? MAX_SOS_BYTES;
  }

  /** Parses one chunk of text, appending tokens to `out` (and returning it). */
  push(text: string, out: T140Token[] = []): T140Token[] {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.#state === 'ground') {
        // Fast path: a run of plain text.
        let j = i;
        while (j < n && !isSpecial(text.charCodeAt(j))) {
          j++;
        }
        if (j > i) {
          this.#afterCr = false;
          out.push({ kind: 'text', text: text.slice(i, j) });
          i = j;
          continue;
        }
        this.#ground(text.charCodeAt(i), text[i] as string, out);
        i++;
        continue;
      }
      if (this.#sequence(text.charCodeAt(i), text[i] as string, out)) {
        i++;
      }
    }
    return out;
  }

  /** Ends the stream: an unfinished sequence is reported (an SOS string as unterminated). */
  end(out: T140Token[] = []): T140Token[] {
    this.#abandon(out);
    this.#afterCr = false;
    return out;
  }

  /** Forgets any unfinished sequence and CR state (after a loss, a new channel...). */
  reset(): void {
    this.#state = 'ground';
    this.#pending = '';
    this.#afterCr = false;
  }

  #ground(unit: number, ch: string, out: T140Token[]): void {
    const afterCr = this.#afterCr;
    this.#afterCr = false;
    switch (unit) {
      case C.BOM:
        this.#afterCr = afterCr; // deleted as if it never was: CR BOM LF is still one new line
        return;
      case C.LS:
        out.push({ kind: 'newline' });
        return;
      case C.CR:
        out.push({ kind: 'newline' });
        this.#afterCr = true;
        return;
      case C.LF:
        if (!afterCr) {
          out.push({ kind: 'newline' });
        }
        return;
      case C.BS:
        out.push({ kind: 'erase' });
        return;
      case C.BEL:
        out.push({ kind: 'bell' });
        return;
      case C.ESC:
        this.#enter('esc', ch);
        return;
      case C.CSI:
        this.#csiIntermediate = false;
        this.#enter('csi', ch);
        return;
      case C.SOS:
        this.#sosBytes = 0;
        this.#enter('sos', ch);
        return;
      default:
        out.push({ kind: 'control', sequence: ch });
    }
  }

  #enter(state: State, ch: string): void {
    this.#state = state;
    this.#pending = ch;
  }

  /** One character inside a sequence. Returns false when the character must be read again in ground state. */
  #sequence(unit: number, ch: string, out: T140Token[]): boolean {
    switch (this.#state) {
      case 'esc':
        if (unit >= 0x20 && unit <= 0x2f) {
          return this.#collect(ch, 'escIntermediate', out);
        }
        if (unit === 0x5b) {
          this.#csiIntermediate = false;
          return this.#collect(ch, 'csi', out);
        }
        if (unit === 0x58) {
          this.#sosBytes = 0;
          return this.#collect(ch, 'sos', out);
        }
        if (unit === 0x61) {
          this.#finish({ kind: 'int' }, out);
          return true;
        }
        if (unit >= 0x30 && unit <= 0x7e) {
          this.#finish({ kind: 'control', sequence: this.#pending + ch }, out);
          return true;
        }
        this.#abandon(out);
        return false;
      case 'escIntermediate':
        if (unit >= 0x20 && unit <= 0x2f) {
          return this.#collect(ch, 'escIntermediate', out);
        }
        if (unit >= 0x30 && unit <= 0x7e) {
          this.#finish({ kind: 'control', sequence: this.#pending + ch }, out);
          return true;
        }
        this.#abandon(out);
        return false;
      case 'csi':
        if (unit >= 0x30 && unit <= 0x3f && !this.#csiIntermediate) {
          return this.#collect(ch, 'csi', out);
        }
        if (unit >= 0x20 && unit <= 0x2f) {
          this.#csiIntermediate = true;
          return this.#collect(ch, 'csi', out);
        }
        if (unit >= 0x40 && unit <= 0x7e) {
          const sequence = this.#pending + ch;
          if (ch === 'm' && !this.#csiIntermediate) {
            const introducer = this.#pending.startsWith('\u001b') ? 2 : 1;
            const params = parseSgrParams(this.#pending.slice(introducer));
            this.#finish(
              params.includes(-1) ? { kind: 'control', sequence } : { kind: 'sgr', params },
              out,
            );
          } else {
            this.#finish({ kind: 'control', sequence }, out);
          }
          return true;
        }
        this.#abandon(out);
        return false;
      case 'sos':
        if (unit === C.ST) {
          this.#finishSos(true, out);
          return true;
        }
        if (unit === C.ESC) {
          this.#state = 'sosEsc';
          return true;
        }
        return this.#sosChar(ch, out);
      case 'sosEsc':
        if (unit === 0x5c) {
          this.#finishSos(true, out);
          return true;
        }
        // Not a 7-bit ST: the ESC is string content, and this character is read again.
        this.#state = 'sos';
        this.#sosChar('\u001b', out);
        return false;
      case 'ground':
        return false;
    }
  }

  #collect(ch: string, state: State, out: T140Token[]): boolean {
    if (this.#pending.length + 1 > this.#maxControl) {
      this.#abandon(out);
      return false;
    }
    this.#pending += ch;
    this.#state = state;
    return true;
  }

  #sosChar(ch: string, out: T140Token[]): boolean {
    const bytes = utf8Length(ch);
    if (this.#sosBytes + bytes > this.#maxSosBytes) {
      this.#finishSos(false, out);
      return false;
    }
    this.#sosBytes += bytes;
    this.#pending += ch;
    return true;
  }

  #finishSos(terminated: boolean, out: T140Token[]): void {
    const introducer = this.#pending.startsWith('\u001b') ? 2 : 1;
    this.#finish({ kind: 'sos', text: this.#pending.slice(introducer), terminated }, out);
  }

  #finish(token: T140Token, out: T140Token[]): void {
    out.push(token);
    this.#state = 'ground';
    this.#pending = '';
  }

  /** Ends an unfinished sequence: reported as an ignored control (an SOS string as unterminated). */
  #abandon(out: T140Token[]): void {
    if (this.#state === 'sos' || this.#state === 'sosEsc') {
      if (this.#state === 'sosEsc') {
        this.#pending += '\u001b';
      }
      this.#finishSos(false, out);
      return;
    }
    if (this.#state !== 'ground') {
      this.#finish({ kind: 'control', sequence: this.#pending }, out);
    }
  }
}
