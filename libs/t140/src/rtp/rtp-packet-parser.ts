import { T140Error } from '../errors.js';
import { RTP_HEADER_LENGTH, type RtpPacket } from './rtp-packet.js';

function invalid(message: string, offset: number): T140Error {
  return new T140Error('INVALID_RTP_PACKET', message, offset);
}

/** Parses one RTP packet; throws INVALID_RTP_PACKET (with the byte offset) when it is malformed. */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.length < RTP_HEADER_LENGTH) {
    throw invalid(
      `RTP packet of ${bytes.length} bytes is shorter than the 12-byte header`,
      bytes.length,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  if (b0 >> 6 !== 2) {
    throw invalid(`RTP version ${b0 >> 6}, expected 2`, 0);
  }
  const hasPadding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  let at = RTP_HEADER_LENGTH;
  if (bytes.length < at + 4 * csrcCount) {
    throw invalid(`CSRC list of ${csrcCount} entries runs past the packet end`, bytes.length);
  }
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) {
    csrcs.push(view.getUint32(at));
    at += 4;
  }
  let extension: RtpPacket['extension'];
  if (hasExtension) {
    if (bytes.length < at + 4) {
      throw invalid('header extension runs past the packet end', bytes.length);
    }
    const profile = view.getUint16(at);
    const words = view.getUint16(at + 2);
    if (bytes.length < at + 4 + 4 * words) {
      throw invalid(`header extension of ${words} words runs past the packet end`, bytes.length);
    }
    extension = { profile, data: bytes.slice(at + 4, at + 4 + 4 * words) };
    at += 4 + 4 * words;
  }
  let end = bytes.length;
  let padding: number | undefined;
  if (hasPadding) {
    padding = bytes[bytes.length - 1] ?? 0;
    if (padding === 0 || at + padding > bytes.length) {
      throw invalid(`padding count ${padding} does not fit the packet`, bytes.length - 1);
    }
    end -= padding;
  }
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    ...(extension ? { extension } : {}),
    ...(padding !== undefined ? { padding } : {}),
    payload: bytes.slice(at, end),
  };
}
