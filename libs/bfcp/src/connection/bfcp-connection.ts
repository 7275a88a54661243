import {
  isReliableOrdered,
  systemClock,
  TypedEmitter,
  type ChannelMessage,
  type Clock,
  type MessageChannel,
  type TimerHandle,
  type Unsubscribe,
} from '@parley/transport';
import { BfcpError, BfcpParseError, wireErrorCode } from '../errors.js';
import { COMMON_HEADER_SIZE, decodeCommonHeader } from '../message/common-header.js';
import type { BfcpMessage, BfcpVersion } from '../message/message.js';
import { decodeMessage, type DecodeOptions } from '../message/message-decoder.js';
import { encodeMessage } from '../message/message-encoder.js';
import {
  errorMessage,
  floorRequestStatusAck,
  floorStatusAck,
  goodbyeAck,
  responseHeader,
} from '../message/message-builders.js';
import { Primitive } from '../message/primitive.js';
import { StreamDecoder } from '../message/stream-decoder.js';
import { TransactionIdAllocator } from '../transaction/transaction-id.js';
import { UnreliableTransactions } from '../transaction/unreliable-transactions.js';

/** RFC 8855 §6: reliable (TCP, TLS, WebSocket, reliable data channel) or unreliable (UDP, DTLS...). */
export type BfcpTransportMode = 'reliable' | 'unreliable';
export type BfcpRole = 'client' | 'server';

export interface BfcpConnectionOptions {
  /** `client` (floor participant or chair) or `server` (floor control server). */
  readonly role: BfcpRole;
  /**
   * Default: `reliable` when the channel is reliable and ordered (RFC 8857 rules: Ver 1, TID 0
   * notifications, no retransmission), otherwise `unreliable` (Ver 2, T1/T2, acks, fragmentation).
   */
  readonly mode?: BfcpTransportMode | undefined;
  /**
   * `message` (default): one BFCP message per channel message (data channel, WebSocket, datagram).
   * `stream`: the channel carries a byte stream (TCP), framed by Payload Length; malformed input
   * then closes the channel (RFC 8855 §6.1). Reliable mode only.
   */
  readonly framing?: 'message' | 'stream' | undefined;
  readonly clock?: Clock | undefined;
  readonly decode?: DecodeOptions | undefined;
  /** Unreliable mode: largest datagram before fragmentation. Default min(channel.maxMessageSize, 1200). */
  readonly maxDatagramSize?: number | undefined;
  /** Unreliable mode: initial T1. Default 500 ms. */
  readonly initialT1Ms?: number | undefined;
  /**
   * Reliable mode: give up on a request after this many ms (RFC 8855 sets no limit on reliable
   * transports). Default: wait until the connection closes.
   */
  readonly requestTimeoutMs?: number | undefined;
  /** Transaction IDs of our requests and notifications start after this one. Default 0. */
  readonly initialTransactionId?: number | undefined;
}

/** Bytes that could not be decoded. */
export interface InvalidInput {
  readonly error: BfcpError;
  readonly bytes: Uint8Array;
  /** The Error code answered to the peer, if one was (server role). */
  readonly answeredWith: number | undefined;
}

export interface BfcpConnectionEvents {
  /**
   * Server role: every request from the client (FloorRequest, Hello, ChairAction...). Client role:
   * every server-initiated message (FloorRequestStatus and FloorStatus notifications, Goodbye).
   * Responses to `request()` and acknowledgements are consumed, not emitted.
   */
  message: BfcpMessage;
  invalid: InvalidInput;
  /** Unreliable mode: a transaction failed after its retransmissions (RFC 8855 §8.3.1). */
  broken: BfcpError;
  close: undefined;
}

