import { dataChannelLines, dcmapFromParams, tryParseDcsa } from '@parley/transport';
import { T140Error } from '../errors.js';
import { DEFAULT_CPS } from '../sender/transmission-scheduler.js';
import { parseDcmap, type Dcmap } from './dcmap.js';
import { isT140Direction, type T140Direction } from './direction.js';
import { readSdpLines } from './sdp-lines.js';
import { T140_SUBPROTOCOL } from '../channel/channel-rules.js';

/** A T.140 data channel as an SDP offer or answer describes it (RFC 8865 §4). */
export interface T140ChannelDescription {
  readonly streamId: number;
  /** dcmap label (the remote party's name in multiparty use, RFC 8865 §5.5). */
  readonly label?: string;
  readonly priority?: number;
  /** `a=dcsa:<id> fmtp:t140 cps=<n>`: what the SDP's author can receive. Absent → 30. */
  readonly cps?: number;
  /** `a=dcsa:<id> hlang-send:...` language tags (RFC 8373, modality written). */
  readonly hlangSend?: readonly string[];
  /** `a=dcsa:<id> hlang-recv:...` language tags. */
  readonly hlangRecv?: readonly string[];
  /** `a=dcsa:<id> sendrecv|sendonly|recvonly|inactive`. Absent → implicit sendrecv. */
  readonly direction?: T140Direction;
}

/** The cps that applies to a description (30 when the SDP gives none). */
export function effectiveCps(description: T140ChannelDescription): number {
  return description.cps ?? DEFAULT_CPS;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The T.140 data channels of an SDP (or of an m-section fragment): every `a=dcmap` whose
 * subprotocol is "t140", with its `a=dcsa` attributes. Per RFC 8865 a dcsa with an attribute not
 * defined for T.140, or an fmtp that is not `t140 cps=<n>`, is ignored. A dcmap with `max-retr`,
 * `max-time` or `ordered=false` throws UNRELIABLE_CHANNEL (the answerer must reject such an offer,
 * the offerer must not accept such an answer); a malformed dcmap throws INVALID_SDP.
 */
export function parseT140Channels(sdp: string): T140ChannelDescription[] {
  const { attributes } = readSdpLines(sdp);
  const channels = new Map<string, Mutable<T140ChannelDescription>>();
  for (const line of attributes) {
    if (line.name !== 'dcmap' || line.value === undefined) {
      continue;
    }
    const dcmap = parseDcmap(line.value, line.valueOffset);
    if (dcmap.subprotocol !== T140_SUBPROTOCOL) {
      continue;
    }
    checkReliability(dcmap, line.offset);
    const description: Mutable<T140ChannelDescription> = { streamId: dcmap.streamId };
    if (dcmap.label !== undefined && dcmap.label !== '') {
      description.label = dcmap.label;
    }
    if (dcmap.priority !== undefined) {
      description.priority = dcmap.priority;
    }
    channels.set(`${line.media}/${dcmap.streamId}`, description);
  }
  for (const line of attributes) {
    if (line.name !== 'dcsa' || line.value === undefined) {
      continue;
    }
    const dcsa = tryParseDcsa(line.value);
    const channel = dcsa ? channels.get(`${line.media}/${dcsa.streamId}`) : undefined;
    if (!dcsa || !channel) {
      continue;
    }
    applyDcsa(channel, dcsa.attribute);
  }
  return [...channels.values()];
}

function checkReliability(dcmap: Dcmap, offset: number): void {
  if (dcmap.maxRetr !== undefined || dcmap.maxTime !== undefined || dcmap.ordered === false) {
    throw new T140Error(
      'UNRELIABLE_CHANNEL',
      `T.140 data channel ${dcmap.streamId} is not reliable and ordered (RFC 8865 §4.1 forbids max-retr, max-time and ordered=false)`,
      offset,
    );
  }
}

/** Applies one dcsa attribute to a channel; unknown or malformed ones are ignored (RFC 8864 §6.7). */
function applyDcsa(channel: Mutable<T140ChannelDescription>, attribute: string): void {
  const colon = attribute.indexOf(':');
  const name = colon < 0 ? attribute : attribute.slice(0, colon);
  const value = colon < 0 ? undefined : attribute.slice(colon + 1);
  if (value === undefined) {
    if (isT140Direction(name)) {
      channel.direction = name;
    }
    return;
  }
  switch (name) {
    case 'fmtp': {
      const fmtp = /^t140 cps=(\d{1,9})$/.exec(value);
      const cps = fmtp ? Number(fmtp[1]) : 0;
      if (cps >= 1) {
        channel.cps = cps;
      }
      return;
    }
    case 'hlang-send':
    case 'hlang-recv': {
      const tags = value.split(' ').filter((t) => t !== '');
      if (tags.length > 0 && tags.every((t) => /^(\*|[A-Za-z0-9-]+\*?)$/.test(t))) {
        if (name === 'hlang-send') {
          channel.hlangSend = tags;
        } else {
          channel.hlangRecv = tags;
        }
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The SDP attribute lines (without line ends) that describe a T.140 data channel: the dcmap, then
 * dcsa lines for cps, hlang-send, hlang-recv and direction, in the order of RFC 8865 §4.3.
 */
export function generateT140Attributes(description: T140ChannelDescription): string[] {
  const attributes: string[] = [];
  if (description.cps !== undefined) {
    attributes.push(`fmtp:t140 cps=${description.cps}`);
  }
  if (description.hlangSend && description.hlangSend.length > 0) {
    attributes.push(`hlang-send:${description.hlangSend.join(' ')}`);
  }
  if (description.hlangRecv && description.hlangRecv.length > 0) {
    attributes.push(`hlang-recv:${description.hlangRecv.join(' ')}`);
  }
  if (description.direction !== undefined) {
    attributes.push(description.direction);
  }
  const { streamId, label, priority } = description;
  const dcmap = dcmapFromParams({ streamId, label, subprotocol: T140_SUBPROTOCOL, priority });
  return dataChannelLines({ dcmap, attributes });
}
