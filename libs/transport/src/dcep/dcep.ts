import { TransportError } from '../errors.js';

/** Thrown for bytes that are not a valid DCEP message (RFC 8832 §5). */
export class DcepError extends TransportError {
  override readonly name = 'DcepError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super('INVALID_DCEP', `${message} (at byte ${String(offset)})`);
  }
}

/** DCEP Message Type values (RFC 8832 §8.2.1). */
export const DcepMessageType = { ACK: 0x02, OPEN: 0x03 } as const;

/** DCEP Channel Type values (RFC 8832 §8.2.2); the high bit means unordered. */
export const DcepChannelType = {
  RELIABLE: 0x00,
  RELIABLE_UNORDERED: 0x80,
  PARTIAL_RELIABLE_REXMIT: 0x01,
  PARTIAL_RELIABLE_REXMIT_UNORDERED: 0x81,
  PARTIAL_RELIABLE_TIMED: 0x02,
  PARTIAL_RELIABLE_TIMED_UNORDERED: 0x82,
} as const;
export type DcepChannelType = (typeof DcepChannelType)[keyof typeof DcepChannelType];

const CHANNEL_TYPES = new Set<number>(Object.values(DcepChannelType));

/** DATA_CHANNEL_OPEN (RFC 8832 §5.1). */
export interface DcepOpen {
  readonly type: 'open';
  readonly channelType: DcepChannelType;
  readonly priority: number;
  /** Retransmissions (REXMIT) or lifetime in ms (TIMED); 0 for reliable channels. */
  readonly reliabilityParameter: number;
  readonly label: string;
  readonly protocol: string;
}

export interface DcepAck {
  readonly type: 'ack';
}

export type DcepMessage = DcepOpen | DcepAck;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeDcep(message: DcepMessage): Uint8Array {
  if (message.type === 'ack') {
    return new Uint8Array([DcepMessageType.ACK]);
  }
  const label = encoder.encode(message.label);
  const protocol = encoder.encode(message.protocol);
  if (label.length > 0xffff || protocol.length > 0xffff) {
    throw new DcepError('label or protocol longer than 65535 bytes', 8);
  }
  const out = new Uint8Array(12 + label.length + protocol.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, DcepMessageType.OPEN);
  view.setUint8(1, message.channelType);
  view.setUint16(2, message.priority);
  // RFC 8832 §5.1: reliable channels MUST send 0.
  const reliable = (message.channelType & 0x7f) === 0;
  view.setUint32(4, reliable ? 0 : message.reliabilityParameter);
  view.setUint16(8, label.length);
  view.setUint16(10, protocol.length);
  out.set(label, 12);
  out.set(protocol, 12 + label.length);
  return out;
}

export function decodeDcep(bytes: Uint8Array): DcepMessage {
  if (bytes.length === 0) {
    throw new DcepError('empty message', 0);
  }
  const type = bytes[0];
  if (type === DcepMessageType.ACK) {
    if (bytes.length !== 1) {
      throw new DcepError('DATA_CHANNEL_ACK is one byte', 1);
    }
    return { type: 'ack' };
  }
  if (type !== DcepMessageType.OPEN) {
    throw new DcepError(`unknown message type 0x${(type ?? 0).toString(16)}`, 0);
  }
  if (bytes.length < 12) {
    throw new DcepError('DATA_CHANNEL_OPEN shorter than its 12-byte header', bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channelType = view.getUint8(1);
  if (!CHANNEL_TYPES.has(channelType)) {
    throw new DcepError(`unknown channel type 0x${channelType.toString(16)}`, 1);
  }
  const labelLength = view.getUint16(8);
  const protocolLength = view.getUint16(10);
  if (bytes.length !== 12 + labelLength + protocolLength) {
    throw new DcepError(
      `length ${String(bytes.length)} does not match label and protocol lengths`,
      8,
    );
  }
  const text = (start: number, length: number): string => {
    try {
      return decoder.decode(bytes.subarray(start, start + length));
    } catch {
      throw new DcepError('label or protocol is not UTF-8', start);
    }
  };
  const reliable = (channelType & 0x7f) === 0;
  return {
    type: 'open',
    channelType: channelType as DcepChannelType,
    priority: view.getUint16(2),
    // RFC 8832 §5.1: ignored on receipt for reliable channels.
    reliabilityParameter: reliable ? 0 : view.getUint32(4),
    label: text(12, labelLength),
    protocol: text(12 + labelLength, protocolLength),
  };
}

/** The channel properties a DATA_CHANNEL_OPEN describes. */
export function dcepChannelProperties(open: DcepOpen): {
  ordered: boolean;
  maxRetransmits?: number;
  maxPacketLifeTime?: number;
} {
  const ordered = (open.channelType & 0x80) === 0;
  switch (open.channelType & 0x7f) {
    case 0x01:
      return { ordered, maxRetransmits: open.reliabilityParameter };
    case 0x02:
      return { ordered, maxPacketLifeTime: open.reliabilityParameter };
    default:
      return { ordered };
  }
}
