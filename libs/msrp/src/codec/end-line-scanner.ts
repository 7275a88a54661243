/**
 * Finds the end of a body: CRLF, then the end-line `-------<transaction-id><flag>` CRLF
 * (RFC 4975 §7.1, §9). The scan jumps from CR to CR with the native `Uint8Array.indexOf`, so text
 * and binary bodies alike are searched at memory speed; dashes or the transaction id inside the
 * body only match when the complete end-line (flag and CRLF included) follows.
 */
export class EndLineScanner {
  /** `\r\n-------<tid>` as bytes. */
  readonly #pattern: Uint8Array;
  /** Length of the whole closing sequence: pattern + flag + CRLF. */
  readonly length: number;

  constructor(transactionId: string) {
    const pattern = new Uint8Array(9 + transactionId.length);
    pattern[0] = 13;
    pattern[1] = 10;
    pattern.fill(45, 2, 9);
    for (let i = 0; i < transactionId.length; i++) {
      pattern[9 + i] = transactionId.charCodeAt(i);
    }
    this.#pattern = pattern;
    this.length = pattern.length + 3;
  }

  /**
   * Searches `bytes[from, end)` for the closing sequence. Returns its index (the CR that ends the
   * body) when found; otherwise `-1 - resume`, where `resume` is the first index a later search
   * (with more bytes) has to look at again.
   */
  find(bytes: Uint8Array, from: number, end: number): number {
    const pattern = this.#pattern;
    const patternLength = pattern.length;
    const total = this.length;
    let i = from;
    for (;;) {
      i = bytes.indexOf(13, i);
      if (i < 0 || i >= end) {
        return -1 - end;
      }
      const available = end - i;
      const check = available < patternLength ? available : patternLength;
      let j = 1;
      while (j < check && bytes[i + j] === pattern[j]) {
        j++;
      }
      if (j === check) {
        if (available < total) {
          // A prefix of the closing sequence runs into the end of the bytes: decide later.
          if (available <= patternLength || isFlag(bytes[i + patternLength])) {
            if (available <= patternLength + 1 || bytes[i + patternLength + 1] === 13) {
              return -1 - i;
            }
          }
        } else if (
          isFlag(bytes[i + patternLength]) &&
          bytes[i + patternLength + 1] === 13 &&
          bytes[i + patternLength + 2] === 10
        ) {
          return i;
        }
      }
      i++;
    }
  }

  /**
   * True when `body` contains the end-line `-------<tid><flag>` anywhere, with or without CRLF
   * around it. RFC 4975 §7.1: "the sender MUST ensure that the end-line (seven hyphens, the
   * transaction identifier, and a continuation flag) is not present in the body"; if it is, the
   * sender picks another transaction id. This is wider than what `find` (the parser) would take
   * for the end of the body (CRLF + end-line + CRLF), so a body passing this check can never be cut
   * short by the parser: any closing sequence the parser could match inside the body, or straddling
   * the body and the framing CRLF, contains the end-line text within the body.
   */
  occursIn(body: Uint8Array): boolean {
    const pattern = this.#pattern;
    const n = pattern.length;
    // Candidates start with the seven hyphens: pattern[2..n) then a flag, n - 1 bytes in all.
    const last = body.length - (n - 1);
    let i = 0;
    while (i <= last) {
      i = body.indexOf(45, i);
      if (i < 0 || i > last) {
        return false;
      }
      if (matchesAt(body, i, pattern, 2) && isFlag(body[i + n - 2])) {
        return true;
      }
      i++;
    }
    return false;
  }
}

function matchesAt(bytes: Uint8Array, at: number, pattern: Uint8Array, from: number): boolean {
  for (let j = from; j < pattern.length; j++) {
    if (bytes[at + j - from] !== pattern[j]) {
      return false;
    }
  }
  return true;
}

function isFlag(byte: number | undefined): boolean {
  return byte === 36 || byte === 43 || byte === 35;
}

/**
 * A transaction id whose end-line does not occur in `body` (RFC 4975 §7.1: "the sender MUST choose
 * a new transaction identifier that is not present in the body"). `generate` is asked again until
 * one fits; with 16 random characters a second try is already astronomically rare.
 */
export function transactionIdFor(body: Uint8Array | undefined, generate: () => string): string {
  let transactionId = generate();
  while (body !== undefined && new EndLineScanner(transactionId).occursIn(body)) {
    transactionId = generate();
  }
  return transactionId;
}
