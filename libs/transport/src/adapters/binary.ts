/** Turns whatever a platform delivers as message data into a string or a Uint8Array (undefined: not message data). */
export function toChannelData(data: unknown): string | Uint8Array | undefined {
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
