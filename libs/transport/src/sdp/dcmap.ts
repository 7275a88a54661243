import { TransportError } from '../errors.js';

/** Thrown for an `a=dcmap` / `a=dcsa` value that breaks RFC 8864 §5. */
export class DataChannelSdpError extends TransportError {
  override readonly name = 'DataChannelSdpError';
  constructor(
    message: string,
    /** The attribute value (or line) at fault. */
    readonly text: string,
    /**
     * UTF-8 byte offset in `text` of what is at fault (the stream id, a parameter's value, the
     * character of a quoted string), when known.
     */
    readonly offset?: number,
  ) {
    super('INVALID_SDP', `${message}: ${JSON.stringify(text)}`);
  }
}

export type DcmapParamName =
  'label' | 'subprotocol' | 'ordered' | 'max-retr' | 'max-time' | 'priority';

/** One `a=dcmap` attribute (RFC 8864 §5.1): an SDP-negotiated data channel. */
export interface Dcmap {
  /** SCTP stream id, 0-65534. */
  readonly streamId: number;
  /** Decoded label ('' when absent). */
  readonly label: string;
  /** Subprotocol ('' when absent): `msrp`, `t140`, `bfcp`... */
  readonly subprotocol: string;
  /** Default true. */
  readonly ordered: boolean;
  readonly maxRetr?: number | undefined;
  readonly maxTime?: number | undefined;
  /** Default 256 (normal). */
  readonly priority: number;
  /** The order the parameters appeared in (kept so a parsed line re-serialises to the same text). */
  readonly paramOrder?: readonly DcmapParamName[];
  /** Parameters this version does not know, kept as written. */
  readonly extensions?: readonly string[];
}

/**
 * A dcmap as its line writes it: only the parameters present, an absent one meaning its RFC 8864
 * default (label and subprotocol "", ordered true, fully reliable, priority 256). What protocol
 * libraries keep of a dcmap; `dcmapParams` and `dcmapFromParams` convert.
 */
export interface DcmapParams {
  readonly streamId: number;
  readonly label?: string | undefined;
  readonly subprotocol?: string | undefined;
  readonly ordered?: boolean | undefined;
  readonly maxRetr?: number | undefined;
  readonly maxTime?: number | undefined;
  readonly priority?: number | undefined;
}

const QUOTED_CHAR = /[\x20\x21\x23\x24\x26-\x7e]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 byte offset of the UTF-16 index `index` of `text` (computed only for errors). */
function byteOffset(text: string, index: number): number {
  return encoder.encode(text.slice(0, index)).length;
}

function fail(message: string, whole: string, index: number): DataChannelSdpError {
  return new DataChannelSdpError(message, whole, byteOffset(whole, index));
}

/** RFC 8864 quoted-string: UTF-8 bytes, `%XX` for every byte that is not a quoted-char. */
export function quoteDcmapString(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && QUOTED_CHAR.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** Decodes the quoted string `raw`, which starts at index `at` of `whole`. */
function unquote(raw: string, whole: string, at: number): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) {
    throw fail('expected a quoted string', whole, at);
  }
  const inner = raw.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i] as string;
    if (char === '%') {
      const hex = inner.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw fail('bad %-escape in quoted string', whole, at + 1 + i);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (QUOTED_CHAR.test(char)) {
      bytes.push(char.charCodeAt(0));
    } else {
      throw fail('character not allowed in a quoted string', whole, at + 1 + i);
    }
  }
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch {
    throw fail('quoted string is not UTF-8', whole, at);
  }
}

/** `"0" / integer` (RFC 8864, integer of RFC 4566: no leading zeros) up to `max`. */
export function parseSdpInteger(raw: string, max: number, whole: string, at = 0): number {
  if (!/^\d{1,10}$/.test(raw) || (raw.length > 1 && raw.startsWith('0'))) {
    throw fail('expected an integer without leading zeros', whole, at);
  }
  const n = Number(raw);
  if (n > max) {
    throw fail(`integer above ${max}`, whole, at);
  }
  return n;
}