interface PendingRequest {
  readonly resolve: (message: BfcpMessage) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

const matchKey = (m: { conferenceId: number; transactionId: number; userId: number }) =>
  `${m.conferenceId}/${m.transactionId}/${m.userId}`;

/** Which server-initiated message can stand for the response to a request (RFC 8855 §6.2). */
function supersedes(request: BfcpMessage): (incoming: BfcpMessage) => boolean {
  switch (request.primitive) {
    case Primitive.FloorRequest:
    case Primitive.FloorRelease:
    case Primitive.FloorRequestQuery:
      return (m) => m.primitive === Primitive.FloorRequestStatus;
    case Primitive.FloorQuery:
      return (m) => m.primitive === Primitive.FloorStatus;
    default:
      return () => false;
  }
}

/**
 * One BFCP connection over one MessageChannel (a data channel with subprotocol `bfcp`, a WebSocket
 * per RFC 8857, a TCP stream, or a datagram carrier), for a client or for the floor control server.
 * It encodes and decodes, matches responses to requests by Conference ID, Transaction ID and User
 * ID (RFC 8855 §8), sends server-initiated messages with the right Transaction ID, and on unreliable
 * transports runs UnreliableTransactions (retransmission, acks, fragmentation). Bad input never
 * throws: it is reported as `invalid` and, by a server, answered with the right Error code.
 */
export class BfcpConnection {
  readonly events = new TypedEmitter<BfcpConnectionEvents>();
  readonly role: BfcpRole;
  readonly mode: BfcpTransportMode;
  /** 1 on reliable transports, 2 on unreliable ones (RFC 8855 §5.1). */
  readonly version: BfcpVersion;
  readonly #channel: MessageChannel;
  readonly #clock: Clock;
  readonly #decode: DecodeOptions;
  readonly #requestTimeoutMs: number | undefined;
  readonly #pending = new Map<string, PendingRequest>();
  readonly #transactionIds: TransactionIdAllocator;
  readonly #unreliable: UnreliableTransactions | undefined;
  readonly #stream: StreamDecoder | undefined;
  readonly #unsubscribe: Unsubscribe[] = [];
  #closed = false;

