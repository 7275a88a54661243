import {
  DataChannelSdpError,
  dcmapFromParams,
  dcmapParams,
  parseDcmap as parseDcmapValue,
  serializeDcmap,
  type DcmapParams,
} from '@parley/transport';
import { MsrpError } from '../errors.js';

/**
 * `a=dcmap:<stream-id> [opts]` (RFC 8864 §5.1) as written: only the options present. The grammar
 * is @parley/transport's (`parseDcmap`, `serializeDcmap`); this module gives it MSRP's error type.
 */
export type Dcmap = DcmapParams;

/** Parses the value of `a=dcmap:` (everything after the colon). Throws `MsrpError('INVALID_SDP')`. */
export function parseDcmap(value: string): Dcmap {
  try {
    return dcmapParams(parseDcmapValue(value));
  } catch (error) {
    if (error instanceof DataChannelSdpError) {
      throw new MsrpError('INVALID_SDP', error.message, { cause: error });
    }
    throw error;
  }
}

/** The value of `a=dcmap:` for `map` (options in the RFC 8864 order; empty label/subprotocol left out). */
export function formatDcmap(map: Dcmap): string {
  return serializeDcmap(dcmapFromParams(map));
}
