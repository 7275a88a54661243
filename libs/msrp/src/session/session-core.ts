import type { Clock, TypedEmitter } from '@parley/transport';
import { MsrpError } from '../errors.js';
import { msrpUriEquals, type MsrpUri } from '../uri/msrp-uri.js';
import type { MsrpSessionEvents } from './session-types.js';
import type { QueuedWrite } from './write-queue.js';

/** Non-SEND request bodies are capped at 10240 octets (RFC 4975 §7.1). */
export const MAX_NON_SEND_BODY = 10240;

/**
 * What the sending and receiving halves of an MsrpSession share: the session's identity, events,
 * clock and state, and the one way out to the channel.
 */
export interface SessionCore {
  /** The URI that identifies this session here (the last URI of the local path). */
  readonly localUri: MsrpUri;
  readonly events: TypedEmitter<MsrpSessionEvents>;
  readonly clock: Clock;
  readonly closed: boolean;
  /**
   * The peer's path (To-Path of our requests), or undefined until the first request names it when
   * the session was created without one (in-band and WebSocket channels carry no SDP).
   */
  readonly remotePath: readonly MsrpUri[] | undefined;
  /** Learns the peer's path from its first request's From-Path (only while it is unknown). */
  learnRemotePath(path: readonly MsrpUri[]): void;
  /** Queues a response, REPORT or non-SEND request ahead of message chunks, and writes it out. */
  writeControl(item: QueuedWrite): void;
  /** Writes out what is queued. */
  pump(): void;
}

/**
 * Whether a request's From-Path comes from the peer of this session. The sender's own session URI
 * is the rightmost From-Path URI (relays put theirs in front, RFC 4976 §7.2), and the peer's session
 * URI is the rightmost URI of its `a=path` (RFC 4975 §8.2: "the target URI is the rightmost");
 * they are compared per RFC 4975 §6.1. RFC 8873 §4.4: a data-channel endpoint "MUST still perform
 * the MSRP URI comparison procedures". Without relays (RFC 8873 §6 forbids asking for them on a
 * data channel) both paths hold exactly one URI.
 */
export function isFromPeer(fromPath: readonly MsrpUri[], remotePath: readonly MsrpUri[]): boolean {
  const sender = fromPath[fromPath.length - 1];
  const peer = remotePath[remotePath.length - 1];
  return sender !== undefined && peer !== undefined && msrpUriEquals(sender, peer);
}

/** Emits an `error` event: an MsrpError as it is, anything else as PROTOCOL_VIOLATION. */
export function emitSessionError(events: TypedEmitter<MsrpSessionEvents>, error: unknown): void {
  events.emit(
    'error',
    error instanceof MsrpError
      ? error
      : new MsrpError(
          'PROTOCOL_VIOLATION',
          error instanceof Error ? error.message : String(error),
          {
            cause: error,
          },
        ),
  );
}
