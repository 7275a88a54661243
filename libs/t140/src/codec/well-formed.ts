import { isHighSurrogate, isLowSurrogate, T140 } from './control-codes.js';

/**
 * Replaces every lone surrogate with U+FFFD, so the string is valid Unicode and encodes to valid
 * UTF-8 (what `String.prototype.toWellFormed` does, for runtimes without it).
 */
export function toWellFormed(text: string): string {
  let out: string | undefined;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      out = (out ?? '') + text.slice(copied, i) + T140.MISSING_TEXT;
      copied = i + 1;
    }
  }
  return out === undefined ? text : out + text.slice(copied);
}

/** Number of Unicode code points in a well-formed string. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isHighSurrogate(text.charCodeAt(i)) || !isLowSurrogate(text.charCodeAt(i + 1))) {
      n++;
    }
  }
  return n;
}
