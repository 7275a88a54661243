/**
 * Grapheme clusters (UAX #29 extended clusters, through `Intl.Segmenter`): the unit a user sees as
 * one character, and the unit one T.140 BACKSPACE erases (emoji ZWJ sequences, combining marks,
 * regional-indicator flags, Hangul syllables, CR LF).
 *
 * Fast path: two printable ASCII characters (U+0020-007E, grapheme break property Other) always
 * have a cluster boundary between them (UAX #29 GB999), so runs of ASCII are split without the
 * segmenter, which only sees the stretches around other characters.
 */
let segmenter: Intl.Segmenter | undefined;

function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

function isAsciiPrintable(unit: number): boolean {
  return unit >= 0x20 && unit <= 0x7e;
}

/** True when `index` is certainly a cluster boundary because ASCII printables surround it. */
function asciiBoundary(text: string, index: number): boolean {
  return isAsciiPrintable(text.charCodeAt(index - 1)) && isAsciiPrintable(text.charCodeAt(index));
}

/** The UTF-16 lengths of the grapheme clusters of `text`, in order. */
export function graphemeLengths(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (isAsciiPrintable(text.charCodeAt(i)) && (i + 1 === n || asciiBoundary(text, i + 1))) {
      out.push(1);
      i++;
      continue;
    }
    // Up to the next certain boundary (or the end): the segmenter decides inside.
    let j = i + 1;
    while (j < n && !asciiBoundary(text, j)) {
      j++;
    }
    for (const s of graphemeSegmenter().segment(text.slice(i, j))) {
      out.push(s.segment.length);
    }
    i = j;
  }
  return out;
}

/** The grapheme clusters of `text`, in order. */
export function splitGraphemes(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const length of graphemeLengths(text)) {
    out.push(text.slice(at, at + length));
    at += length;
  }
  return out;
}

/** Number of grapheme clusters in `text`. */
export function countGraphemes(text: string): number {
  return graphemeLengths(text).length;
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
  if (asciiBoundary(text, index)) {
    return index;
  }
  return graphemeSegmenter().segment(text).containing(index)?.index ?? index;
}
