import { MsrpParseError, type PartialChunk } from '../errors.js';
import type { Continuation, MsrpChunk } from '../message/msrp-chunk.js';
import { EndLineScanner } from './end-line-scanner.js';
import { parseHead, type ParsedHead } from './head-parser.js';

/** Limits on hostile input. */
export interface MsrpParserOptions {
  /** Start line plus headers plus the blank line, in bytes. Default 16384. */
  readonly maxHeaderBytes?: number;
  /** Body of one chunk, in bytes. Default 16 MiB. */
  readonly maxChunkBodyBytes?: number;
}

export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_CHUNK_BODY_BYTES = 16 * 1024 * 1024;

interface Pending {
  readonly head: ParsedHead;
  readonly scanner: EndLineScanner;
  /** Where the body starts, relative to the chunk start. */
  readonly bodyOffset: number;
  /** Where the next end-line search starts, relative to the chunk start. */
  resume: number;
  /** Expected size of the whole chunk (from its Byte-Range), to size the buffer once; 0 if unknown. */
  readonly sizeHint: number;
}

/** Body size a Byte-Range announces for this chunk (range-end, else total), or 0 when unknown or invalid. */
function announcedBodySize(head: ParsedHead): number {
  for (const { name, value } of head.headers) {
    if (name.length === 10 && name.toLowerCase() === 'byte-range') {
      const match = /^\s*([0-9]{1,15})-([0-9]{1,15}|\*)\/([0-9]{1,15}|\*)\s*$/.exec(value);
      if (!match) {
        return 0;
      }
      const start = Number(match[1]);
      const last = match[2] !== '*' ? Number(match[2]) : match[3] !== '*' ? Number(match[3]) : 0;
      return last >= start ? last - start + 1 : 0;
    }
  }
  return 0;
}

function build(
  head: ParsedHead,
  body: Uint8Array | undefined,
  continuation: Continuation,
): MsrpChunk {
  return head.kind === 'request'
    ? {
        kind: 'request',
        transactionId: head.transactionId,
        method: head.method,
        headers: head.headers,
        body,
        continuation,
      }
    : {
        kind: 'response',
        transactionId: head.transactionId,
        status: head.status,
        comment: head.comment,
        headers: head.headers,
        continuation,
      };
}

/**
 * Incremental MSRP parser for a byte stream cut anywhere: a TCP stream, one chunk per data channel
 * or WebSocket message, several chunks in one read. `push` bytes, then call `next` until it returns
 * undefined ("need more bytes"). Malformed input throws `MsrpParseError` (with the stream offset);
 * the parser then drops what it buffered and is ready for fresh input.
 *
 * Bodies are views of the pushed arrays when a chunk arrived in one piece (no copy), or of the
 * parser's own buffer otherwise; the parser never writes into memory it has handed out.
 */
export class MsrpParser {
  readonly maxHeaderBytes: number;
  readonly maxChunkBodyBytes: number;
  #buf: Uint8Array = new Uint8Array(0);
  #start = 0;
  #end = 0;
  /** True when #buf is a caller's array or has bodies lent out: never write into it. */
  #readOnly = true;
  /** Stream offset of #buf[0]. */
  #base = 0;
  #pending: Pending | undefined;

