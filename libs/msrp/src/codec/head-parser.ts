import { MsrpParseError } from '../errors.js';
import type { Continuation, MsrpHeader } from '../message/msrp-chunk.js';

/** The start line and header section of a request or response, with where its body starts. */
export interface ParsedHead {
  readonly kind: 'request' | 'response';
  readonly transactionId: string;
  readonly method: string;
  readonly status: number;
  readonly comment: string | undefined;
  readonly headers: MsrpHeader[];
  /** Index just after the blank line (body follows), or -1 for a bodiless chunk. */
  readonly bodyStart: number;
  /** For a bodiless chunk: index just after its end-line, and its flag. */
  readonly end: number;
  readonly continuation: Continuation | undefined;
}

const START_LINE =
  /^MSRP ([A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}) (?:([A-Z]+)|([0-9]{3})(?: ([^\r\n]*))?)$/;
const HEADER_NAME = /^[A-Za-z][!#$%&'*+\-.0-9A-Z^_`a-z|~]*$/;
/** utf8text allows HTAB, %x20-7E and non-ASCII: true when `line` has another control character. */
function hasControl(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
      return true;
    }
  }
  return false;
}
const MSRP_SP = [77, 83, 82, 80, 32];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Scans header bytes once: returns the index of the first control character that utf8text does
 * not allow (anything below 0x20 but HTAB and the CRLF that ends a line, and DEL), or -1; and
 * whether every byte is ASCII.
 */
function scanHeaderBytes(
  bytes: Uint8Array,
  from: number,
  to: number,
): { bad: number; ascii: boolean } {
  let ascii = true;
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if (b >= 0x20 && b !== 0x7f) {
      if (b >= 0x80) {
        ascii = false;
      }
      continue;
    }
    if (b === 9 || (b === 13 && bytes[i + 1] === 10)) {
      continue;
    }
    if (b === 10 && bytes[i - 1] === 13) {
      continue;
    }
    return { bad: i, ascii };
  }
  return { bad: -1, ascii };
}

