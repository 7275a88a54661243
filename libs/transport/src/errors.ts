export type TransportErrorCode =
  | 'INVALID_STATE'
  | 'MESSAGE_TOO_LARGE'
  | 'CHANNEL_CLOSED'
  | 'UNSUPPORTED_MESSAGE'
  | 'INVALID_SDP'
  | 'INVALID_DCEP';

/** Base of every error @parley/transport throws. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A call made in a state that does not allow it (sending on a channel that is not open). */
export class InvalidStateError extends TransportError {
  override readonly name = 'InvalidStateError';
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

/** A message larger than the channel's maxMessageSize (the peer's SDP `a=max-message-size`). */
export class MessageTooLargeError extends TransportError {
  override readonly name = 'MessageTooLargeError';
  constructor(
    readonly size: number,
    readonly maxMessageSize: number,
  ) {
    super(
      'MESSAGE_TOO_LARGE',
      `message of ${size} bytes exceeds the channel's maxMessageSize of ${maxMessageSize}`,
    );
  }
}

/** The channel closed while a sender was waiting on it. */
export class ChannelClosedError extends TransportError {
  override readonly name = 'ChannelClosedError';
  constructor(label: string) {
    super('CHANNEL_CLOSED', `channel "${label}" closed`);
  }
}
