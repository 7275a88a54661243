import { BfcpError } from '../errors.js';

/** a=floorctrl roles (RFC 8856 §5.1). `c-s` is legacy: accepted in offers, never sent. */
export type FloorControlRole = 'c-only' | 's-only' | 'c-s';

/** The m-line protos of RFC 8856 §4 and RFC 8857. */
export const BFCP_PROTOS = [
  'TCP/BFCP',
  'TCP/TLS/BFCP',
  'UDP/BFCP',
  'UDP/TLS/BFCP',
  'TCP/DTLS/BFCP',
  'TCP/WS/BFCP',
  'TCP/WSS/BFCP',
] as const;
export type BfcpProto = (typeof BFCP_PROTOS)[number];

/** One floor and the `a=label` values of the media streams it controls (a=floorid). */
export interface SdpFloor {
  readonly floorId: number;
  readonly mediaStreams: readonly string[];
}

/** The BFCP attributes of an m-section (RFC 8856 §5). */
export interface BfcpSdpAttributes {
  readonly floorControl?: readonly FloorControlRole[] | undefined;
  readonly conferenceId?: number | undefined;
  readonly userId?: number | undefined;
  readonly floors: readonly SdpFloor[];
  /** a=bfcpver; absent means the default of the proto (see `effectiveVersions`). */
  readonly versions?: readonly number[] | undefined;
}

/** An `m=application <port> <proto> *` section carrying BFCP. */
export interface BfcpMediaDescription extends BfcpSdpAttributes {
  readonly port: number;
  readonly proto: BfcpProto;
  /** a=setup (RFC 4145), a=connection, a=websocket-uri (RFC 8857), when present. */
  readonly setup?: string | undefined;
  readonly connection?: string | undefined;
  readonly websocketUri?: string | undefined;
}

function bad(message: string): BfcpError {
  return new BfcpError('INVALID_SDP', message);
}

function digits(value: string, what: string, max: number): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > max) {
    throw bad(`${what}: expected 1*DIGIT up to ${max}, got "${value}"`);
  }
  return Number(value);
}

/**
 * Reads one BFCP attribute value (the part after `a=`): floorctrl, confid, userid, floorid (with
 * `mstrm:` or the legacy `m-stream:`), bfcpver. Returns false for attributes that are not BFCP's.
 */
export function applyBfcpAttribute(
  target: { -readonly [K in keyof BfcpSdpAttributes]: BfcpSdpAttributes[K] } & {
    floors: SdpFloor[];
  },
  attribute: string,
): boolean {
  const colon = attribute.indexOf(':');
  const name = colon < 0 ? attribute : attribute.slice(0, colon);
  const value = colon < 0 ? '' : attribute.slice(colon + 1).trim();
  switch (name) {
    case 'floorctrl': {
      const roles = value.split(/\s+/).filter(Boolean);
      if (
        roles.length === 0 ||
        roles.some((r) => r !== 'c-only' && r !== 's-only' && r !== 'c-s')
      ) {
        throw bad(`a=floorctrl: roles are c-only, s-only, c-s; got "${value}"`);
      }
      target.floorControl = roles as FloorControlRole[];
      return true;
    }
    case 'confid':
      target.conferenceId = digits(value, 'a=confid', 0xffffffff);
      return true;
    case 'userid':
      target.userId = digits(value, 'a=userid', 0xffff);
      return true;
    case 'floorid': {
      const m = /^(\d+)\s+(?:mstrm|m-stream):(\S+(?:\s+\S+)*)$/.exec(value);
      if (!m) {
        throw bad(`a=floorid: expected "<id> mstrm:<label> ..." , got "${value}"`);
      }
      target.floors.push({
        floorId: digits(m[1] ?? '', 'a=floorid', 0xffff),
        mediaStreams: (m[2] ?? '').split(/\s+/),
      });
      return true;
    }
    case 'bfcpver': {
      const versions = value.split(/\s+/).filter(Boolean);
      if (versions.length === 0) {
        throw bad('a=bfcpver: at least one version');
      }
      target.versions = versions.map((v) => digits(v, 'a=bfcpver', 7));
      return true;
    }
    default:
      return false;
  }
}

/** Splits an SDP into lines (CRLF or LF), dropping empty ones. */
export function sdpLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((l) => l.length > 0);
}

/**
 * Every BFCP m-section of an SDP (or of an SDP fragment), in order. Throws BfcpError INVALID_SDP
 * for a malformed BFCP attribute.
 */
