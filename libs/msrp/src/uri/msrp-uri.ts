import { MsrpError } from '../errors.js';

/**
 * An `msrp:` or `msrps:` URI (RFC 4975 §6, §9):
 * `("msrp" / "msrps") "://" authority ["/" session-id] ";" transport *(";" URI-parameter)`.
 * Transports: `tcp` (RFC 4975), `ws` (RFC 7977), `dc` (RFC 8873), or any `1*ALPHANUM`.
 */
export interface MsrpUri {
  readonly scheme: 'msrp' | 'msrps';
  /** userinfo without the `@` (never a password, §6); ignored by comparison. */
  readonly user: string | undefined;
  /** Host name, IPv4 address, or IPv6 address without brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly sessionId: string | undefined;
  /** Lower-cased transport parameter. */
  readonly transport: string;
  /** Further `;name[=value]` parameters, in order. */
  readonly parameters: readonly (readonly [string, string | undefined])[];
}

const SESSION_ID = /^[A-Za-z0-9\-._~+=/%]+$/;
const TRANSPORT = /^[A-Za-z0-9]+$/;
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
const PORT = /^[0-9]{1,5}$/;

function invalid(text: string, why: string): MsrpError {
  return new MsrpError('INVALID_URI', `"${text}" is not an MSRP URI: ${why}`);
}

/** Expands an IPv6 address to eight 16-bit groups, or returns undefined when it is not one. */
function ipv6Groups(text: string): number[] | undefined {
  let address = text;
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 address ("::ffff:192.0.2.1") stands for the last two groups.
    if (lastColon < 0 || !IPV4.test(last)) {
      return undefined;
    }
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const parse = (part: string): number[] | undefined => {
    if (part === '') {
      return [];
    }
    const groups: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) {
        return undefined;
      }
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) {
    return undefined;
  }
  const known = head.length + rest.length;
  if (halves.length === 1) {
    return known === 8 ? head : undefined;
  }
  if (known > 7) {
    return undefined;
  }
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}

function isIpv6(text: string): boolean {
  return ipv6Groups(text) !== undefined;
}

function splitHostPort(
  text: string,
  authority: string,
): { host: string; port: number | undefined } {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) {
      throw invalid(authority, 'unterminated IPv6 literal');
    }
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw invalid(authority, 'junk after the IPv6 literal');
    }
    portText = after === '' ? undefined : after.slice(1);
    if (!isIpv6(host)) {
      throw invalid(authority, `"${host}" is not an IPv6 address`);
    }
  } else if (text.indexOf(':') !== text.lastIndexOf(':')) {
    // Not RFC 3986, but printed by RFC 8873 §4.8 (msrps://2001:db8::3:54111/...): an unbracketed
    // IPv6 address followed by ":port". Accepted when the part before the last colon is an IPv6
    // address; formatting brackets it.
    const lastColon = text.lastIndexOf(':');
    const candidate = text.slice(0, lastColon);
    if (isIpv6(candidate) && PORT.test(text.slice(lastColon + 1))) {
      host = candidate;
      portText = text.slice(lastColon + 1);
    } else if (isIpv6(text)) {
      host = text;
    } else {
      throw invalid(authority, 'unbracketed IPv6 literal');
    }
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (!REG_NAME.test(host)) {
      throw invalid(authority, `bad host "${host}"`);
    }
  }
  let port: number | undefined;
  if (portText !== undefined) {
    if (!PORT.test(portText) || Number(portText) > 65535) {
      throw invalid(authority, `bad port "${portText}"`);
    }
    port = Number(portText);
  }
  return { host, port };
}

