import type { ChannelProperties, DataChannelDescription, MessageChannel } from '@parley/transport';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import type { Participant } from '../rooms/participant.js';

/** The participant a channel belongs to, whatever carries it. */
export interface ChannelOwner {
  readonly participantId: string;
  readonly identity: ParticipantIdentity;
  /** `webrtc` for data channels, `websocket` for the WebSocket fallbacks. */
  readonly transport: 'webrtc' | 'websocket';
}

export type NegotiationDecision =
  | {
      readonly accept: true;
      /** dcsa attribute bodies for the answer. */ readonly attributes: readonly string[];
    }
  | { readonly accept: false; readonly reason: string };

/**
 * What serves one subprotocol (`msrp`, `t140`, `bfcp`): the checks a channel must pass, and the
 * engine session a channel is handed to.
 */
export interface ProtocolHandler {
  readonly protocol: string;
  /** Why a channel with these properties cannot carry the protocol, or undefined when it can. */
  refuseProperties(properties: ChannelProperties): string | undefined;
  /** Decides on a channel offered in SDP (RFC 8864 dcmap + dcsa) and gives the answer's dcsa lines. */
  negotiate(offered: DataChannelDescription, owner: ChannelOwner): NegotiationDecision;
  /** Takes over an accepted channel (open or about to open) for its whole life. */
  attach(channel: MessageChannel, owner: ChannelOwner): void;
  /** What a participant needs to know to use the service (`joined.services[protocol]`). */
  describe?(participant: Participant): Record<string, unknown>;
}

/** The rule MSRP (RFC 8873 §3.1), T.140 (RFC 8865 §3) and BFCP share: reliable and ordered. */
export function refuseUnlessReliableOrdered(
  protocol: string,
  properties: ChannelProperties,
): string | undefined {
  if (properties.maxRetransmits !== undefined || properties.maxPacketLifeTime !== undefined) {
    return `${protocol} needs a reliable channel (no maxRetransmits/maxPacketLifeTime)`;
  }
  if (!properties.ordered) {
    return `${protocol} needs an ordered channel`;
  }
  return undefined;
}