/** `stream-id = 1*5DIGIT` (RFC 8864 §5.1.1, §5.2.1: leading zeros allowed), 0-65534. */
function streamIdOf(digits: string, whole: string, at: number): number {
  const n = Number(digits);
  if (n > 65534) {
    throw fail('integer above 65534', whole, at);
  }
  return n;
}

/** Splits on `;` outside quoted strings, with the index each part starts at. */
function splitParams(text: string): { param: string; at: number }[] {
  const parts: { param: string; at: number }[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      quoted = !quoted;
    } else if (char === ';' && !quoted) {
      parts.push({ param: text.slice(start, i), at: start });
      start = i + 1;
    }
  }
  parts.push({ param: text.slice(start), at: start });
  return parts;
}

/** Length of the leading white space of `text`. */
function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * Parses the value of an `a=dcmap:` attribute (what follows the colon). Throws
 * DataChannelSdpError, with the byte `offset` in `value` of what is wrong.
 */
export function parseDcmap(value: string): Dcmap {
  const start = leadingSpace(value);
  const match = /^(\d{1,5})(?: (.+))?$/.exec(value.trim());
  if (!match) {
    throw fail('expected "<stream-id> [options]"', value, start);
  }
  const digits = match[1] as string;
  const streamId = streamIdOf(digits, value, start);
  let label = '';
  let subprotocol = '';
  let ordered = true;
  let maxRetr: number | undefined;
  let maxTime: number | undefined;
  let priority = 256;
  const paramOrder: DcmapParamName[] = [];
  const extensions: string[] = [];
  const paramsAt = start + digits.length + 1;
  for (const { param, at } of match[2] === undefined ? [] : splitParams(match[2])) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim();
    const rest = eq < 0 ? '' : param.slice(eq + 1);
    const raw = rest.trim();
    const valueAt = paramsAt + at + (eq < 0 ? param.length : eq + 1 + leadingSpace(rest));
    switch (name) {
      case 'label':
        label = unquote(raw, value, valueAt);
        break;
      case 'subprotocol':
        subprotocol = unquote(raw, value, valueAt);
        break;
      case 'ordered':
        // RFC 8864: any value other than "false" means ordered.
        ordered = raw !== 'false';
        break;
      case 'max-retr':
        maxRetr = parseSdpInteger(raw, 0xffffffff, value, valueAt);
        break;
      case 'max-time':
        maxTime = parseSdpInteger(raw, 0xffffffff, value, valueAt);
        break;
      case 'priority':
        priority = parseSdpInteger(raw, 0xffff, value, valueAt);
        break;
      default:
        extensions.push(param);
        continue;
    }
    if (maxRetr !== undefined && maxTime !== undefined) {
      throw fail('max-retr and max-time are mutually exclusive', value, paramsAt + at);
    }
    paramOrder.push(name);
  }
  return {
    streamId,
    label,
    subprotocol,
    ordered,
    maxRetr,
    maxTime,
    priority,
    paramOrder,
    ...(extensions.length > 0 ? { extensions } : {}),
  };
}

const CANONICAL_ORDER: readonly DcmapParamName[] = [
  'label',
  'subprotocol',
  'ordered',
  'max-retr',
  'max-time',
  'priority',
];

/** The parameters a dcmap writes: those parsed (`paramOrder`), else those not at their default. */
function writtenParams(dcmap: Dcmap): readonly DcmapParamName[] {
  return (
    dcmap.paramOrder ??
    CANONICAL_ORDER.filter((name) => {
      switch (name) {
        case 'label':
          return dcmap.label !== '';
        case 'subprotocol':
          return dcmap.subprotocol !== '';
        case 'ordered':
          return !dcmap.ordered;
        case 'max-retr':
          return dcmap.maxRetr !== undefined;
        case 'max-time':
          return dcmap.maxTime !== undefined;
        case 'priority':
          return dcmap.priority !== 256;
      }
    })
  );
}

/**
 * Serialises a dcmap value (without `a=dcmap:`). Parameters equal to their defaults are left out
 * unless `paramOrder` (from parsing) lists them.
 */
