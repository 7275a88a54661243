import { MsrpError } from '../errors.js';

/** `message/cpim` (RFC 3862). */
export const CPIM_CONTENT_TYPE = 'message/cpim';

/**
 * One CPIM message header: `Name:[;params] SP value` (RFC 3862 §3.3). `name` may carry a namespace
 * prefix (`imdn.Message-ID`). Kept exactly as written: CPIM headers must not be changed in transit.
 */
export interface CpimHeader {
  readonly name: string;
  /** Header parameters such as `;lang=fr`, or ''. */
  readonly parameters: string;
  readonly value: string;
}

/** A parsed `message/cpim` body as MSRP carries it (RFC 4975 §11.4: CPIM headers first). */
export interface CpimMessage {
  readonly headers: readonly CpimHeader[];
  /** MIME headers of the encapsulated entity, as [name, value]. */
  readonly contentHeaders: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function cpimError(message: string): MsrpError {
  return new MsrpError('INVALID_CPIM', message);
}

/** Index of the next CRLF (or bare LF) at or after `from`, and the length of that line end. */
function lineEnd(bytes: Uint8Array, from: number): { at: number; length: number } | undefined {
  const lf = bytes.indexOf(10, from);
  if (lf < 0) {
    return undefined;
  }
  return bytes[lf - 1] === 13 && lf - 1 >= from ? { at: lf - 1, length: 2 } : { at: lf, length: 1 };
}

/** Reads header lines from `from` up to an empty line; returns them and where the next part starts. */
function readHeaderBlock(bytes: Uint8Array, from: number): { lines: string[]; next: number } {
  const lines: string[] = [];
  let pos = from;
  for (;;) {
    const end = lineEnd(bytes, pos);
    if (!end) {
      throw cpimError('headers are not followed by an empty line');
    }
    if (end.at === pos) {
      return { lines, next: pos + end.length };
    }
    try {
      lines.push(utf8.decode(bytes.subarray(pos, end.at)));
    } catch {
      throw cpimError('headers are not UTF-8');
    }
    pos = end.at + end.length;
  }
}

function parseCpimHeader(line: string): CpimHeader {
  const colon = line.indexOf(':');
  if (colon <= 0) {
    throw cpimError(`not a header line: ${JSON.stringify(line.slice(0, 40))}`);
  }
  const name = line.slice(0, colon);
  let rest = line.slice(colon + 1);
  let parameters = '';
  if (rest.startsWith(';')) {
    const space = rest.indexOf(' ');
    parameters = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? '' : rest.slice(space);
  }
  if (!rest.startsWith(' ') && rest !== '') {
    throw cpimError(`header ${name}: ": " must separate name and value (RFC 3862 §3.3)`);
  }
  return { name, parameters, value: rest.slice(1) };
}

/**
 * Parses a `message/cpim` body. With `containerHeaders`, the body starts with the MIME headers of
 * the container itself (`Content-type: Message/CPIM`, as RFC 3862 §5.1 prints it); in MSRP those are
 * the MSRP headers and the body starts with the CPIM headers (the default). RFC 5438's examples
 * forget the empty line between CPIM and MIME headers: a `Content-Type` line among the CPIM headers
 * is taken as the start of the MIME headers. Throws `MsrpError('INVALID_CPIM')`.
 */
export function parseCpim(
  bytes: Uint8Array,
  options: { readonly containerHeaders?: boolean } = {},
): CpimMessage {
  let pos = 0;
  if (options.containerHeaders) {
    pos = readHeaderBlock(bytes, pos).next;
  }
  const { lines, next } = readHeaderBlock(bytes, pos);
  const headers: CpimHeader[] = [];
  const contentHeaders: [string, string][] = [];
  let inMime = false;
  for (const line of lines) {
    if (!inMime && /^content-type:/i.test(line)) {
      inMime = true; // RFC 5438 example defect: no empty line before the MIME headers.
    }
    if (inMime) {
      const colon = line.indexOf(':');
      contentHeaders.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    } else {
      headers.push(parseCpimHeader(line));
    }
  }
  let bodyStart = next;
  if (!inMime) {
    const mime = readHeaderBlock(bytes, next);
    for (const line of mime.lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) {
        throw cpimError(`not a MIME header: ${JSON.stringify(line.slice(0, 40))}`);
      }
      contentHeaders.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    bodyStart = mime.next;
  }
  return { headers, contentHeaders, body: bytes.subarray(bodyStart) };
}

/** Serializes a CPIM message (CPIM headers, empty line, MIME headers, empty line, content). */
export function formatCpim(message: CpimMessage): Uint8Array {
  let head = '';
  for (const h of message.headers) {
    head += `${h.name}:${h.parameters} ${h.value}\r\n`;
  }
  head += '\r\n';
  for (const [name, value] of message.contentHeaders) {
    head += `${name}: ${value}\r\n`;
  }
  head += '\r\n';
  const headBytes = encoder.encode(head);
  const out = new Uint8Array(headBytes.length + message.body.length);
  out.set(headBytes);
  out.set(message.body, headBytes.length);
  return out;
}

/** A CPIM address `[Formal-name] <URI>` (RFC 3862 §3.3.1). */
export interface CpimAddress {
  readonly name?: string | undefined;
  readonly uri: string;
}

export function parseCpimAddress(value: string): CpimAddress {
  const match = /^\s*(?:("(?:[^"\\]|\\.)*"|[^<]*?)\s*)?<([^>]*)>\s*$/.exec(value);
  if (!match) {
    throw cpimError(`"${value}" is not [Formal-name] <URI>`);
  }
  const rawName = (match[1] ?? '').trim();
  const name = rawName.startsWith('"') ? rawName.slice(1, -1).replace(/\\(.)/g, '$1') : rawName;
  return { name: name === '' ? undefined : name, uri: match[2] ?? '' };
}

export function formatCpimAddress(address: CpimAddress): string {
  if (address.name === undefined || address.name === '') {
    return `<${address.uri}>`;
  }
  const plain = /^[A-Za-z0-9 !#$%&'*+\-./=?^_`{|}~]*$/.test(address.name);
  return `${plain ? address.name : `"${address.name.replace(/(["\\])/g, '\\$1')}"`} <${address.uri}>`;
}

