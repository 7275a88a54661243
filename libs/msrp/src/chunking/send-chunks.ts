import { MsrpError } from '../errors.js';
import { formatByteRange } from '../message/byte-range.js';
import {
  HeaderName,
  type Continuation,
  type MsrpHeader,
  type MsrpRequest,
} from '../message/msrp-chunk.js';
import type { FailureReport, SuccessReport } from '../message/report-headers.js';
import { formatHead } from '../codec/chunk-serializer.js';
import { formatPath, type MsrpUri } from '../uri/msrp-uri.js';

/** One message to send, before chunking (RFC 4975 §7.1.1). */
export interface OutgoingContent {
  readonly messageId: string;
  readonly toPath: readonly MsrpUri[];
  readonly fromPath: readonly MsrpUri[];
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Written only when not the default (`no`). */
  readonly successReport?: SuccessReport | undefined;
  /** Written only when not the default (`yes`). */
  readonly failureReport?: FailureReport | undefined;
  /** Further headers, written before Content-Type (e.g. Content-Disposition, Content-ID). */
  readonly headers?: readonly MsrpHeader[] | undefined;
}

/** RFC 4975 §7.1.1: a chunk body above 2048 octets must be interruptible, so its range-end is `*`. */
export const INTERRUPTIBLE_ABOVE = 2048;

/**
 * The SEND request for octets [from, to) (0-based) of `content`. Every chunk carries Message-ID,
 * Byte-Range and the same report headers; a chunk body above 2048 octets says `*` for range-end.
 * `to === from` with `continuation` `#` gives the abort chunk.
 */
export function buildSendChunk(
  content: OutgoingContent,
  transactionId: string,
  from: number,
  to: number,
  continuation: Continuation,
): MsrpRequest {
  const total = content.body.length;
  const size = to - from;
  const headers: MsrpHeader[] = [
    { name: HeaderName.ToPath, value: formatPath(content.toPath) },
    { name: HeaderName.FromPath, value: formatPath(content.fromPath) },
    { name: HeaderName.MessageId, value: content.messageId },
    {
      name: HeaderName.ByteRange,
      value: formatByteRange({
        start: from + 1,
        end: size > INTERRUPTIBLE_ABOVE ? '*' : to,
        total,
      }),
    },
  ];
  if (content.successReport !== undefined && content.successReport !== 'no') {
    headers.push({ name: HeaderName.SuccessReport, value: content.successReport });
  }
  if (content.failureReport !== undefined && content.failureReport !== 'yes') {
    headers.push({ name: HeaderName.FailureReport, value: content.failureReport });
  }
  if (content.headers) {
    headers.push(...content.headers);
  }
  headers.push({ name: HeaderName.ContentType, value: content.contentType });
  return {
    kind: 'request',
    method: 'SEND',
    transactionId,
    headers,
    body: content.body.subarray(from, to),
    continuation,
  };
}

/**
 * The largest body one chunk of `content` can carry so that the whole chunk (head, blank line,
 * body, CRLF, end-line) fits in `maxChunkBytes`, for transaction ids of `transactionIdLength`.
 */
export function maxChunkBody(
  content: OutgoingContent,
  maxChunkBytes: number,
  transactionIdLength: number,
): number {
  const tid = 'x'.repeat(transactionIdLength);
  const total = content.body.length;
  // Worst case Byte-Range digits: start and total both at their longest.
  const probe = buildSendChunk({ ...content, body: new Uint8Array(0) }, tid, total, total, '+');
  const rangeSlack = 2 * String(total).length;
  const head = new TextEncoder().encode(formatHead(probe)).length + rangeSlack;
  const trailer = 2 + 2 + 7 + transactionIdLength + 1 + 2; // blank line, CRLF, end-line
  const room = Math.floor(maxChunkBytes) - head - trailer;
  if (room < 1) {
    throw new MsrpError(
      'INVALID_ARGUMENT',
      `a chunk of at most ${maxChunkBytes} bytes cannot hold the headers (${head + trailer} bytes)`,
    );
  }
  return room;
}

/**
 * Splits `content` into SEND requests of at most `maxChunkBytes` each (RFC 8873 §5.4: one chunk per
 * data channel message, never above the peer's max-message-size). `newTransactionId` gives each
 * chunk its own transaction id.
 */
export function chunkMessage(
  content: OutgoingContent,
  maxChunkBytes: number,
  newTransactionId: () => string,
): MsrpRequest[] {
  const first = newTransactionId();
  const room = maxChunkBody(content, maxChunkBytes, first.length);
  const total = content.body.length;
  const chunks: MsrpRequest[] = [];
  let from = 0;
  let tid = first;
  do {
    const to = Math.min(total, from + room);
    chunks.push(buildSendChunk(content, tid, from, to, to === total ? '$' : '+'));
    from = to;
    tid = newTransactionId();
  } while (from < total);
  return chunks;
}
