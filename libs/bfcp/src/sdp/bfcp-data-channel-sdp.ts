import { BfcpError } from '../errors.js';
import {
  applyBfcpAttribute,
  bfcpAttributeValues,
  sdpLines,
  type BfcpSdpAttributes,
  type SdpFloor,
} from './bfcp-sdp.js';

/** The data channel subprotocol of our profile (the IANA WebSocket subprotocol name of RFC 8857). */
export const BFCP_SUBPROTOCOL = 'bfcp';

/**
 * A BFCP data channel as our private profile describes it (docs/bfcp.md; no RFC defines one): an
 * `a=dcmap` with subprotocol "bfcp" (RFC 8864) and the RFC 8856 attributes carried in `a=dcsa`.
 */
export interface BfcpDataChannel extends BfcpSdpAttributes {
  readonly streamId: number;
  readonly label: string;
  readonly ordered: boolean;
  readonly maxRetransmits?: number | undefined;
  readonly maxPacketLifeTime?: number | undefined;
  readonly priority?: number | undefined;
}

function bad(message: string): BfcpError {
  return new BfcpError('INVALID_SDP', message);
}

function decodeLabel(quoted: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < quoted.length; i++) {
    const c = quoted[i] as string;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(quoted.slice(i + 1, i + 3))) {
      bytes.push(parseInt(quoted.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(c));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function encodeLabel(label: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(label)) {
    const ok =
      byte === 0x20 ||
      byte === 0x21 ||
      (byte >= 0x23 && byte <= 0x24) ||
      (byte >= 0x26 && byte <= 0x7e);
    out += ok ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Every data channel with subprotocol "bfcp" in an SDP (RFC 8864 a=dcmap), with its dcsa BFCP
 * attributes. Throws INVALID_SDP for malformed BFCP attributes or max-retr together with max-time.
 */
export function parseBfcpDataChannels(sdp: string): BfcpDataChannel[] {
  type Mutable = { -readonly [K in keyof BfcpDataChannel]: BfcpDataChannel[K] } & {
    floors: SdpFloor[];
  };
  const channels = new Map<number, Mutable>();
  const dcsa: [number, string][] = [];
  for (const line of sdpLines(sdp)) {
    const dcmap = /^a=dcmap:(\d{1,5})(?:\s+(.*))?$/.exec(line);
    if (dcmap) {
      const options = new Map<string, string>();
      for (const option of (dcmap[2] ?? '').split(';').filter(Boolean)) {
        const eq = option.indexOf('=');
        options.set(option.slice(0, eq).trim(), option.slice(eq + 1).trim());
      }
      const unquote = (v: string | undefined) =>
        v?.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
      if (unquote(options.get('subprotocol')) !== BFCP_SUBPROTOCOL) {
        continue;
      }
      if (options.has('max-retr') && options.has('max-time')) {
        throw bad(`a=dcmap:${dcmap[1]}: max-retr and max-time are mutually exclusive (RFC 8864)`);
      }
      const num = (name: string) => (options.has(name) ? Number(options.get(name)) : undefined);
      const streamId = Number(dcmap[1]);
      channels.set(streamId, {
        streamId,
        label: decodeLabel(unquote(options.get('label')) ?? ''),
        ordered: options.get('ordered') !== 'false',
        maxRetransmits: num('max-retr'),
        maxPacketLifeTime: num('max-time'),
        priority: num('priority'),
        floors: [],
      });
      continue;
    }
    const sa = /^a=dcsa:(\d{1,5})\s+(.*)$/.exec(line);
    if (sa) {
      dcsa.push([Number(sa[1]), sa[2] ?? '']);
    }
  }
  for (const [streamId, attribute] of dcsa) {
    const channel = channels.get(streamId);
    if (channel) {
      applyBfcpAttribute(channel, attribute);
    }
  }
  return [...channels.values()];
}

/** True when a channel fits our profile: reliable and ordered (so BFCP version 1 rules apply). */
export function isProfileCompliant(channel: BfcpDataChannel): boolean {
  return (
    channel.ordered &&
    channel.maxRetransmits === undefined &&
    channel.maxPacketLifeTime === undefined
  );
}

export interface BfcpDataChannelSdpOptions extends BfcpSdpAttributes {
  readonly streamId: number;
  /** Default "bfcp". */
  readonly label?: string | undefined;
  readonly priority?: number | undefined;
}

/**
 * The lines (`a=dcmap` then one `a=dcsa` per BFCP attribute, CRLF-free) describing a BFCP data
 * channel in our profile: reliable, ordered, subprotocol "bfcp", version 1 by default.
 */
export function bfcpDataChannelLines(options: BfcpDataChannelSdpOptions): string[] {
  const label = options.label ?? BFCP_SUBPROTOCOL;
  const priority = options.priority === undefined ? '' : `;priority=${options.priority}`;
  return [
    `a=dcmap:${options.streamId} subprotocol="${BFCP_SUBPROTOCOL}";label="${encodeLabel(label)}"${priority}`,
    ...bfcpAttributeValues({ ...options, versions: options.versions ?? [1] }).map(
      (v) => `a=dcsa:${options.streamId} ${v}`,
    ),
  ];
}