function decode(
  bytes: Uint8Array,
  start: number,
  end: number,
  ascii?: boolean,
): string | undefined {
  // Pure ASCII (the usual case) decodes without the TextDecoder call overhead.
  if (ascii ?? scanHeaderBytes(bytes, start, end).ascii) {
    let out = '';
    for (let at = start; at < end; at += 4096) {
      out += String.fromCharCode.apply(
        null,
        bytes.subarray(at, Math.min(end, at + 4096)) as unknown as number[],
      );
    }
    return out;
  }
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/**
 * Reads the head of the chunk at `bytes[start]`. Returns undefined when more bytes are needed.
 * `base` is the stream offset of `bytes[0]`, for error offsets.
 */
export function parseHead(
  bytes: Uint8Array,
  start: number,
  end: number,
  maxHeaderBytes: number,
  base: number,
): ParsedHead | undefined {
  // Refuse garbage as soon as its first bytes are known, rather than waiting for a line end.
  for (let i = 0; i < MSRP_SP.length && start + i < end; i++) {
    if (bytes[start + i] !== MSRP_SP[i]) {
      throw new MsrpParseError(
        'MALFORMED_START_LINE',
        'a request or response starts with "MSRP "',
        base + start + i,
      );
    }
  }
  const limit = Math.min(end, start + maxHeaderBytes);
  const checkSize = (partial: MsrpParseError['partial']): void => {
    if (end - start >= maxHeaderBytes) {
      throw new MsrpParseError(
        'HEADER_TOO_LARGE',
        `the start line and headers exceed ${maxHeaderBytes} bytes`,
        base + start + maxHeaderBytes,
        partial,
      );
    }
  };

  const firstLf = bytes.indexOf(10, start);
  if (firstLf < 0 || firstLf >= limit) {
    checkSize({});
    return undefined;
  }
  if (bytes[firstLf - 1] !== 13) {
    throw new MsrpParseError('MALFORMED_START_LINE', 'lines end with CRLF', base + firstLf);
  }
  const startLine = decode(bytes, start, firstLf - 1);
  const match = startLine === undefined ? null : START_LINE.exec(startLine);
  if (!match) {
    const id = /^MSRP (\S+)/.exec(startLine ?? '')?.[1];
    const idOk = id !== undefined && /^[A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}$/.test(id);
    throw new MsrpParseError(
      idOk ? 'MALFORMED_START_LINE' : 'INVALID_TRANSACTION_ID',
      idOk
        ? 'start line is not "MSRP <id> <METHOD>" or "MSRP <id> <code> [comment]"'
        : 'the transaction id is 4 to 32 characters of A-Z a-z 0-9 . - + % =',
      base + start + 5,
    );
  }
  const transactionId = match[1] as string;
  const method = match[2] ?? '';
  const kind = method === '' ? 'response' : 'request';
  const status = kind === 'response' ? Number(match[3]) : 0;
  const comment = match[4];
  const partial = (headers: MsrpHeader[]) =>
    kind === 'request' ? { transactionId, method, headers } : { transactionId, status, headers };

  // Header lines up to the blank line (body follows) or the end-line (bodiless).
  const lineStarts: number[] = [];
  let pos = firstLf + 1;
  let bodyStart = -1;
  let endAt = -1;
  let continuation: Continuation | undefined;
  for (;;) {
    const lf = bytes.indexOf(10, pos);
    if (lf < 0 || lf >= limit) {
      checkSize(partial([]));
      return undefined;
    }
    if (bytes[lf - 1] !== 13 || lf === pos) {
      throw new MsrpParseError('MALFORMED_HEADER', 'lines end with CRLF', base + lf, partial([]));
    }
    if (lf === pos + 1) {
      if (kind === 'response') {
        throw new MsrpParseError(
          'MALFORMED_BODY',
          'a response has no body (blank line after the headers)',
          base + pos,
          partial([]),
        );
      }
      bodyStart = lf + 1;
      break;
    }
    const first = bytes[pos] as number;
    if (first === 45 && isEndLine(bytes, pos, lf - 1, transactionId)) {
      continuation = String.fromCharCode(bytes[lf - 2] as number) as Continuation;
      if (kind === 'response' && continuation !== '$') {
        // RFC 4975 §7.2: "Since a response is never chunked, the continuation flag in the
        // end-line will always contain a dollar sign".
        throw new MsrpParseError(
          'INVALID_END_LINE',
          `a response ends with "$", not "${continuation}"`,
          base + lf - 2,
          partial([]),
        );
      }
      endAt = lf + 1;
      break;
    }
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) {
      throw new MsrpParseError(
        'MALFORMED_HEADER',
        'expected a header, the blank line or the end-line',
        base + pos,
        partial([]),
      );
    }
    lineStarts.push(pos);
    pos = lf + 1;
  }

  const headers: MsrpHeader[] = [];
  if (lineStarts.length > 0) {
    const first = lineStarts[0] as number;
    const blockEnd = (bodyStart >= 0 ? bodyStart - 2 : pos) - 2;
    const scan = scanHeaderBytes(bytes, first, blockEnd);
    const block = decode(bytes, first, blockEnd, scan.ascii);
    if (block === undefined) {
      throw new MsrpParseError(
        'MALFORMED_HEADER',
        'headers are not valid UTF-8',
        base + first,
        partial([]),
      );
    }
    const lines = block.split('\r\n');
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n] as string;
      const at = base + (lineStarts[n] ?? first);
      const colon = line.indexOf(':');
      const name = colon < 0 ? '' : line.slice(0, colon);
      if (!HEADER_NAME.test(name)) {
        throw new MsrpParseError(
          'MALFORMED_HEADER',
          `not a header line: ${JSON.stringify(line.slice(0, 40))}`,
          at,
          partial(headers),
        );
      }
      if (scan.bad >= 0 && hasControl(line)) {
        throw new MsrpParseError(
          'MALFORMED_HEADER',
          `control character in header ${name}`,
          base + scan.bad,
          partial(headers),
        );
      }
      // hval follows exactly one SP; anything beyond stays in the value (see MsrpHeader).
      const value =
        line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
      headers.push({ name, value });
    }
  }
  return {
    kind,
    transactionId,
    method,
    status,
    comment,
    headers,
    bodyStart,
    end: endAt,
    continuation,
  };
}

/** True when `bytes[from, to)` is exactly `-------<tid><flag>`. */
function isEndLine(bytes: Uint8Array, from: number, to: number, tid: string): boolean {
  if (to - from !== 8 + tid.length) {
    return false;
  }
  for (let i = 0; i < 7; i++) {
    if (bytes[from + i] !== 45) {
      return false;
    }
  }
  for (let i = 0; i < tid.length; i++) {
    if (bytes[from + 7 + i] !== tid.charCodeAt(i)) {
      return false;
    }
  }
  const flag = bytes[to - 1];
  return flag === 36 || flag === 43 || flag === 35;
}
