import { encodeAttributes } from '../attributes/attribute-encoder.js';
import { BfcpError } from '../errors.js';
import { ByteWriter } from '../wire/byte-writer.js';
import { COMMON_HEADER_SIZE, MAX_PAYLOAD_LENGTH, writeCommonHeader } from './common-header.js';
import type { BfcpMessage } from './message.js';

function checkRange(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new BfcpError('INVALID_ARGUMENT', `${what} must be an integer 0..${max}, got ${value}`);
  }
}

/**
 * Encodes a message: COMMON-HEADER (F = 0) and its attributes in the given order, each padded with
 * zero octets to 32 bits. Checks every field's range and the 255-octet limit of an attribute; does
 * not check the primitive's ABNF (use validateMessage). Throws BfcpError INVALID_ARGUMENT.
 */
export function encodeMessage(message: BfcpMessage, sizeHint = 256): Uint8Array {
  const version = message.version as number;
  if (version !== 1 && version !== 2) {
    throw new BfcpError('INVALID_ARGUMENT', `version must be 1 or 2, got ${version}`);
  }
  checkRange(message.primitive, 255, 'primitive');
  checkRange(message.conferenceId, 0xffffffff, 'Conference ID');
  checkRange(message.transactionId, 0xffff, 'Transaction ID');
  checkRange(message.userId, 0xffff, 'User ID');
  const w = new ByteWriter(sizeHint);
  writeCommonHeader(w, message);
  encodeAttributes(w, message.attributes);
  const payload = w.position - COMMON_HEADER_SIZE;
  if (payload > MAX_PAYLOAD_LENGTH) {
    throw new BfcpError(
      'INVALID_ARGUMENT',
      `payload of ${payload} octets exceeds what Payload Length can describe (${MAX_PAYLOAD_LENGTH})`,
    );
  }
  w.patchU16(2, payload / 4);
  return w.finish();
}
