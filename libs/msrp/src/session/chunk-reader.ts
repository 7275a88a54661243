import { MsrpParser } from '../codec/chunk-parser.js';
import { MsrpParseError } from '../errors.js';
import type { MsrpChunk } from '../message/msrp-chunk.js';

export interface ChunkReaderOptions {
  /** `message`: one chunk per channel message (RFC 8873, RFC 7977); `stream`: a byte stream. */
  readonly framing: 'message' | 'stream';
  readonly maxHeaderBytes: number | undefined;
  readonly maxChunkBodyBytes: number;
}

/** Hands every chunk the parser completes to `onChunk`; false when it met bad bytes (given to `onError`). */
function readChunks(
  parser: MsrpParser,
  onChunk: (chunk: MsrpChunk) => void,
  onError: (error: unknown) => void,
): boolean {
  for (;;) {
    let chunk: MsrpChunk | undefined;
    try {
      chunk = parser.next();
    } catch (error) {
      onError(error);
      return false;
    }
    if (!chunk) {
      return true;
    }
    onChunk(chunk);
  }
}

/** Cuts what the channel delivers into chunks, by the session's framing. */
export class ChunkReader {
  readonly #framing: 'message' | 'stream';
  readonly #parser: MsrpParser;

  constructor(options: ChunkReaderOptions) {
    this.#framing = options.framing;
    this.#parser = new MsrpParser({
      maxHeaderBytes: options.maxHeaderBytes,
      maxChunkBodyBytes: options.maxChunkBodyBytes,
    });
  }

  /**
   * Reads one channel message: `onChunk` for every chunk it completes, `onError` for bytes that
   * cannot be a chunk (then the rest of the message is dropped).
   */
  read(
    bytes: Uint8Array,
    onChunk: (chunk: MsrpChunk) => void,
    onError: (error: unknown) => void,
  ): void {
    if (this.#framing === 'message') {
      // One channel message holds one chunk (RFC 8873 §5.4, RFC 7977 §5.2). A peer that packs
      // several gets them all processed; a chunk cut by the end of the message is malformed
      // (TRUNCATED) instead of waiting for bytes that belong to no chunk.
      const parser = new MsrpParser({
        maxHeaderBytes: this.#parser.maxHeaderBytes,
        maxChunkBodyBytes: this.#parser.maxChunkBodyBytes,
      });
      parser.push(bytes);
      if (!readChunks(parser, onChunk, onError)) {
        return;
      }
      if (parser.bufferedBytes > 0) {
        onError(
          new MsrpParseError(
            'TRUNCATED',
            'the channel message ends inside a chunk',
            bytes.length,
            parser.partial ?? {},
          ),
        );
      }
      return;
    }
    this.#parser.push(bytes);
    readChunks(this.#parser, onChunk, onError);
  }
}
