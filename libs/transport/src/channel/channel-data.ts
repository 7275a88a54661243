import type { ChannelMessage } from './message-channel.js';

/** Turns whatever a platform delivers as message data into a string or a Uint8Array (undefined: not message data). */
export function toChannelData(data: unknown): ChannelMessage | undefined {
  if (typeof data === 'string') {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return undefined;
}

/** A W3C-style `send` with one overload per data kind (RTCDataChannel, WebSocket). */
export interface PlatformSender {
  send(data: string): void;
  // Two overloads, not a union: the platform types declare one overload per data kind.
  // eslint-disable-next-line @typescript-eslint/unified-signatures
  send(data: ArrayBufferView<ArrayBuffer>): void;
}

/** Hands a message to the platform overload for its kind. */
export function sendToPlatform(target: PlatformSender, message: ChannelMessage): void {
  if (typeof message === 'string') {
    target.send(message);
  } else {
    target.send(message as Uint8Array<ArrayBuffer>);
  }
}
