import {
  DataChannelSdpError,
  dcmapFromParams,
  dcmapParams,
  parseDcmap as parseDcmapValue,
  quoteDcmapString,
  serializeDcmap as serializeDcmapValue,
  type DcmapParams,
} from '@parley/transport';
import { T140Error } from '../errors.js';

/**
 * An RFC 8864 `a=dcmap` value as written: one SDP-negotiated data channel, only the options
 * present (absent: subprotocol and label "", ordered true, fully reliable, priority 256; T.140
 * forbids max-retr and max-time). The grammar is @parley/transport's; this module gives it T.140's
 * error type and byte offsets.
 */
export type Dcmap = DcmapParams;

/**
 * Parses an `a=dcmap` value (`2 label="x";subprotocol="t140"`). `offset` is the byte offset of the
 * value in the SDP, for errors. Unknown options are ignored; a bad value throws INVALID_SDP with
 * the byte offset of what is wrong.
 */
export function parseDcmap(value: string, offset = 0): Dcmap {
  try {
    return dcmapParams(parseDcmapValue(value));
  } catch (error) {
    if (error instanceof DataChannelSdpError) {
      throw new T140Error('INVALID_SDP', error.message, offset + (error.offset ?? 0));
    }
    throw error;
  }
}

/** The `a=dcmap` value for a channel (options in the order label, subprotocol, ordered, max-retr, max-time, priority). */
export function serializeDcmap(dcmap: Dcmap): string {
  return serializeDcmapValue(dcmapFromParams(dcmap));
}

/** Quotes a string for dcmap: every byte that is not a quoted-char (", %, controls, non-ASCII) as %XX. */
export const encodeDcmapQuoted: (value: string) => string = quoteDcmapString;
