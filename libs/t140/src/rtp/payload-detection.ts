import type { RedPayload } from './red-payload.js';
import { parseRedPayload } from './red-payload-parser.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a payload is text/red (RFC 2198) rather than plain text/t140, judged by its structure as
 * a capture reader must when payload types are dynamic and no SDP is at hand: it parses as RED with
 * at least one redundant header, every block names the same payload type, which differs from the
 * packet's own type (RED wraps another format), and every block is valid UTF-8. Returns the parsed
 * payload, or undefined for "plain T.140". A RED payload with no redundant header cannot be told
 * from T.140 text starting with a letter, so it is only recognised once the stream is known.
 */
export function detectRedPayload(
  payload: Uint8Array,
  packetPayloadType: number,
): RedPayload | undefined {
  if (payload.length === 0 || ((payload[0] as number) & 0x80) === 0) {
    return undefined;
  }
  let red: RedPayload;
  try {
    red = parseRedPayload(payload);
  } catch {
    return undefined;
  }
  const inner = red.primary.payloadType;
  if (inner === packetPayloadType || red.redundant.some((b) => b.payloadType !== inner)) {
    return undefined;
  }
  if (!red.redundant.every((b) => isUtf8(b.data)) || !isUtf8(red.primary.data)) {
    return undefined;
  }
  return red;
}