/** Parses one MSRP URI. Throws `MsrpError('INVALID_URI')`. */
export function parseMsrpUri(text: string): MsrpUri {
  const sep = text.indexOf('://');
  const schemeText = sep < 0 ? '' : text.slice(0, sep).toLowerCase();
  if (schemeText !== 'msrp' && schemeText !== 'msrps') {
    throw invalid(text, 'scheme must be msrp or msrps');
  }
  const rest = text.slice(sep + 3);
  const semi = rest.indexOf(';');
  if (semi < 0) {
    throw invalid(text, 'the transport parameter is missing');
  }
  const beforeParams = rest.slice(0, semi);
  const slash = beforeParams.indexOf('/');
  const authority = slash < 0 ? beforeParams : beforeParams.slice(0, slash);
  const sessionId = slash < 0 ? undefined : beforeParams.slice(slash + 1);
  if (sessionId !== undefined && !SESSION_ID.test(sessionId)) {
    throw invalid(text, `bad session-id "${sessionId}"`);
  }
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? undefined : authority.slice(0, at);
  if (user?.includes(':')) {
    throw invalid(text, 'userinfo must not carry a password');
  }
  const { host, port } = splitHostPort(at < 0 ? authority : authority.slice(at + 1), text);
  if (host === '') {
    throw invalid(text, 'empty host');
  }
  if ((IPV4.test(host) || isIpv6(host)) && port === undefined) {
    // RFC 4975 §6: a numeric IP address MUST come with a port. Relays' AUTH URIs (RFC 4976 §8)
    // may omit ports only with host names, so this is enforced.
    throw invalid(text, 'a numeric IP address needs a port');
  }
  const [transportText = '', ...paramTexts] = rest.slice(semi + 1).split(';');
  if (!TRANSPORT.test(transportText)) {
    throw invalid(text, `bad transport "${transportText}"`);
  }
  const parameters: (readonly [string, string | undefined])[] = [];
  for (const p of paramTexts) {
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    const value = eq < 0 ? undefined : p.slice(eq + 1);
    if (!TOKEN.test(name) || (value !== undefined && !TOKEN.test(value))) {
      throw invalid(text, `bad URI parameter "${p}"`);
    }
    parameters.push([name, value]);
  }
  return {
    scheme: schemeText,
    user,
    host,
    port,
    sessionId,
    transport: transportText.toLowerCase(),
    parameters,
  };
}

/** Formats a URI (IPv6 hosts in brackets). */
export function formatMsrpUri(uri: MsrpUri): string {
  const host = isIpv6(uri.host) ? `[${uri.host}]` : uri.host;
  let out = `${uri.scheme}://${uri.user === undefined ? '' : `${uri.user}@`}${host}`;
  if (uri.port !== undefined) {
    out += `:${uri.port}`;
  }
  if (uri.sessionId !== undefined) {
    out += `/${uri.sessionId}`;
  }
  out += `;${uri.transport}`;
  for (const [name, value] of uri.parameters) {
    out += value === undefined ? `;${name}` : `;${name}=${value}`;
  }
  return out;
}

/** A path (To-Path, From-Path, SDP `a=path`): URIs separated by spaces. Extra spaces are tolerated. */
export function parsePath(text: string): MsrpUri[] {
  const parts = text.split(/[ \t]+/).filter((p) => p !== '');
  if (parts.length === 0) {
    throw new MsrpError('INVALID_URI', 'empty path');
  }
  return parts.map(parseMsrpUri);
}

export function formatPath(path: readonly MsrpUri[]): string {
  return path.map(formatMsrpUri).join(' ');
}

const UNRESERVED = /%([0-9A-Fa-f]{2})/g;

function normalizeHost(host: string): string {
  const decoded = host.replace(UNRESERVED, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape.toUpperCase();
  });
  const groups = ipv6Groups(decoded);
  if (groups !== undefined) {
    return groups.map((g) => g.toString(16)).join(':');
  }
  return decoded.toLowerCase();
}

/**
 * A string that is equal for two URIs exactly when `msrpUriEquals` says they are equivalent
 * (RFC 4975 §6.1): a map key for session URIs.
 */
export function msrpUriKey(uri: MsrpUri): string {
  return JSON.stringify([
    uri.scheme,
    normalizeHost(uri.host),
    uri.port ?? null,
    uri.sessionId ?? null,
    uri.transport,
  ]);
}

/**
 * URI equivalence per RFC 4975 §6.1: scheme and host case-insensitive (IPv6 addresses compared as
 * addresses, unreserved percent-escapes decoded), userinfo ignored, port present on one side only
 * never equal, session-id case-sensitive, transport case-insensitive.
 */
export function msrpUriEquals(a: MsrpUri, b: MsrpUri): boolean {
  return (
    a.scheme === b.scheme &&
    a.port === b.port &&
    a.sessionId === b.sessionId &&
    a.transport === b.transport &&
    normalizeHost(a.host) === normalizeHost(b.host)
  );
}
