import {
  DataChannelSdpError,
  dataChannelLines,
  dcmapParams,
  parseDcmap,
  tryParseDcsa,
  type Dcmap,
  type Dcsa,
} from '@parley/transport';
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

/** Parses an `a=dcmap` value with @parley/transport's RFC 8864 grammar; throws INVALID_SDP. */
function readDcmap(value: string): Dcmap {
  try {
    return parseDcmap(value);
  } catch (error) {
    if (error instanceof DataChannelSdpError) {
      throw new BfcpError('INVALID_SDP', `malformed a=dcmap (RFC 8864 §5.1): ${error.message}`);
    }
    throw error;
  }
}

/**
 * Every data channel with subprotocol "bfcp" in an SDP (RFC 8864 a=dcmap), with its dcsa BFCP
 * attributes. Throws INVALID_SDP for a malformed a=dcmap (max-retr together with max-time
 * included) or malformed BFCP attributes; a malformed a=dcsa names no channel and is ignored.
 */
export function parseBfcpDataChannels(sdp: string): BfcpDataChannel[] {
  type Mutable = { -readonly [K in keyof BfcpDataChannel]: BfcpDataChannel[K] } & {
    floors: SdpFloor[];
  };
  const channels = new Map<number, Mutable>();
  const dcsa: Dcsa[] = [];
  for (const line of sdpLines(sdp)) {
    if (line.startsWith('a=dcmap:')) {
      const dcmap = readDcmap(line.slice('a=dcmap:'.length));
      if (dcmap.subprotocol !== BFCP_SUBPROTOCOL) {
        continue;
      }
      channels.set(dcmap.streamId, {
        streamId: dcmap.streamId,
        label: dcmap.label,
        ordered: dcmap.ordered,
        maxRetransmits: dcmap.maxRetr,
        maxPacketLifeTime: dcmap.maxTime,
        priority: dcmapParams(dcmap).priority,
        floors: [],
      });
    } else if (line.startsWith('a=dcsa:')) {
      const attribute = tryParseDcsa(line.slice('a=dcsa:'.length));
      if (attribute) {
        dcsa.push(attribute);
      }
    }
  }
  for (const { streamId, attribute } of dcsa) {
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
  const priority = options.priority;
  const dcmap: Dcmap = {
    streamId: options.streamId,
    subprotocol: BFCP_SUBPROTOCOL,
    label: options.label ?? BFCP_SUBPROTOCOL,
    ordered: true,
    priority: priority ?? 256,
    paramOrder: ['subprotocol', 'label', ...(priority === undefined ? [] : ['priority' as const])],
  };
  return dataChannelLines({
    dcmap,
    attributes: bfcpAttributeValues({ ...options, versions: options.versions ?? [1] }),
  });
}