export function serializeDcmap(dcmap: Dcmap): string {
  const params: string[] = [];
  for (const name of writtenParams(dcmap)) {
    switch (name) {
      case 'label':
        params.push(`label=${quoteDcmapString(dcmap.label)}`);
        break;
      case 'subprotocol':
        params.push(`subprotocol=${quoteDcmapString(dcmap.subprotocol)}`);
        break;
      case 'ordered':
        params.push(`ordered=${String(dcmap.ordered)}`);
        break;
      case 'max-retr':
        params.push(`max-retr=${String(dcmap.maxRetr ?? 0)}`);
        break;
      case 'max-time':
        params.push(`max-time=${String(dcmap.maxTime ?? 0)}`);
        break;
      case 'priority':
        params.push(`priority=${String(dcmap.priority)}`);
        break;
    }
  }
  params.push(...(dcmap.extensions ?? []));
  return params.length === 0
    ? String(dcmap.streamId)
    : `${String(dcmap.streamId)} ${params.join(';')}`;
}

/** The parameters a dcmap writes (see `serializeDcmap`), as a `DcmapParams`; unknown ones are dropped. */
export function dcmapParams(dcmap: Dcmap): DcmapParams {
  const params: { -readonly [K in keyof DcmapParams]: DcmapParams[K] } = {
    streamId: dcmap.streamId,
  };
  for (const name of writtenParams(dcmap)) {
    switch (name) {
      case 'label':
        params.label = dcmap.label;
        break;
      case 'subprotocol':
        params.subprotocol = dcmap.subprotocol;
        break;
      case 'ordered':
        params.ordered = dcmap.ordered;
        break;
      case 'max-retr':
        if (dcmap.maxRetr !== undefined) {
          params.maxRetr = dcmap.maxRetr;
        }
        break;
      case 'max-time':
        if (dcmap.maxTime !== undefined) {
          params.maxTime = dcmap.maxTime;
        }
        break;
      case 'priority':
        params.priority = dcmap.priority;
        break;
    }
  }
  return params;
}

/**
 * The dcmap that writes `params`, in the RFC 8864 §5.1.1 order (label, subprotocol, ordered,
 * max-retr, max-time, priority). An empty label or subprotocol is left out (the same as absent).
 */
export function dcmapFromParams(params: DcmapParams): Dcmap {
  const paramOrder = CANONICAL_ORDER.filter((name) => {
    switch (name) {
      case 'label':
        return params.label !== undefined && params.label !== '';
      case 'subprotocol':
        return params.subprotocol !== undefined && params.subprotocol !== '';
      case 'ordered':
        return params.ordered !== undefined;
      case 'max-retr':
        return params.maxRetr !== undefined;
      case 'max-time':
        return params.maxTime !== undefined;
      case 'priority':
        return params.priority !== undefined;
    }
  });
  return {
    streamId: params.streamId,
    label: params.label ?? '',
    subprotocol: params.subprotocol ?? '',
    ordered: params.ordered ?? true,
    maxRetr: params.maxRetr,
    maxTime: params.maxTime,
    priority: params.priority ?? 256,
    paramOrder,
  };
}

/** One `a=dcsa` attribute (RFC 8864 §5.2): an SDP attribute that applies to one data channel. */
export interface Dcsa {
  readonly streamId: number;
  /** The attribute as it would appear after `a=`, e.g. `accept-types:text/plain` or `sendonly`. */
  readonly attribute: string;
}

/**
 * Parses the value of an `a=dcsa:` attribute. White space around the value and between the stream
 * id and the attribute is tolerated. Throws DataChannelSdpError.
 */
export function parseDcsa(value: string): Dcsa {
  const start = leadingSpace(value);
  const match = /^(\d{1,5})[ \t]+(\S.*)$/.exec(value.trim());
  if (!match) {
    throw fail('expected "<stream-id> <attribute>"', value, start);
  }
  return { streamId: streamIdOf(match[1] as string, value, start), attribute: match[2] as string };
}

/** `parseDcsa`, or undefined for a malformed value: such a line names no channel and is ignored. */
export function tryParseDcsa(value: string): Dcsa | undefined {
  try {
    return parseDcsa(value);
  } catch {
    return undefined;
  }
}

export function serializeDcsa(dcsa: Dcsa): string {
  return `${String(dcsa.streamId)} ${dcsa.attribute}`;
}
