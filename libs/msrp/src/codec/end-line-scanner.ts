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
   * True when `body`, framed as it is on the wire (after the blank line, before CRLF + end-line),
   * would contain the closing sequence: a sender must then pick another transaction id (§7.1).
   * A body that starts with the end-line text is refused too, for receivers that scan from the
   * blank line.
   */
  occursIn(body: Uint8Array): boolean {
    if (this.find(body, 0, body.length) >= 0) {
      return true;
    }
    const pattern = this.#pattern;
    const n = pattern.length;
    // "-------<tid><flag>" at the very start (the CRLF before it is the blank line).
    if (body.length >= n - 1 && matchesAt(body, 0, pattern, 2) && isFlag(body[n - 2])) {
      return true;
    }
    // "CRLF-------<tid><flag>" at the very end (the framing CRLF would complete it).
    const at = body.length - (n + 1);
    return at >= 0 && matchesAt(body, at, pattern, 0) && isFlag(body[at + n]);
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
