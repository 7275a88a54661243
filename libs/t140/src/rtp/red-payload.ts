/** One redundant block of a text/red payload (RFC 2198 §3): a T140block sent earlier as primary. */
export interface RedBlock {
  readonly payloadType: number;
  /** How much earlier (RTP clock ticks) the block was the primary; at most 16383. */
  readonly timestampOffset: number;
  readonly data: Uint8Array;
}

/** A text/red payload: redundant generations oldest first, then the primary T140block. */
export interface RedPayload {
  readonly redundant: readonly RedBlock[];
  readonly primary: { readonly payloadType: number; readonly data: Uint8Array };
}

/** RFC 2198: 14-bit timestamp offset. */
export const MAX_RED_TIMESTAMP_OFFSET = 16383;
/** RFC 2198: 10-bit block length. */
export const MAX_RED_BLOCK_LENGTH = 1023;