  constructor(channel: MessageChannel, options: BfcpConnectionOptions) {
    this.#channel = channel;
    this.role = options.role;
    this.mode = options.mode ?? (isReliableOrdered(channel.properties) ? 'reliable' : 'unreliable');
    this.version = this.mode === 'reliable' ? 1 : 2;
    this.#clock = options.clock ?? systemClock;
    // RFC 8855 §5.1: over a reliable transport the receiver ignores the F flag.
    this.#decode = { ...options.decode, reliable: this.mode === 'reliable' };
    this.#requestTimeoutMs = options.requestTimeoutMs;
    this.#transactionIds = new TransactionIdAllocator(options.initialTransactionId ?? 0);
    if (this.mode === 'unreliable') {
      this.#unreliable = new UnreliableTransactions(
        (datagram) => {
          this.#sendBytes(datagram);
        },
        this.#clock,
        {
          maxDatagramSize: options.maxDatagramSize ?? Math.min(channel.maxMessageSize, 1200),
          initialT1Ms: options.initialT1Ms,
          decode: this.#decode,
        },
      );
      this.#unreliable.events.on('broken', (error) => {
        this.events.emit('broken', error);
      });
    } else if (options.framing === 'stream') {
      this.#stream = new StreamDecoder(this.#decode);
    }
    this.#unsubscribe.push(
      channel.on('message', (data) => {
        this.#onData(data);
      }),
      channel.on('close', () => {
        this.#shutdown();
      }),
    );
    if (channel.state === 'closed') {
      this.#shutdown();
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The channel underneath (for its label, protocol and back-pressure state). */
  get channel(): MessageChannel {
    return this.#channel;
  }

  /** The next Transaction ID for a request of ours: non-zero, increasing, not in use. */
  nextTransactionId(): number {
    return this.#transactionIds.next((id) =>
      [...this.#pending.keys()].some((k) => k.split('/')[1] === String(id)),
    );
  }

  /**
   * Client side: sends a request and resolves with its response (same Conference ID, Transaction ID
   * and User ID) - an Error message included; the caller decides what an Error means. Rejects with
   * CONNECTION_CLOSED, TRANSACTION_TIMEOUT, or INVALID_ARGUMENT for an unencodable message.
   */
  request(message: BfcpMessage): Promise<BfcpMessage> {
    if (this.#closed) {
      return Promise.reject(new BfcpError('CONNECTION_CLOSED', 'the BFCP connection is closed'));
    }
    const outgoing: BfcpMessage = { ...message, version: this.version, responder: false };
    if (this.#unreliable) {
      return this.#unreliable.request(outgoing, supersedes(outgoing));
    }
    const key = matchKey(outgoing);
    if (this.#pending.has(key)) {
      return Promise.reject(
        new BfcpError('INVALID_STATE', `transaction ${outgoing.transactionId} is already pending`),
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(outgoing);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<BfcpMessage>((resolve, reject) => {
      const timer =
        this.#requestTimeoutMs === undefined
          ? undefined
          : this.#clock.setTimeout(() => {
              this.#pending.delete(key);
              reject(
                new BfcpError(
                  'TRANSACTION_TIMEOUT',
                  `no response to transaction ${outgoing.transactionId} in ${this.#requestTimeoutMs} ms`,
                ),
              );
            }, this.#requestTimeoutMs);
      this.#pending.set(key, { resolve, reject, timer });
      this.#sendBytes(bytes);
    });
  }

  /** Answers a request: copies nothing itself - build `response` with responseHeader(request). */
  respond(request: BfcpMessage, response: BfcpMessage): void {
    if (this.#closed) {
      return;
    }
    const outgoing: BfcpMessage = { ...response, version: this.version };
    if (this.#unreliable) {
      this.#unreliable.respond(request, outgoing);
      return;
    }
    this.#sendBytes(encodeMessage({ ...outgoing, responder: false }));
  }

  /**
   * Server side: a server-initiated message (a FloorRequestStatus or FloorStatus update). Reliable:
   * Transaction ID 0, sent at once. Unreliable: a fresh Transaction ID, retransmitted until the
   * client acknowledges it; resolves when acknowledged (rejects if it never is). Notifications wait
   * for the previous one's acknowledgement (RFC 8855 §6.2); a newer FloorRequestStatus of the same
   * request, or FloorStatus of the same floor, replaces one still waiting.
   */
  notify(message: BfcpMessage): Promise<void> {
    if (this.#closed) {
      return Promise.resolve();
    }
    if (this.#unreliable) {
      return this.#unreliable
        .request(
          { ...message, version: this.version, transactionId: this.nextTransactionId() },
          undefined,
          { coalesceKey: coalesceKey(message) },
        )
        .then(() => undefined);
    }
    this.#sendBytes(
      encodeMessage({ ...message, version: this.version, responder: false, transactionId: 0 }),
    );
    return Promise.resolve();
  }

  /** Closes the channel; pending requests fail with CONNECTION_CLOSED. */
  close(): void {
    this.#channel.close();
    this.#shutdown();
  }

  #sendBytes(bytes: Uint8Array): void {
    if (this.#channel.state !== 'open') {
      return;
    }
    try {
      this.#channel.send(bytes);
    } catch {
      // A channel closing underneath us: the close event ends the connection.
    }
  }

  #onData(data: ChannelMessage): void {
    if (this.#closed) {
      return;
    }
    if (typeof data === 'string') {
      this.#invalid(
        new BfcpParseError(
          'MALFORMED_ATTRIBUTE',
          'a text message on a BFCP channel (BFCP is binary)',
          0,
        ),
        new TextEncoder().encode(data),
      );
      return;
    }
    if (this.#unreliable) {
      let result;
      try {
        result = this.#unreliable.receive(data);
      } catch (error) {
        this.#invalid(asBfcpError(error), data);
        return;
      }
      if (result.kind === 'request') {
        this.#deliver(result.message);
      }
      return;
    }
    if (this.#stream) {
      this.#stream.push(data);
      for (;;) {
        let result;
        try {
          result = this.#stream.next();
        } catch (error) {
          this.#invalid(asBfcpError(error), data);
          this.close();
          return;
        }
        if (result.kind === 'incomplete') {
          return;
        }
        this.#onMessage(result.message, result.bytes);
      }
    }
    let message: BfcpMessage;
    try {
      message = decodeMessage(data, this.#decode);
    } catch (error) {
      this.#invalid(asBfcpError(error), data);
      return;
    }
    this.#onMessage(message, data);
  }

  #onMessage(message: BfcpMessage, bytes: Uint8Array): void {
    if (message.version !== this.version) {
      this.#invalid(
        new BfcpParseError(
          'UNSUPPORTED_VERSION',
          `version ${message.version} is not allowed on a ${this.mode} transport (expected ${this.version})`,
          0,
        ),
        bytes,
      );
      return;
    }
    const pending = message.transactionId === 0 ? undefined : this.#pending.get(matchKey(message));
    if (pending) {
      this.#pending.delete(matchKey(message));
      if (pending.timer !== undefined) {
        this.#clock.clearTimeout(pending.timer);
      }
      pending.resolve(message);
      return;
    }
    this.#deliver(message);
  }

  #deliver(message: BfcpMessage): void {
    if (this.role === 'client') {
      // Acknowledge what the server initiates (unreliable transports) and answer Goodbye.
      const header = responseHeader(message);
      if (message.primitive === Primitive.Goodbye) {
        this.respond(message, goodbyeAck(header));
      } else if (this.#unreliable && message.primitive === Primitive.FloorRequestStatus) {
        this.respond(message, floorRequestStatusAck(header));
      } else if (this.#unreliable && message.primitive === Primitive.FloorStatus) {
        this.respond(message, floorStatusAck(header));
      }
    }
    this.events.emit('message', message);
  }

  #invalid(error: BfcpError, bytes: Uint8Array): void {
    let answeredWith: number | undefined;
    const code = wireErrorCode(error.code);
    if (this.role === 'server' && code !== undefined && bytes.length >= COMMON_HEADER_SIZE) {
      // Answer with an Error when the header can be read (RFC 8855 §5.1, §6.2, §13.8).
      let header;
      try {
        header = decodeCommonHeader(bytes);
      } catch {
        header = undefined;
      }
      const r = (bytes[0] as number) & 0x10;
      if (!(r !== 0 && this.#unreliable)) {
        const copy = {
          conferenceId: header?.conferenceId ?? readU32(bytes, 4),
          transactionId: header?.transactionId ?? readU16(bytes, 8),
          userId: header?.userId ?? readU16(bytes, 10),
        };
        const reply = errorMessage(
          { ...copy, version: this.version, responder: this.version === 2 },
          { code, info: error.message.slice(0, 200) },
        );
        this.#sendBytes(encodeMessage(reply));
        answeredWith = code;
      }
    }
    this.events.emit('invalid', { error, bytes, answeredWith });
  }

  #shutdown(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const off of this.#unsubscribe.splice(0)) {
      off();
    }
    const error = new BfcpError('CONNECTION_CLOSED', 'the BFCP connection closed');
    for (const pending of this.#pending.values()) {
      if (pending.timer !== undefined) {
        this.#clock.clearTimeout(pending.timer);
      }
      pending.reject(error);
    }
    this.#pending.clear();
    this.#unreliable?.close();
    this.events.emit('close');
  }
}

/** What a notification describes: a newer FloorRequestStatus or FloorStatus of it replaces an older one. */
function coalesceKey(message: BfcpMessage): string | undefined {
  const first = message.attributes[0];
  if (
    message.primitive === Primitive.FloorRequestStatus &&
    first?.type === 'FLOOR-REQUEST-INFORMATION'
  ) {
    return `frs/${message.userId}/${first.value}`;
  }
  if (message.primitive === Primitive.FloorStatus && first?.type === 'FLOOR-ID') {
    return `fs/${message.userId}/${first.value}`;
  }
  return undefined;
}

function asBfcpError(error: unknown): BfcpError {
  return error instanceof BfcpError
    ? error
    : new BfcpParseError('MALFORMED_ATTRIBUTE', String(error), 0);
}

function readU16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) * 0x1000000 + ((readU16(bytes, at + 1) << 8) | (bytes[at + 3] as number))
  );
}
