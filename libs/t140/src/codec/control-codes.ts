/**
 * The T.140 characters with a meaning beyond plain text, as RFC 4103, RFC 8865 and RFC 9071 §4.2.4
 * quote them (ITU-T T.140 itself was not available to us). UTF-8 octets in the comments.
 */
export const T140 = {
  /** BOM / ZERO WIDTH NO-BREAK SPACE (EF BB BF): start indication and keep-alive; receivers delete it. */
  BOM: '\uFEFF',
  /** BACKSPACE (08): erases the last character (grapheme cluster) entered; crosses line ends. */
  BS: '\u0008',
  /** BEL (07): alert during the session; not displayed. */
  BEL: '\u0007',
  /** LINE SEPARATOR (E2 80 A8): the preferred new line. */
  LS: '\u2028',
  /** CARRIAGE RETURN (0D): with LF the supported, not preferred, new line. */
  CR: '\r',
  /** LINE FEED (0A). */
  LF: '\n',
  /** ESCAPE (1B): starts escape sequences; `ESC a` is INT. */
  ESC: '\u001B',
  /** CONTROL SEQUENCE INTRODUCER (C2 9B): `CSI Ps m` is SGR. */
  CSI: '\u009B',
  /** START OF STRING (C2 98): protocol element introducer, a string of at most 256 bytes, then ST. */
  SOS: '\u0098',
  /** STRING TERMINATOR (C2 9C). */
  ST: '\u009C',
  /** The missing-text marker, REPLACEMENT CHARACTER (EF BF BD): where text was (possibly) lost. */
  MISSING_TEXT: '\uFFFD',
  /** `ESC a`: INT, interrupt (starts mode negotiation). */
  INT: '\u001Ba',
} as const;

/** SGR 0, the reset of graphic rendition, in the ECMA-48 form (digit zero). See README for RFC 9071's U+0000. */
export const SGR_RESET = '\u009B0m';

/** The most bytes an SOS string may carry before its ST (RFC 9071 §4.2.4). */
export const MAX_SOS_BYTES = 256;

/** True for C0 controls, DEL and C1 controls (U+0000-001F, U+007F-009F). */
export function isControlCodePoint(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** True for a UTF-16 code unit that is a high surrogate. */
export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** True for a UTF-16 code unit that is a low surrogate. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
