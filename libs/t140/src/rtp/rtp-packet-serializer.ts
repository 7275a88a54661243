import { T140Error } from '../errors.js';
import { RTP_HEADER_LENGTH, type RtpPacket } from './rtp-packet.js';

/** Writes an RTP packet. Throws INVALID_RTP_PACKET for field values that do not fit. */
export function serializeRtpPacket(packet: RtpPacket): Uint8Array {
  if (packet.csrcs.length > 15) {
    throw new T140Error('INVALID_RTP_PACKET', `${packet.csrcs.length} CSRCs, at most 15`);
  }
  if (packet.payloadType < 0 || packet.payloadType > 127) {
    throw new T140Error('INVALID_RTP_PACKET', `payload type ${packet.payloadType} is not 0-127`);
  }
  const ext = packet.extension;
  if (ext && ext.data.length % 4 !== 0) {
    throw new T140Error(
      'INVALID_RTP_PACKET',
      'header extension data must be a multiple of 4 bytes',
    );
  }
  const padding = packet.padding ?? 0;
  if (padding < 0 || padding > 255) {
    throw new T140Error('INVALID_RTP_PACKET', `padding ${padding} is not 0-255`);
  }
  const length =
    RTP_HEADER_LENGTH +
    4 * packet.csrcs.length +
    (ext ? 4 + ext.data.length : 0) +
    packet.payload.length +
    padding;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | packet.csrcs.length;
  bytes[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let at = RTP_HEADER_LENGTH;
  for (const csrc of packet.csrcs) {
    view.setUint32(at, csrc >>> 0);
    at += 4;
  }
  if (ext) {
    view.setUint16(at, ext.profile);
    view.setUint16(at + 2, ext.data.length / 4);
    bytes.set(ext.data, at + 4);
    at += 4 + ext.data.length;
  }
  bytes.set(packet.payload, at);
  if (padding > 0) {
    bytes[length - 1] = padding;
  }
  return bytes;
}
