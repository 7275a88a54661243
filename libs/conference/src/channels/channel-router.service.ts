import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { DataChannelDescription, MessageChannel } from '@parley/transport';
import { PROTOCOL_HANDLERS } from '../parley.tokens.js';
import type { Participant } from '../rooms/participant.js';
import type { ChannelOwner, NegotiationDecision, ProtocolHandler } from './protocol-handler.js';

/** Routes every opened channel, by subprotocol, to the engine session that serves it. */
@Injectable()
export class ChannelRouter {
  readonly #logger = new Logger('ChannelRouter');
  readonly #handlers = new Map<string, ProtocolHandler>();

  constructor(@Optional() @Inject(PROTOCOL_HANDLERS) handlers: readonly ProtocolHandler[] | null) {
    for (const handler of handlers ?? []) {
      this.register(handler);
    }
  }

  register(handler: ProtocolHandler): void {
    if (this.#handlers.has(handler.protocol)) {
      throw new Error(`a handler for subprotocol "${handler.protocol}" is already registered`);
    }
    this.#handlers.set(handler.protocol, handler);
  }

  /** Subprotocols served, in registration order. */
  get protocols(): string[] {
    return [...this.#handlers.keys()];
  }

  /** `joined.services`: each handler's description for the participant. */
  describeServices(participant: Participant): Record<string, unknown> {
    const services: Record<string, unknown> = {};
    for (const [protocol, handler] of this.#handlers) {
      const description = handler.describe?.(participant);
      if (description) {
        services[protocol] = description;
      }
    }
    return services;
  }

  handler(protocol: string): ProtocolHandler | undefined {
    return this.#handlers.get(protocol);
  }

  /** Decides on an SDP-offered channel (RFC 8864): unknown subprotocols and wrong properties are refused. */
  negotiate(offered: DataChannelDescription, owner: ChannelOwner): NegotiationDecision {
    const { dcmap } = offered;
    const handler = this.#handlers.get(dcmap.subprotocol);
    if (!handler) {
      return { accept: false, reason: `unknown subprotocol "${dcmap.subprotocol}"` };
    }
    const refused = handler.refuseProperties({
      ordered: dcmap.ordered,
      maxRetransmits: dcmap.maxRetr,
      maxPacketLifeTime: dcmap.maxTime,
      negotiated: true,
      id: dcmap.streamId,
    });
    if (refused) {
      return { accept: false, reason: refused };
    }
    return handler.negotiate(offered, owner);
  }

  /**
   * Hands a channel to its protocol's handler. A channel nobody serves, or whose properties do not
   * suit its protocol, is closed with a logged reason. Returns whether it was accepted.
   */
  route(channel: MessageChannel, owner: ChannelOwner): boolean {
    const handler = this.#handlers.get(channel.protocol);
    const refusal = handler
      ? handler.refuseProperties(channel.properties)
      : `unknown subprotocol "${channel.protocol}"`;
    if (!handler || refusal) {
      this.#logger.warn(
        `closing ${owner.transport} channel "${channel.label}" of ${owner.identity.identity} in ${owner.identity.room}: ${refusal ?? ''}`,
      );
      channel.close();
      return false;
    }
    handler.attach(channel, owner);
    return true;
  }
}
