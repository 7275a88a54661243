import { isControlCodePoint, T140 } from '../codec/control-codes.js';
import { toWellFormed } from '../codec/well-formed.js';

/**
 * What a text field's content becomes on the wire, so the peer displays exactly the field: every
 * line end (CR LF, CR, LF, U+2028) becomes one LINE SEPARATOR, BOMs and control characters other
 * than TAB are removed (they would be controls, not text, at the receiver), lone surrogates become
 * U+FFFD.
 */
export function sanitizeFieldText(text: string): string {
  const wellFormed = toWellFormed(text);
  let out = '';
  let copied = 0;
  for (let i = 0; i < wellFormed.length; i++) {
    const unit = wellFormed.charCodeAt(i);
    if (unit !== 0x09 && (isControlCodePoint(unit) || unit === 0xfeff || unit === 0x2028)) {
      out += wellFormed.slice(copied, i);
      copied = i + 1;
      if (unit === 0x0d) {
        out += T140.LS;
        if (wellFormed.charCodeAt(i + 1) === 0x0a) {
          i++;
          copied = i + 1;
        }
      } else if (unit === 0x0a || unit === 0x2028) {
        out += T140.LS;
      }
    }
  }
  return copied === 0 ? wellFormed : out + wellFormed.slice(copied);
}
