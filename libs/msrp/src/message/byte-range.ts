import { MsrpError } from '../errors.js';

/**
 * `Byte-Range: range-start "-" range-end "/" total` (RFC 4975 §7.1.1, §9). Positions are 1-based;
 * `*` stands for "unknown" (range-end of an interruptible chunk, total of a message of unknown size).
 */
export interface ByteRange {
  readonly start: number;
  readonly end: number | '*';
  readonly total: number | '*';
}

const DIGITS = /^[0-9]{1,15}$/;

function readNumber(text: string, allowStar: boolean): number | '*' | undefined {
  if (allowStar && text === '*') {
    return '*';
  }
  return DIGITS.test(text) ? Number(text) : undefined;
}

/**
 * Parses a Byte-Range value. Throws `MsrpError('INVALID_HEADER_VALUE')` when it does not follow the
 * grammar or is inconsistent (start 0, end before start - 1, end beyond total).
 */
export function parseByteRange(value: string): ByteRange {
  const text = value.trim();
  const dash = text.indexOf('-');
  const slash = text.indexOf('/', dash + 1);
  const start = dash > 0 ? readNumber(text.slice(0, dash), false) : undefined;
  const end = slash > dash ? readNumber(text.slice(dash + 1, slash), true) : undefined;
  const total = slash > 0 ? readNumber(text.slice(slash + 1), true) : undefined;
  if (start === undefined || start === '*' || end === undefined || total === undefined) {
    throw new MsrpError(
      'INVALID_HEADER_VALUE',
      `Byte-Range "${value}" does not match start-end/total`,
    );
  }
  if (start < 1) {
    throw new MsrpError('INVALID_HEADER_VALUE', `Byte-Range "${value}": range-start is 1-based`);
  }
  if (end !== '*' && end < start - 1) {
    throw new MsrpError(
      'INVALID_HEADER_VALUE',
      `Byte-Range "${value}": range-end before range-start`,
    );
  }
  if (total !== '*' && ((end !== '*' && end > total) || start > total + 1)) {
    throw new MsrpError('INVALID_HEADER_VALUE', `Byte-Range "${value}": range beyond the total`);
  }
  return { start, end, total };
}

export function formatByteRange(range: ByteRange): string {
  return `${range.start}-${range.end}/${range.total}`;
}
