import { graphemeLengths } from './graphemes.js';

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x80) {
      n += 1;
    } else if (u < 0x800) {
      n += 2;
    } else if (u >= 0xd800 && u <= 0xdbff) {
      n += 4;
      i++;
    } else {
      n += 3;
    }
  }
  return n;
}

/** UTF-8 length of a well-formed string. */
export function utf8ByteLength(text: string): number {
  return utf8Length(text);
}

/**
 * Splits T.140 text into pieces of at most `maxBytes` UTF-8 bytes, only between grapheme clusters
 * (a cluster larger than maxBytes alone is split between code points, never inside a UTF-8 sequence).
 */
export function splitT140Text(text: string, maxBytes: number): string[] {
  if (!Number.isFinite(maxBytes) || utf8Length(text) <= maxBytes) {
    return text === '' ? [] : [text];
  }
  const pieces: string[] = [];
  let piece = '';
  let pieceBytes = 0;
  let at = 0;
  const push = (part: string, bytes: number) => {
    if (pieceBytes + bytes > maxBytes && piece !== '') {
      pieces.push(piece);
      piece = '';
      pieceBytes = 0;
    }
    piece += part;
    pieceBytes += bytes;
  };
  for (const length of graphemeLengths(text)) {
    const cluster = text.slice(at, at + length);
    at += length;
    const bytes = utf8Length(cluster);
    if (bytes <= maxBytes) {
      push(cluster, bytes);
      continue;
    }
    for (const codePoint of cluster) {
      push(codePoint, utf8Length(codePoint));
    }
  }
  if (piece !== '') {
    pieces.push(piece);
  }
  return pieces;
}
