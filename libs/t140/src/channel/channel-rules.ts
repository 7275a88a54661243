import { isReliableOrdered, type MessageChannel } from '@parley/transport';
import { T140Error } from '../errors.js';

/** The data-channel subprotocol of T.140 (RFC 8865 §3, IANA WebSocket Subprotocol Name registry). */
export const T140_SUBPROTOCOL = 't140';

/**
 * Throws unless the channel may carry T.140 (RFC 8865 §3): subprotocol `t140`, reliable (no
 * maxRetransmits, no maxPacketLifeTime) and ordered.
 */
export function assertT140Channel(channel: MessageChannel): void {
  if (channel.protocol !== T140_SUBPROTOCOL) {
    throw new T140Error(
      'WRONG_SUBPROTOCOL',
      `channel "${channel.label}" has subprotocol "${channel.protocol}", not "${T140_SUBPROTOCOL}"`,
    );
  }
  if (!isReliableOrdered(channel.properties)) {
    const p = channel.properties;
    throw new T140Error(
      'UNRELIABLE_CHANNEL',
      `channel "${channel.label}" is not reliable and ordered (ordered=${p.ordered}, maxRetransmits=${String(p.maxRetransmits)}, maxPacketLifeTime=${String(p.maxPacketLifeTime)}); RFC 8865 requires both`,
    );
  }
}
