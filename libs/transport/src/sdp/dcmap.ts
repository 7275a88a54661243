import { TransportError } from '../errors.js';

/** Thrown for an `a=dcmap` / `a=dcsa` value that breaks RFC 8864 §5. */
export class DataChannelSdpError extends TransportError {
  override readonly name = 'DataChannelSdpError';
  constructor(
    message: string,
    /** The attribute value (or line) at fault. */
    readonly text: string,
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

const QUOTED_CHAR = /[\x20\x21\x23\x24\x26-\x7e]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

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

function unquote(raw: string, whole: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) {
    throw new DataChannelSdpError('expected a quoted string', whole);
  }
  const inner = raw.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i] as string;
    if (char === '%') {
      const hex = inner.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new DataChannelSdpError('bad %-escape in quoted string', whole);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (QUOTED_CHAR.test(char)) {
      bytes.push(char.charCodeAt(0));
    } else {
      throw new DataChannelSdpError('character not allowed in a quoted string', whole);
    }
  }
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch {
    throw new DataChannelSdpError('quoted string is not UTF-8', whole);
  }
}

function integer(raw: string, max: number, whole: string): number {
  if (!/^\d{1,10}$/.test(raw) || (raw.length > 1 && raw.startsWith('0'))) {
    throw new DataChannelSdpError('expected an integer without leading zeros', whole);
  }
  const n = Number(raw);
  if (n > max) {
    throw new DataChannelSdpError(`integer above ${max}`, whole);
  }
  return n;
}

/** Splits on `;` outside quoted strings. */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
    }
    if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** Parses the value of an `a=dcmap:` attribute (what follows the colon). */