/** Name-space prefixes declared with `NS: prefix <urn>` (RFC 3862 §3.3.7), urn -> prefix. */
export function cpimNamespaces(message: CpimMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of message.headers) {
    if (h.name === 'NS') {
      const match = /^\s*([^\s<]*)\s*<([^>]*)>\s*$/.exec(h.value);
      if (match) {
        out.set(match[2] ?? '', match[1] ?? '');
      }
    }
  }
  return out;
}

/**
 * Values of the header `name` in namespace `namespaceUrn` (default: the CPIM default namespace,
 * unprefixed names). Names are case-sensitive in CPIM.
 */
export function cpimHeaderValues(
  message: CpimMessage,
  name: string,
  namespaceUrn?: string,
): string[] {
  let full = name;
  if (namespaceUrn !== undefined) {
    const prefix = cpimNamespaces(message).get(namespaceUrn);
    if (prefix === undefined) {
      return [];
    }
    full = prefix === '' ? name : `${prefix}.${name}`;
  }
  return message.headers.filter((h) => h.name === full).map((h) => h.value);
}

/** What `wrapCpim` writes. */
export interface CpimContent {
  readonly from: CpimAddress;
  readonly to: readonly CpimAddress[];
  readonly cc?: readonly CpimAddress[];
  /** RFC 3339 date-time. */
  readonly dateTime?: string;
  readonly subject?: string;
  /** Further CPIM headers (NS declarations and prefixed headers), written after the standard ones. */
  readonly headers?: readonly CpimHeader[];
  readonly contentType: string;
  /** More MIME headers of the content (Content-Disposition, Content-ID...). */
  readonly contentHeaders?: readonly (readonly [string, string])[];
  readonly body: Uint8Array | string;
}

/** Wraps content in message/cpim, before chunking (RFC 4975 §13: From and To are mandatory). */
export function wrapCpim(content: CpimContent): Uint8Array {
  if (content.to.length === 0) {
    throw new MsrpError('INVALID_ARGUMENT', 'a CPIM message needs at least one To (RFC 4975 §13)');
  }
  const headers: CpimHeader[] = [
    { name: 'From', parameters: '', value: formatCpimAddress(content.from) },
    ...content.to.map((to) => ({ name: 'To', parameters: '', value: formatCpimAddress(to) })),
    ...(content.cc ?? []).map((cc) => ({
      name: 'cc',
      parameters: '',
      value: formatCpimAddress(cc),
    })),
  ];
  if (content.dateTime !== undefined) {
    headers.push({ name: 'DateTime', parameters: '', value: content.dateTime });
  }
  if (content.subject !== undefined) {
    headers.push({ name: 'Subject', parameters: '', value: content.subject });
  }
  headers.push(...(content.headers ?? []));
  const body = typeof content.body === 'string' ? encoder.encode(content.body) : content.body;
  return formatCpim({
    headers,
    contentHeaders: [['Content-Type', content.contentType], ...(content.contentHeaders ?? [])],
    body,
  });
}

/** The typed reading of a CPIM message. */
export interface UnwrappedCpim {
  readonly from: CpimAddress | undefined;
  readonly to: CpimAddress[];
  readonly cc: CpimAddress[];
  readonly dateTime: string | undefined;
  readonly subject: string | undefined;
  /** Content-Type of the encapsulated entity (`text/plain` when absent, as for MIME). */
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly message: CpimMessage;
}

export function unwrapCpim(bytes: Uint8Array): UnwrappedCpim {
  const message = parseCpim(bytes);
  const one = (name: string) => cpimHeaderValues(message, name)[0];
  const from = one('From');
  return {
    from: from === undefined ? undefined : parseCpimAddress(from),
    to: cpimHeaderValues(message, 'To').map(parseCpimAddress),
    cc: cpimHeaderValues(message, 'cc').map(parseCpimAddress),
    dateTime: one('DateTime'),
    subject: one('Subject'),
    contentType:
      message.contentHeaders.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'text/plain',
    body: message.body,
    message,
  };
}