  constructor(options: MsrpParserOptions = {}) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    this.maxChunkBodyBytes = options.maxChunkBodyBytes ?? DEFAULT_MAX_CHUNK_BODY_BYTES;
  }

  /** Bytes received and not yet returned as a chunk. */
  get bufferedBytes(): number {
    return this.#end - this.#start;
  }

  /** Stream offset of the first byte not yet returned as a chunk. */
  get offset(): number {
    return this.#base + this.#start;
  }

  /** What is known of the chunk being received (its head has been read, its body has not ended). */
  get partial(): PartialChunk | undefined {
    const head = this.#pending?.head;
    return head
      ? { transactionId: head.transactionId, method: head.method, headers: head.headers }
      : undefined;
  }

  /** Adds bytes. The array must not be modified afterwards (bodies may be views of it). */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) {
      return;
    }
    const held = this.#end - this.#start;
    if (held === 0) {
      this.#base += this.#end;
      this.#buf = bytes;
      this.#start = 0;
      this.#end = bytes.length;
      this.#readOnly = true;
      return;
    }
    const needed = held + bytes.length;
    if (this.#readOnly || this.#end + bytes.length > this.#buf.length) {
      // Inside a body whose Byte-Range announced its size, allocate for the whole chunk at once
      // (one copy per byte instead of one per doubling).
      const hint = this.#pending
        ? Math.min(this.#pending.sizeHint, needed + this.maxChunkBodyBytes)
        : 0;
      const capacity = Math.max(needed, hint, Math.min(2 * needed, needed + 4 * 1024 * 1024), 4096);
      const next = new Uint8Array(capacity);
      next.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#base += this.#start;
      this.#buf = next;
      this.#end = held;
      this.#start = 0;
      this.#readOnly = false;
    }
    this.#buf.set(bytes, this.#end);
    this.#end += bytes.length;
  }

  /** The next complete chunk, or undefined when more bytes are needed. */
  next(): MsrpChunk | undefined {
    if (this.#start === this.#end) {
      return undefined;
    }
    try {
      return this.#step();
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** Drops everything buffered (after an error, or to resynchronise on a new connection). */
  reset(): void {
    this.#base += this.#end;
    this.#buf = new Uint8Array(0);
    this.#start = 0;
    this.#end = 0;
    this.#readOnly = true;
    this.#pending = undefined;
  }

  #step(): MsrpChunk | undefined {
    const buf = this.#buf;
    const start = this.#start;
    const end = this.#end;
    let pending = this.#pending;
    if (!pending) {
      const head = parseHead(buf, start, end, this.maxHeaderBytes, this.#base);
      if (!head) {
        return undefined;
      }
      if (head.bodyStart < 0) {
        this.#start = head.end;
        return build(head, undefined, head.continuation ?? '$');
      }
      // The search starts at the blank line's CRLF, so that an end-line written right after the
      // blank line (no CRLF for the empty body) is reported instead of waited for.
      const bodyOffset = head.bodyStart - start;
      const scanner = new EndLineScanner(head.transactionId);
      const announced = announcedBodySize(head);
      pending = {
        head,
        scanner,
        bodyOffset,
        resume: bodyOffset - 2,
        sizeHint:
          announced > 0
            ? bodyOffset + Math.min(announced, this.maxChunkBodyBytes) + scanner.length
            : 0,
      };
      this.#pending = pending;
    }
    const { head, scanner } = pending;
    const bodyStart = pending.bodyOffset;
    const view = buf.subarray(start, end);
    const found = scanner.find(view, pending.resume, view.length);
    if (found < 0) {
      pending.resume = -1 - found;
      if (view.length - bodyStart > this.maxChunkBodyBytes + scanner.length) {
        throw new MsrpParseError(
          'CHUNK_TOO_LARGE',
          `chunk body exceeds ${this.maxChunkBodyBytes} bytes`,
          this.#base + start + bodyStart + this.maxChunkBodyBytes,
          { transactionId: head.transactionId, method: head.method, headers: head.headers },
        );
      }
      return undefined;
    }
    if (found < bodyStart) {
      throw new MsrpParseError(
        'MALFORMED_BODY',
        'end-line right after the blank line: a body is followed by CRLF before the end-line',
        this.#base + start + found,
        { transactionId: head.transactionId, method: head.method, headers: head.headers },
      );
    }
    if (found - bodyStart > this.maxChunkBodyBytes) {
      throw new MsrpParseError(
        'CHUNK_TOO_LARGE',
        `chunk body exceeds ${this.maxChunkBodyBytes} bytes`,
        this.#base + start + bodyStart + this.maxChunkBodyBytes,
        { transactionId: head.transactionId, method: head.method, headers: head.headers },
      );
    }
    const flag = String.fromCharCode(view[found + scanner.length - 3] as number) as Continuation;
    const body = view.subarray(bodyStart, found);
    this.#readOnly = true;
    this.#start = start + found + scanner.length;
    this.#pending = undefined;
    return build(head, body, flag);
  }
}

/**
 * Parses exactly one complete chunk (one data channel or WebSocket message, RFC 8873 §5.4,
 * RFC 7977 §5.2). Throws `MsrpParseError` with `TRUNCATED` when the end-line is missing and
 * `TRAILING_BYTES` when bytes follow it.
 */
export function decodeChunk(bytes: Uint8Array, options: MsrpParserOptions = {}): MsrpChunk {
  const parser = new MsrpParser(options);
  parser.push(bytes);
  const chunk = parser.next();
  if (!chunk) {
    throw new MsrpParseError(
      'TRUNCATED',
      'input ends before the end-line',
      bytes.length,
      parser.partial ?? {},
    );
  }
  if (parser.bufferedBytes > 0) {
    throw new MsrpParseError('TRAILING_BYTES', 'bytes after the end-line', parser.offset, {
      transactionId: chunk.transactionId,
    });
  }
  return chunk;
}