export function parseBfcpMedia(sdp: string): BfcpMediaDescription[] {
  const out: BfcpMediaDescription[] = [];
  let current: (Record<string, unknown> & { floors: SdpFloor[] }) | undefined;
  const flush = () => {
    if (current) {
      out.push(current as unknown as BfcpMediaDescription);
    }
    current = undefined;
  };
  for (const line of sdpLines(sdp)) {
    if (line.startsWith('m=')) {
      flush();
      const [media, port, proto] = line.slice(2).split(/\s+/);
      if (media === 'application' && (BFCP_PROTOS as readonly string[]).includes(proto ?? '')) {
        current = { port: digits(port ?? '', 'm-line port', 65535), proto, floors: [] };
      }
      continue;
    }
    if (!current || !line.startsWith('a=')) {
      continue;
    }
    const attribute = line.slice(2);
    if (applyBfcpAttribute(current, attribute)) {
      continue;
    }
    const [name, ...rest] = attribute.split(':');
    const value = rest.join(':');
    if (name === 'setup') {
      current['setup'] = value;
    } else if (name === 'connection') {
      current['connection'] = value;
    } else if (name === 'websocket-uri') {
      current['websocketUri'] = value;
    }
  }
  flush();
  return out;
}

/** The versions in force: a=bfcpver, or 1 on reliable protos and 2 on UDP ones (RFC 8856 §5.5). */
export function effectiveVersions(media: {
  proto: BfcpProto;
  versions?: readonly number[] | undefined;
}): number[] {
  if (media.versions && media.versions.length > 0) {
    return [...media.versions];
  }
  return media.proto.startsWith('UDP/') ? [2] : [1];
}

/** The BFCP attribute lines (without `a=`) for an m-section or a dcsa, in RFC 8856 §11 order. */
export function bfcpAttributeValues(attributes: BfcpSdpAttributes): string[] {
  const out: string[] = [];
  if (attributes.floorControl) {
    if (attributes.floorControl.includes('c-s')) {
      throw new BfcpError('INVALID_ARGUMENT', 'a=floorctrl:c-s must not be sent (RFC 8856 §5.1)');
    }
    out.push(`floorctrl:${attributes.floorControl.join(' ')}`);
  }
  if (attributes.conferenceId !== undefined) {
    out.push(`confid:${attributes.conferenceId}`);
  }
  if (attributes.userId !== undefined) {
    out.push(`userid:${attributes.userId}`);
  }
  for (const floor of attributes.floors) {
    out.push(`floorid:${floor.floorId} mstrm:${floor.mediaStreams.join(' ')}`);
  }
  if (attributes.versions) {
    out.push(`bfcpver:${attributes.versions.join(' ')}`);
  }
  return out;
}

/** An m-section for BFCP: the m-line, setup/connection/websocket-uri, then the BFCP attributes (CRLF). */
export function generateBfcpMedia(media: BfcpMediaDescription): string {
  const lines = [`m=application ${media.port} ${media.proto} *`];
  if (media.setup !== undefined) {
    lines.push(`a=setup:${media.setup}`);
  }
  if (media.connection !== undefined) {
    lines.push(`a=connection:${media.connection}`);
  }
  if (media.websocketUri !== undefined) {
    lines.push(`a=websocket-uri:${media.websocketUri}`);
  }
  lines.push(...bfcpAttributeValues(media).map((v) => `a=${v}`));
  return lines.map((l) => `${l}\r\n`).join('');
}

/**
 * The answerer's a=floorctrl (RFC 8856 §5.1, §10.2): exactly one role, the opposite of the
 * offerer's; with "c-only s-only" (or legacy c-s) offered, the answerer picks `prefer`. No
 * a=floorctrl in the offer (an RFC 4583 peer): the offerer is the client, so the answerer is the server.
 */
export function answerFloorControlRole(
  offered: readonly FloorControlRole[] | undefined,
  prefer: 'c-only' | 's-only',
): 'c-only' | 's-only' {
  if (!offered || offered.length === 0) {
    return 's-only';
  }
  const client = offered.includes('c-only') || offered.includes('c-s');
  const server = offered.includes('s-only') || offered.includes('c-s');
  if (client && server) {
    return prefer;
  }
  return client ? 's-only' : 'c-only';
}

/** Versions both sides support (the answer's a=bfcpver); empty means reject the stream (port 0). */
export function negotiateVersions(
  offered: readonly number[],
  supported: readonly number[],
): number[] {
  return offered.filter((v) => supported.includes(v));
}
