import { boundaryAtOrBefore, splitGraphemes } from '../codec/graphemes.js';

/** How to turn the text a peer shows into the text of the field: erase clusters, then type. */
export interface FieldDiff {
  /** Length (UTF-16 units) of the common part, a grapheme-cluster boundary in both texts. */
  readonly keep: number;
  /** Clusters of `from` after the common part, to erase with one BACKSPACE each (last one first). */
  readonly erase: readonly string[];
  /** Text of `to` after the common part, to send. */
  readonly insert: string;
}

/**
 * The smallest erase-then-insert that turns `from` into `to`, counting erasures in grapheme
 * clusters. The common part ends on a cluster boundary of both texts: cluster boundaries before the
 * first difference depend only on the shared text, so the largest boundary of either text at or
 * before the first difference is also one of the other.
 */
export function diffField(from: string, to: string): FieldDiff {
  let p = 0;
  if (to.startsWith(from)) {
    p = from.length;
  } else {
    const n = Math.min(from.length, to.length);
    while (p < n && from.charCodeAt(p) === to.charCodeAt(p)) {
      p++;
    }
  }
  const keep = Math.min(boundaryAtOrBefore(from, p), boundaryAtOrBefore(to, p));
  return {
    keep,
    erase: keep === from.length ? [] : splitGraphemes(from.slice(keep)),
    insert: to.slice(keep),
  };
}
