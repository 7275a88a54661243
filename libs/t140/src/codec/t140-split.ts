import { messageByteLength } from '@parley/transport';
import { graphemeLengths } from './graphemes.js';

/**
 * Splits T.140 text into pieces of at most `maxBytes` UTF-8 bytes, only between grapheme clusters
 * (a cluster larger than maxBytes alone is split between code points, never inside a UTF-8 sequence).
 */
export function splitT140Text(text: string, maxBytes: number): string[] {
  if (!Number.isFinite(maxBytes) || messageByteLength(text) <= maxBytes) {
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
    const bytes = messageByteLength(cluster);
    if (bytes <= maxBytes) {
      push(cluster, bytes);
      continue;
    }
    for (const codePoint of cluster) {
      push(codePoint, messageByteLength(codePoint));
    }
  }
  if (piece !== '') {
    pieces.push(piece);
  }
  return pieces;
}
