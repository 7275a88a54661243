import { T140Error } from '../errors.js';

/** An RFC 8864 `a=dcmap` value: one SDP-negotiated data channel. */
export interface Dcmap {
  readonly streamId: number;
  /** Subprotocol (`t140`, `msrp`...); absent = "". */
  readonly subprotocol?: string;
  /** Label, decoded from its %-escaped quoted form; absent = "". */
  readonly label?: string;
  /** Absent = true. */
  readonly ordered?: boolean;
  /** Partial reliability by retransmissions (T.140 forbids it). */
  readonly maxRetr?: number;
  /** Partial reliability by lifetime in ms (T.140 forbids it). */
  readonly maxTime?: number;
  /** Absent = 256. */
  readonly priority?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

function invalid(message: string, offset: number): T140Error {
  return new T140Error('INVALID_SDP', message, offset);
}

/** RFC 8864 quoted-string: DQUOTE *(SP / %x21 / %x23-24 / %x26-7E / "%" HEXDIG HEXDIG) DQUOTE. */
function decodeQuoted(text: string, offset: number): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    throw invalid(`expected a quoted string, got ${JSON.stringify(text)}`, offset);
  }
  const bytes: number[] = [];
  const inner = text.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === 0x25) {
      const hex = inner.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw invalid('bad %-escape in quoted string', offset + 1 + i);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (c === 0x20 || c === 0x21 || (c >= 0x23 && c <= 0x7e)) {
      bytes.push(c);
    } else {
      throw invalid(
        `character ${JSON.stringify(inner[i])} not allowed in a quoted string`,
        offset + 1 + i,
      );
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}

/** Quotes a string for dcmap: every byte that is not a quoted-char (", %, controls, non-ASCII) as %XX. */
export function encodeDcmapQuoted(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    if (byte === 0x20 || byte === 0x21 || (byte >= 0x23 && byte <= 0x7e && byte !== 0x25)) {
      out += String.fromCharCode(byte);
    } else {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}

function parseInteger(text: string, max: number, what: string, offset: number): number {
  if (!/^(0|[1-9]\d*)$/.test(text) || Number(text) > max) {
    throw invalid(`${what} must be an integer 0-${max}, got ${JSON.stringify(text)}`, offset);
  }
  return Number(text);
}

/** Splits on ";" outside quoted strings. */
function splitOptions(text: string): { part: string; at: number }[] {
  const parts: { part: string; at: number }[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quoted = !quoted;
    } else if ((c === ';' && !quoted) || i === text.length) {
      parts.push({ part: text.slice(start, i), at: start });
      start = i + 1;
    }
  }
  return parts;
}

/**
 * Parses an `a=dcmap` value (`2 label="x";subprotocol="t140"`). `offset` is the byte offset of the
 * value in the SDP, for errors. Unknown options are ignored; a bad value throws INVALID_SDP.
 */
export function parseDcmap(value: string, offset = 0): Dcmap {
  const match = /^(\d{1,5})(?: (.*))?$/s.exec(value);
  if (!match) {
    throw invalid(`a=dcmap value must start with a stream id: ${JSON.stringify(value)}`, offset);
  }
  const streamId = parseInteger(match[1] ?? '', 65534, 'dcmap stream id', offset);
  const result: { -readonly [K in keyof Dcmap]: Dcmap[K] } = { streamId };
  const options = match[2];
  if (options === undefined) {
    return result;
  }
  const base = offset + (match[1] ?? '').length + 1;
  for (const { part, at } of splitOptions(options)) {
    const where = base + encoder.encode(options.slice(0, at)).length;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw invalid(`dcmap option without a value: ${JSON.stringify(part)}`, where);
    }
    const name = part.slice(0, eq);
    const text = part.slice(eq + 1);
    const valueAt = where + eq + 1;
    switch (name) {
      case 'subprotocol':
        result.subprotocol = decodeQuoted(text, valueAt);
        break;
      case 'label':
        result.label = decodeQuoted(text, valueAt);
        break;
      case 'ordered':
        // RFC 8864 §5.1.2: any other value is ignored and means true.
        result.ordered = text !== 'false';
        break;
      case 'max-retr':
        result.maxRetr = parseInteger(text, 2 ** 32 - 1, 'max-retr', valueAt);
        break;
      case 'max-time':
        result.maxTime = parseInteger(text, 2 ** 32 - 1, 'max-time', valueAt);
        break;
      case 'priority':
        result.priority = parseInteger(text, 65535, 'priority', valueAt);
        break;
      default:
        break;
    }
  }
  return result;
}

/** The `a=dcmap` value for a channel (options in the order label, subprotocol, ordered, max-retr, max-time, priority). */
export function serializeDcmap(dcmap: Dcmap): string {
  const options: string[] = [];
  if (dcmap.label !== undefined && dcmap.label !== '') {
    options.push(`label=${encodeDcmapQuoted(dcmap.label)}`);
  }
  if (dcmap.subprotocol !== undefined && dcmap.subprotocol !== '') {
    options.push(`subprotocol=${encodeDcmapQuoted(dcmap.subprotocol)}`);
  }
  if (dcmap.ordered !== undefined) {
    options.push(`ordered=${dcmap.ordered}`);
  }
  if (dcmap.maxRetr !== undefined) {
    options.push(`max-retr=${dcmap.maxRetr}`);
  }
  if (dcmap.maxTime !== undefined) {
    options.push(`max-time=${dcmap.maxTime}`);
  }
  if (dcmap.priority !== undefined) {
    options.push(`priority=${dcmap.priority}`);
  }
  return options.length === 0 ? `${dcmap.streamId}` : `${dcmap.streamId} ${options.join(';')}`;
}
