import { sendToPlatform, type PlatformSender } from '../channel/channel-data.js';
import { MessageChannelBase } from '../channel/message-channel-base.js';
import type {
  ChannelMessage,
  ChannelProperties,
  ChannelState,
} from '../channel/message-channel.js';

/** The part of the W3C RTCDataChannel this adapter uses (browsers, @roamhq/wrtc, node-datachannel's polyfill). */
export interface RtcDataChannelLike extends PlatformSender {
  readonly label: string;
  readonly protocol: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  readonly readyState: ChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly error?: unknown }) => void): void;
}

export interface RtcDataChannelAdapterOptions {
  /**
   * The peer's `a=max-message-size` (RTCSctpTransport.maxMessageSize). Default 65536, the RFC 8841
   * default when the peer says nothing.
   */
  readonly maxMessageSize?: number;
}

/**
 * null means "not limited" in the W3C API. Some libwebrtc builds (seen with @roamhq/wrtc 0.10 on
 * negotiated channels) report 65535, libwebrtc's internal "unset", instead: read it as unset too.
 */
function reliabilityLimit(value: number | null): number | undefined {
  return value === null || value === 0xffff ? undefined : value;
}

/** A W3C RTCDataChannel as a MessageChannel. */
export class RtcDataChannelAdapter extends MessageChannelBase {
  readonly maxMessageSize: number;
  readonly properties: ChannelProperties;

  constructor(
    readonly channel: RtcDataChannelLike,
    options: RtcDataChannelAdapterOptions = {},
  ) {
    super();
    const size = options.maxMessageSize ?? 65536;
    this.maxMessageSize = size === 0 ? Number.POSITIVE_INFINITY : size;
    this.properties = {
      ordered: channel.ordered,
      maxRetransmits: reliabilityLimit(channel.maxRetransmits),
      maxPacketLifeTime: reliabilityLimit(channel.maxPacketLifeTime),
      negotiated: channel.negotiated,
      id: channel.id ?? undefined,
    };
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('open', () => {
      this.events.emit('open');
    });
    channel.addEventListener('message', (event) => {
      this.emitPlatformMessage(event.data, 'data channel');
    });
    channel.addEventListener('bufferedamountlow', () => {
      this.events.emit('bufferedamountlow');
    });
    channel.addEventListener('error', (event) => {
      this.emitPlatformError(event.error, 'data channel error');
    });
    channel.addEventListener('close', () => {
      this.events.emit('close', {});
    });
  }

  get label(): string {
    return this.channel.label;
  }

  get protocol(): string {
    return this.channel.protocol;
  }

  get state(): ChannelState {
    return this.channel.readyState;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  get bufferedAmountLowThreshold(): number {
    return this.channel.bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.channel.bufferedAmountLowThreshold = value;
  }

  send(message: ChannelMessage): void {
    this.checkSendable(message, 'data channel');
    sendToPlatform(this.channel, message);
  }

  close(): void {
    this.channel.close();
  }
}
