import { WebSocketAdapter, type Unsubscribe } from '@parley/transport';
import { ParleyClientError } from '../errors.js';
import type { ClientPlatform } from '../platform.js';
import {
  whenAllOpen,
  type ConferenceChannels,
  type ConferenceProtocol,
} from './conference-channels.js';

export interface WebSocketChannelOptions {
  readonly platform: ClientPlatform;
  /** ws[s]://host[:port] */
  readonly wsBase: string;
  readonly token: string;
  readonly maxMessageSize: number;
  readonly msrpLocalPath: string;
  readonly openTimeoutMs: number;
  /** The endpoints to open (the services the server offers). */
  readonly protocols: readonly ConferenceProtocol[];
}

/**
 * The WebSocket fallbacks (docs/signaling.md): `/msrp` (RFC 7977), `/t140` (Parley's profile) and
 * `/bfcp` (RFC 8857), each with its subprotocol and the token in the query string. On `/t140` the
 * server sends everyone's text as one RFC 9071 presentation ("mixed").
 */
export class WebSocketChannels implements ConferenceChannels {
  readonly transport = 'websocket' as const;

  private constructor(
    readonly channels: ReadonlyMap<ConferenceProtocol, WebSocketAdapter>,
    readonly msrpLocalPath: string,
  ) {}

  static async open(options: WebSocketChannelOptions): Promise<WebSocketChannels> {
    const open = (protocol: string): WebSocketAdapter =>
      new WebSocketAdapter(
        options.platform.createWebSocket(
          `${options.wsBase}/${protocol}?token=${encodeURIComponent(options.token)}`,
          [protocol],
        ),
        { label: protocol, maxMessageSize: options.maxMessageSize, clock: options.platform.clock },
      );
    const channels = new WebSocketChannels(
      new Map(options.protocols.map((protocol) => [protocol, open(protocol)])),
      options.msrpLocalPath,
    );
    try {
      await whenAllOpen(
        [...channels.channels.values()],
        (callback, ms) => {
          const timer = options.platform.clock.setTimeout(callback, ms);
          return () => {
            options.platform.clock.clearTimeout(timer);
          };
        },
        options.openTimeoutMs,
      );
    } catch (error) {
      channels.close();
      throw new ParleyClientError('CONNECTION_FAILED', (error as Error).message, { cause: error });
    }
    return channels;
  }

  onRemoteText(): Unsubscribe {
    return () => undefined;
  }

  close(): void {
    for (const channel of this.channels.values()) {
      if (channel.state === 'open' || channel.state === 'connecting') {
        channel.close();
      }
    }
  }
}
