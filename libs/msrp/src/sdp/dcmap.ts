import { MsrpError } from '../errors.js';

/** `a=dcmap:<stream-id> [opts]` (RFC 8864 §5.1). */
export interface Dcmap {
  readonly streamId: number;
  readonly label?: string | undefined;
  readonly subprotocol?: string | undefined;
  readonly ordered?: boolean | undefined;
  readonly maxRetr?: number | undefined;
  readonly maxTime?: number | undefined;
  readonly priority?: number | undefined;
}

function sdpError(message: string): MsrpError {
  return new MsrpError('INVALID_SDP', message);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Decodes a dcmap quoted-string: `%XX` escapes stand for UTF-8 octets (RFC 8864 §5.1.1). */
function unquoteDcmap(text: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    throw sdpError(`${text} is not a quoted string`);
  }
  const inner = text.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === 0x25) {
      const hex = inner.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw sdpError(`bad %-escape in ${text}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === 0x22 || c < 0x20 || c > 0x7e) {
      throw sdpError(`character U+${c.toString(16)} must be %-escaped in ${text}`);
    } else {
      bytes.push(c);
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    throw sdpError(`${text} is not UTF-8 once unescaped`);
  }
}

/** Encodes a string as a dcmap quoted-string, %-escaping `"`, `%`, controls and non-ASCII octets. */
function quoteDcmap(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    out +=
      byte === 0x22 || byte === 0x25 || byte < 0x20 || byte > 0x7e
        ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte);
  }
  return `${out}"`;
}

function integer(name: string, value: string, max: number): number {
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) >= max) {
    throw sdpError(`dcmap ${name}=${value} is not an integer below ${max}`);
  }
  return Number(value);
}

/** Splits `opt;opt;...` on semicolons outside quoted strings. */
function splitOptions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted;
    }
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.map((o) => o.trim()).filter((o) => o !== '');
}

/** Parses the value of `a=dcmap:` (everything after the colon). */
export function parseDcmap(value: string): Dcmap {
  const text = value.trim();
  const space = text.indexOf(' ');
  const idText = space < 0 ? text : text.slice(0, space);
  if (!/^[0-9]{1,5}$/.test(idText) || Number(idText) > 65534) {
    throw sdpError(`dcmap stream id "${idText}" is not 0-65534`);
  }
  let map: Dcmap = { streamId: Number(idText) };
  for (const option of space < 0 ? [] : splitOptions(text.slice(space + 1))) {
    const eq = option.indexOf('=');
    const name = eq < 0 ? option : option.slice(0, eq);
    const v = eq < 0 ? '' : option.slice(eq + 1);
    switch (name) {
      case 'label':
        map = { ...map, label: unquoteDcmap(v) };
        break;
      case 'subprotocol':
        map = { ...map, subprotocol: unquoteDcmap(v) };
        break;
      case 'ordered':
        // Values other than true/false are ignored and mean true (RFC 8864 §5.1).
        map = { ...map, ordered: v !== 'false' };
        break;
      case 'max-retr':
        map = { ...map, maxRetr: integer(name, v, 2 ** 32) };
        break;
      case 'max-time':
        map = { ...map, maxTime: integer(name, v, 2 ** 32) };
        break;
      case 'priority':
        map = { ...map, priority: integer(name, v, 2 ** 16) };
        break;
      default:
        break; // Unknown options are ignored.
    }
  }
  if (map.maxRetr !== undefined && map.maxTime !== undefined) {
    throw sdpError('dcmap max-retr and max-time are mutually exclusive (RFC 8864 §5.1)');
  }
  return map;
}

/** The value of `a=dcmap:` for `map`. */
export function formatDcmap(map: Dcmap): string {
  const options: string[] = [];
  if (map.label !== undefined && map.label !== '') {
    options.push(`label=${quoteDcmap(map.label)}`);
  }
  if (map.subprotocol !== undefined && map.subprotocol !== '') {
    options.push(`subprotocol=${quoteDcmap(map.subprotocol)}`);
  }
  if (map.ordered !== undefined) {
    options.push(`ordered=${map.ordered}`);
  }
  if (map.maxRetr !== undefined) {
    options.push(`max-retr=${map.maxRetr}`);
  }
  if (map.maxTime !== undefined) {
    options.push(`max-time=${map.maxTime}`);
  }
  if (map.priority !== undefined) {
    options.push(`priority=${map.priority}`);
  }
  return options.length === 0 ? String(map.streamId) : `${map.streamId} ${options.join(';')}`;
}
