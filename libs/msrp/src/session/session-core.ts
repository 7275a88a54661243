import type { Clock, TypedEmitter } from '@parley/transport';
import { MsrpError } from '../errors.js';
import type { MsrpUri } from '../uri/msrp-uri.js';
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
  /** Queues a response, REPORT or non-SEND request ahead of message chunks, and writes it out. */
  writeControl(item: QueuedWrite): void;
  /** Writes out what is queued. */
  pump(): void;
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
