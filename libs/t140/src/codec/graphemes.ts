/**
 * Grapheme clusters (UAX #29 extended clusters, through `Intl.Segmenter`): the unit a user sees as
 * one character, and the unit one T.140 BACKSPACE erases (emoji ZWJ sequences, combining marks,
 * regional-indicator flags, Hangul syllables, CR LF).
 */
let segmenter: Intl.Segmenter | undefined;

function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** The grapheme clusters of `text`, in order. */
export function splitGraphemes(text: string): string[] {
  const out: string[] = [];
  for (const s of graphemeSegmenter().segment(text)) {
    out.push(s.segment);
  }
  return out;
}

/** The UTF-16 lengths of the grapheme clusters of `text`, in order. */
export function graphemeLengths(text: string): number[] {
  const out: number[] = [];
  for (const s of graphemeSegmenter().segment(text)) {
    out.push(s.segment.length);
  }
  return out;
}

/** Number of grapheme clusters in `text`. */
export function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of graphemeSegmenter().segment(text)) {
    n++;
  }
  return n;
}

/**
 * The largest cluster boundary at or before `index` (0 <= index <= text.length): the start of the
 * cluster that contains `index`, or `index` itself at the end of the text.
 */
export function boundaryAtOrBefore(text: string, index: number): number {
  if (index >= text.length) {
    return text.length;
  }
  if (index <= 0) {
    return 0;
  }
  return graphemeSegmenter().segment(text).containing(index)?.index ?? index;
}

/**
 * Joins new text to a cluster that ends a text: the clusters of `lastCluster + added`. The cluster
 * boundaries of UAX #29 depend only on what precedes them, and every look-behind rule (emoji ZWJ,
 * regional-indicator pairs, Indic conjuncts) stays within one cluster, so re-segmenting the last
 * cluster with the new text gives the same clusters as segmenting the whole text again.
 */
export function appendGraphemeLengths(lastCluster: string, added: string): number[] {
  return graphemeLengths(lastCluster + added);
}