export function parseDcmap(value: string): Dcmap {
  const match = /^(\d{1,5})(?: (.+))?$/.exec(value.trim());
  if (!match) {
    throw new DataChannelSdpError('expected "<stream-id> [options]"', value);
  }
  const streamId = integer(match[1] as string, 65534, value);
  let label = '';
  let subprotocol = '';
  let ordered = true;
  let maxRetr: number | undefined;
  let maxTime: number | undefined;
  let priority = 256;
  const paramOrder: DcmapParamName[] = [];
  const extensions: string[] = [];
  for (const param of match[2] === undefined ? [] : splitParams(match[2])) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim();
    const raw = eq < 0 ? '' : param.slice(eq + 1).trim();
    switch (name) {
      case 'label':
        label = unquote(raw, value);
        break;
      case 'subprotocol':
        subprotocol = unquote(raw, value);
        break;
      case 'ordered':
        // RFC 8864: any value other than "false" means ordered.
        ordered = raw !== 'false';
        break;
      case 'max-retr':
        maxRetr = integer(raw, 0xffffffff, value);
        break;
      case 'max-time':
        maxTime = integer(raw, 0xffffffff, value);
        break;
      case 'priority':
        priority = integer(raw, 0xffff, value);
        break;
      default:
        extensions.push(param);
        continue;
    }
    paramOrder.push(name);
  }
  if (maxRetr !== undefined && maxTime !== undefined) {
    throw new DataChannelSdpError('max-retr and max-time are mutually exclusive', value);
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

/**
 * Serialises a dcmap value (without `a=dcmap:`). Parameters equal to their defaults are left out
 * unless `paramOrder` (from parsing) lists them.
 */
export function serializeDcmap(dcmap: Dcmap): string {
  const listed = dcmap.paramOrder;
  const include = (name: DcmapParamName): boolean => {
    if (listed) {
      return listed.includes(name);
    }
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
  };
  const params: string[] = [];
  for (const name of listed ?? CANONICAL_ORDER) {
    if (!include(name)) {
      continue;
    }
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

/** One `a=dcsa` attribute (RFC 8864 §5.2): an SDP attribute that applies to one data channel. */
export interface Dcsa {
  readonly streamId: number;
  /** The attribute as it would appear after `a=`, e.g. `accept-types:text/plain` or `sendonly`. */
  readonly attribute: string;
}

export function parseDcsa(value: string): Dcsa {
  const match = /^(\d{1,5}) (\S.*)$/.exec(value.trim());
  if (!match) {
    throw new DataChannelSdpError('expected "<stream-id> <attribute>"', value);
  }
  return { streamId: integer(match[1] as string, 65534, value), attribute: match[2] as string };
}

export function serializeDcsa(dcsa: Dcsa): string {
  return `${String(dcsa.streamId)} ${dcsa.attribute}`;
}

/** A negotiated data channel as described by one dcmap and its dcsa attributes. */
export interface DataChannelDescription {
  readonly dcmap: Dcmap;
  /** dcsa attribute bodies for this stream id, in order. */
  readonly attributes: readonly string[];
}

/** What the `webrtc-datachannel` m-section of an SDP says about data channels. */
export interface DataChannelSection {
  /** `a=sctp-port` (RFC 8841), when present. */
  readonly sctpPort?: number | undefined;
  /** `a=max-message-size`; 65536 when absent (RFC 8841 §6); 0 means no limit. */
  readonly maxMessageSize: number;
  readonly channels: readonly DataChannelDescription[];
  /** Problems found (bad dcmap lines, dcsa without dcmap); such lines are ignored, as RFC 8864 asks. */
  readonly problems: readonly string[];
}

/**
 * Reads the data-channel m-section of an SDP (the first `m=application ... webrtc-datachannel`).
 * Never throws: bad lines are reported in `problems` and ignored. Returns undefined without such a section.
 */
export function readDataChannelSection(sdp: string): DataChannelSection | undefined {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((line) =>
    /^m=application \S+ \S*SCTP\S* webrtc-datachannel/.test(line),
  );
  if (start < 0) {
    return undefined;
  }
  let sctpPort: number | undefined;
  let maxMessageSize = 65536;
  const dcmaps: Dcmap[] = [];
  const dcsas: Dcsa[] = [];
  const problems: string[] = [];
  for (let i = start + 1; i < lines.length && !(lines[i] as string).startsWith('m='); i++) {
    const line = lines[i] as string;
    try {
      if (line.startsWith('a=sctp-port:')) {
        sctpPort = integer(line.slice('a=sctp-port:'.length).trim(), 65535, line);
      } else if (line.startsWith('a=max-message-size:')) {
        maxMessageSize = integer(
          line.slice('a=max-message-size:'.length).trim(),
          Number.MAX_SAFE_INTEGER,
          line,
        );
      } else if (line.startsWith('a=dcmap:')) {
        const dcmap = parseDcmap(line.slice('a=dcmap:'.length));
        if (dcmaps.some((d) => d.streamId === dcmap.streamId)) {
          throw new DataChannelSdpError('duplicate stream id', line);
        }
        dcmaps.push(dcmap);
      } else if (line.startsWith('a=dcsa:')) {
        dcsas.push(parseDcsa(line.slice('a=dcsa:'.length)));
      }
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  for (const dcsa of dcsas) {
    if (!dcmaps.some((d) => d.streamId === dcsa.streamId)) {
      problems.push(`dcsa for stream ${String(dcsa.streamId)} without a dcmap: ignored`);
    }
  }
  return {
    sctpPort,
    maxMessageSize,
    channels: dcmaps.map((dcmap) => ({
      dcmap,
      attributes: dcsas.filter((d) => d.streamId === dcmap.streamId).map((d) => d.attribute),
    })),
    problems,
  };
}

/**
 * Returns `sdp` with `lines` (without line endings, e.g. `a=dcmap:1 ...`) appended to its
 * data-channel m-section, keeping the SDP's line ending. Returns `sdp` unchanged without such a section.
 */
export function appendToDataChannelSection(sdp: string, lines: readonly string[]): string {
  if (lines.length === 0) {
    return sdp;
  }
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const all = sdp.split(/\r?\n/);
  const trailingEmpty = all[all.length - 1] === '';
  if (trailingEmpty) {
    all.pop();
  }
  const start = all.findIndex((line) =>
    /^m=application \S+ \S*SCTP\S* webrtc-datachannel/.test(line),
  );
  if (start < 0) {
    return sdp;
  }
  let end = start + 1;
  while (end < all.length && !(all[end] as string).startsWith('m=')) {
    end++;
  }
  all.splice(end, 0, ...lines);
  return all.join(eol) + (trailingEmpty ? eol : '');
}

/** Returns `sdp` without any `a=dcmap`/`a=dcsa` line (e.g. lines a stack echoed from the offer into its answer). */
export function withoutDataChannelAttributes(sdp: string): string {
  return sdp.replace(/^a=dcmap:.*(?:\r?\n|$)|^a=dcsa:.*(?:\r?\n|$)/gm, '');
}

/** The `a=dcmap`/`a=dcsa` lines describing one channel. */
export function dataChannelLines(description: DataChannelDescription): string[] {
  return [
    `a=dcmap:${serializeDcmap(description.dcmap)}`,
    ...description.attributes.map(
      (attribute) => `a=dcsa:${serializeDcsa({ streamId: description.dcmap.streamId, attribute })}`,
    ),
  ];
}
