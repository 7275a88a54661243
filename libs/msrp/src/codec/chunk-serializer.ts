import { MsrpError } from '../errors.js';
import type { MsrpChunk } from '../message/msrp-chunk.js';
import { EndLineScanner } from './end-line-scanner.js';

const encoder = new TextEncoder();

/** The start line and header lines of `chunk`, each ending in CRLF (no blank line, no end-line). */
export function formatHead(chunk: MsrpChunk): string {
  let head =
    chunk.kind === 'request'
      ? `MSRP ${chunk.transactionId} ${chunk.method}\r\n`
      : `MSRP ${chunk.transactionId} ${String(chunk.status).padStart(3, '0')}${chunk.comment === undefined ? '' : ` ${chunk.comment}`}\r\n`;
  for (const header of chunk.headers) {
    head += `${header.name}: ${header.value}\r\n`;
  }
  return head;
}

export interface SerializeOptions {
  /**
   * Check that the body does not contain the end-line (RFC 4975 §7.1 makes that the sender's duty).
   * Default true; a sender that picked a fresh random transaction id for a body it already checked
   * may turn it off.
   */
  readonly checkBody?: boolean;
}

/**
 * The wire bytes of one request or response (RFC 4975 §7.1, §7.2, §9). Headers are written in the
 * order given. Throws `MsrpError('END_LINE_IN_BODY')` when the body contains the end-line.
 */
export function serializeChunk(chunk: MsrpChunk, options: SerializeOptions = {}): Uint8Array {
  const body = chunk.kind === 'request' ? chunk.body : undefined;
  if (chunk.kind === 'response' && chunk.continuation !== '$') {
    // RFC 4975 §7.2: a response is never chunked; its end-line ends with "$".
    throw new MsrpError(
      'INVALID_END_LINE',
      `a response ends with "$", not "${chunk.continuation}"`,
    );
  }
  let head = formatHead(chunk);
  if (body !== undefined) {
    head += '\r\n';
    if ((options.checkBody ?? true) && new EndLineScanner(chunk.transactionId).occursIn(body)) {
      throw new MsrpError(
        'END_LINE_IN_BODY',
        `the body contains the end-line of transaction ${chunk.transactionId}`,
      );
    }
  }
  const endLine = `${body === undefined ? '' : '\r\n'}-------${chunk.transactionId}${chunk.continuation}\r\n`;
  // Head and end-line are mostly ASCII: 3 bytes per UTF-16 unit bounds the UTF-8 length.
  const out = new Uint8Array(3 * head.length + (body?.length ?? 0) + endLine.length);
  let at = encoder.encodeInto(head, out).written;
  if (body !== undefined) {
    out.set(body, at);
    at += body.length;
  }
  for (let i = 0; i < endLine.length; i++) {
    out[at++] = endLine.charCodeAt(i);
  }
  return out.subarray(0, at);
}
