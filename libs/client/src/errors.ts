/** Every way a client operation can fail. */
export type ParleyClientErrorCode =
  /** The signaling socket could not be opened, or closed while a request was pending. */
  | 'SIGNALING_CLOSED'
  /** The server answered a request with `{"type":"error"}` (`serverCode` says which). */
  | 'SIGNALING_ERROR'
  /** The token was refused (close codes 4001-4004). */
  | 'AUTH_FAILED'
  /** No answer in time. */
  | 'TIMEOUT'
  /** WebRTC was asked for and this platform has no RTCPeerConnection. */
  | 'WEBRTC_UNAVAILABLE'
  /** The data channels (or fallback WebSockets) did not open. */
  | 'CONNECTION_FAILED'
  /** A call that needs a connected client. */
  | 'NOT_CONNECTED'
  /** The server does not offer this service (chat, real-time text or floor control). */
  | 'NOT_OFFERED'
  /** The REST API answered with an HTTP error (`status`). */
  | 'HTTP_ERROR'
  /** A call that cannot be honoured (unknown floor, empty message...). */
  | 'INVALID_ARGUMENT'
  /** A chair action by a participant who is not a chair. */
  | 'NOT_CHAIR';

/** The one error class of @parley/client. */
export class ParleyClientError extends Error {
  override readonly name = 'ParleyClientError';

  constructor(
    readonly code: ParleyClientErrorCode,
    message: string,
    readonly details: {
      /** The server's error code (`SIGNALING_ERROR`, `AUTH_FAILED`). */
      readonly serverCode?: string;
      /** The WebSocket close code. */
      readonly closeCode?: number;
      /** The HTTP status (`HTTP_ERROR`). */
      readonly status?: number;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message);
  }
}
