/** What the presentation-level parser makes of a T.140 character stream. */
export type T140Token =
  /** Displayable text (never contains controls, BOMs or line ends). */
  | { readonly kind: 'text'; readonly text: string }
  /** BACKSPACE: erase the last grapheme cluster (or the last new line). */
  | { readonly kind: 'erase' }
  /** A new line: LINE SEPARATOR, CR LF (once, even split across messages), LF or CR alone. */
  | { readonly kind: 'newline' }
  /** BEL: alert. */
  | { readonly kind: 'bell' }
  /** SGR (CSI Ps m): select graphic rendition, with its numeric parameters (empty = reset). */
  | { readonly kind: 'sgr'; readonly params: readonly number[] }
  /** INT (ESC a): interrupt, starts mode negotiation. */
  | { readonly kind: 'int' }
  /** SOS string ... ST: a protocol element. `terminated` is false when cut at the 256-byte limit or the end. */
  | { readonly kind: 'sos'; readonly text: string; readonly terminated: boolean }
  /** Any other control function or sequence: removed from the text, reported, otherwise ignored. */
  | { readonly kind: 'control'; readonly sequence: string };

export type T140TokenKind = T140Token['kind'];
