import { MsrpError } from '../errors.js';
import { formatPath, parsePath, type MsrpUri } from '../uri/msrp-uri.js';

/** `a=setup` values (RFC 4145, RFC 6135 for MSRP; `holdconn` is ignored on receipt and never sent). */
export type SetupRole = 'active' | 'passive' | 'actpass' | 'holdconn';
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The MSRP attributes of one media description (RFC 4975 §8, RFC 6135, RFC 6714, RFC 7701 §8). */
export interface MsrpMediaAttributes {
  /** `a=path` (mandatory): leftmost = first hop, rightmost = the session URI. */
  readonly path: readonly MsrpUri[];
  /** `a=accept-types` (mandatory): `*`, `type/*` or `type/subtype`, parameters allowed. */
  readonly acceptTypes: readonly string[];
  readonly acceptWrappedTypes?: readonly string[] | undefined;
  /** `a=max-size`: largest complete message, in octets (a hint). */
  readonly maxSize?: number | undefined;
  readonly setup?: SetupRole | undefined;
  /** `a=msrp-cema` (RFC 6714; mandatory on data channels, RFC 8873 §4.2). */
  readonly cema?: boolean | undefined;
  readonly direction?: Direction | undefined;
  /** `a=chatroom[:tokens]` (RFC 7701 §8); an empty list = the bare attribute. */
  readonly chatroom?: readonly string[] | undefined;
  /** Attributes this module does not interpret, as `name[:value]`, in order. */
  readonly other?: readonly string[] | undefined;
}

const SETUP = new Set(['active', 'passive', 'actpass', 'holdconn']);
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
const FORMAT_ENTRY =
  /^(\*|[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+\/(\*|[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+)(;.*)?)$/;

function sdpError(message: string): MsrpError {
  return new MsrpError('INVALID_SDP', message);
}

/** `format-list = format-entry *(SP format-entry)` (RFC 4975 §8.6); extra spaces are tolerated. */
export function parseFormatList(value: string): string[] {
  const entries = value
    .trim()
    .split(/[ \t]+/)
    .filter((e) => e !== '');
  if (entries.length === 0) {
    throw sdpError('empty accept-types list');
  }
  for (const entry of entries) {
    if (!FORMAT_ENTRY.test(entry)) {
      throw sdpError(`"${entry}" is not a format entry`);
    }
  }
  return entries;
}

/** Splits an attribute body `name[:value]`. */
export function splitAttribute(body: string): { name: string; value: string | undefined } {
  const colon = body.indexOf(':');
  return colon < 0
    ? { name: body.trim(), value: undefined }
    : { name: body.slice(0, colon).trim(), value: body.slice(colon + 1) };
}

/**
 * Reads the MSRP attributes from attribute bodies (`path:msrp://...`, `accept-types:text/plain`...,
 * without `a=`). Throws `MsrpError('INVALID_SDP')` when path or accept-types is missing or invalid.
 */
export function parseMsrpAttributes(bodies: readonly string[]): MsrpMediaAttributes {
  let path: MsrpUri[] | undefined;
  let acceptTypes: string[] | undefined;
  let acceptWrappedTypes: string[] | undefined;
  let maxSize: number | undefined;
  let setup: SetupRole | undefined;
  let cema = false;
  let direction: Direction | undefined;
  let chatroom: string[] | undefined;
  const other: string[] = [];
  for (const body of bodies) {
    const { name, value } = splitAttribute(body);
    const v = value?.trim() ?? '';
    switch (name) {
      case 'path':
        try {
          path = parsePath(v);
        } catch (error) {
          throw new MsrpError(
            'INVALID_SDP',
            `a=path: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        break;
      case 'accept-types':
        acceptTypes = parseFormatList(v);
        break;
      case 'accept-wrapped-types':
        acceptWrappedTypes = parseFormatList(v);
        break;
      case 'max-size':
        if (!/^[0-9]{1,15}$/.test(v)) {
          throw sdpError(`a=max-size:${v} is not a number of octets`);
        }
        maxSize = Number(v);
        break;
      case 'setup':
        if (!SETUP.has(v)) {
          throw sdpError(`a=setup:${v} is not active, passive, actpass or holdconn`);
        }
        setup = v as SetupRole;
        break;
      case 'msrp-cema':
        cema = true;
        break;
      case 'chatroom':
        chatroom = v === '' ? [] : v.split(/[ \t]+/);
        break;
      default:
        if (value === undefined && DIRECTIONS.has(name)) {
          direction = name as Direction;
        } else {
          other.push(body);
        }
    }
  }
  if (!path) {
    throw sdpError('a=path is mandatory for MSRP (RFC 4975 §8.2)');
  }
  if (!acceptTypes) {
    throw sdpError('a=accept-types is mandatory for MSRP (RFC 4975 §8.6)');
  }
  return {
    path,
    acceptTypes,
    acceptWrappedTypes,
    maxSize,
    setup,
    cema,
    direction,
    chatroom,
    other,
  };
}

/** Attribute bodies (without `a=`) in a conventional order. */
export function formatMsrpAttributes(attributes: MsrpMediaAttributes): string[] {
  const out: string[] = [];
  if (attributes.cema) {
    out.push('msrp-cema');
  }
  if (attributes.setup !== undefined) {
    if (attributes.setup === 'holdconn') {
      throw sdpError('holdconn must not be sent for MSRP (RFC 6135 §4.1)');
    }
    out.push(`setup:${attributes.setup}`);
  }
  if (attributes.direction !== undefined) {
    out.push(attributes.direction);
  }
  out.push(`accept-types:${attributes.acceptTypes.join(' ')}`);
  if (attributes.acceptWrappedTypes && attributes.acceptWrappedTypes.length > 0) {
    out.push(`accept-wrapped-types:${attributes.acceptWrappedTypes.join(' ')}`);
  }
  if (attributes.maxSize !== undefined) {
    out.push(`max-size:${attributes.maxSize}`);
  }
  if (attributes.chatroom !== undefined) {
    out.push(
      attributes.chatroom.length === 0 ? 'chatroom' : `chatroom:${attributes.chatroom.join(' ')}`,
    );
  }
  out.push(`path:${formatPath(attributes.path)}`);
  out.push(...(attributes.other ?? []));
  return out;
}
