import { describe, expect, it } from '@jest/globals';
import { BfcpParseError } from '../errors.js';
import { decodeMessage, type DecodeOptions } from './message-decoder.js';
import { readHelloAck } from './message-builders.js';

const fromHex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function lenient(bytes: Uint8Array) {
  const warnings: string[] = [];
  const options: DecodeOptions = { lenient: true, onWarning: (w) => warnings.push(w.message) };
  return { message: decodeMessage(bytes, options), warnings };
}

describe('real-world quirks: typed error when strict, repaired when lenient', () => {
  it('Payload Length counted in octets instead of 4-octet words', () => {
    // FloorRequest with one FLOOR-ID: 4 payload octets, length field 4 instead of 1.
    const bytes = fromHex('20010004 000010e1 007b00ea 0504021f');
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'INCORRECT_LENGTH' }),
    );
    const { message, warnings } = lenient(bytes);
    expect(message.attributes).toEqual([{ type: 'FLOOR-ID', mandatory: true, value: 543 }]);
    expect(warnings).toEqual([expect.stringContaining('counts octets')]);
  });

  it('16-bit entries in the HelloAck lists', () => {
    const bytes = fromHex(
      '200c0006 000010e1 000104d2' +
        '170a 0001 0002 0003 0004 0000' + // SUPPORTED-PRIMITIVES, 4 entries of 16 bits + padding
        '150a 0002 0004 0006 0008 0000', // SUPPORTED-ATTRIBUTES, 4 entries of 16 bits + padding
    );
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'MALFORMED_ATTRIBUTE', offset: 14 }),
    );
    const { message, warnings } = lenient(bytes);
    expect(readHelloAck(message)).toEqual({ primitives: [1, 2, 3, 4], attributes: [1, 2, 3, 4] });
    expect(warnings).toHaveLength(2);
  });

  it.each([91, 93])('vendor primitive %s', (primitive) => {
    const bytes = fromHex(`20${primitive.toString(16)}0001 000010e1 00010001 0504021f`);
    expect(() => decodeMessage(bytes)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PRIMITIVE', offset: 1 }),
    );
    const { message, warnings } = lenient(bytes);
    expect(message.primitive).toBe(primitive);
    expect(message.attributes).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining(`primitive ${primitive}`)]);
  });

  it('a last text attribute without its padding', () => {
    const bytes = fromHex('200d0002 00000001 00010001 0d030e0f 0461'); // ERROR-INFO "a", no padding
    // Payload Length 2 words = 8 octets, but only 6 follow: strict refuses the length.
    expect(() => decodeMessage(bytes)).toThrow(BfcpParseError);
  });

  it('invalid UTF-8 is replaced when lenient', () => {
    const bytes = fromHex('200d0002 00000001 00010001 0d030e00 0f03ff00');
    const { message, warnings } = lenient(bytes);
    expect(message.attributes[1]).toEqual({ type: 'ERROR-INFO', mandatory: true, value: '\ufffd' });
    expect(warnings).toHaveLength(1);
  });

  it('non-zero padding and reserved bits are ignored (RFC: MUST ignore)', () => {
    const bytes = fromHex('200d0002 00000001 00010001 0d030eff 0f036100'.replace('0eff', '0eff'));
    expect(decodeMessage(bytes).attributes[0]).toEqual({
      type: 'ERROR-CODE',
      mandatory: true,
      value: { code: 14, details: new Uint8Array(0) },
    });
    const prio = fromHex('20010002 00000001 00010001 05040001 09047fff');
    expect(decodeMessage(prio).attributes[1]).toEqual({
      type: 'PRIORITY',
      mandatory: true,
      value: 3,
    });
  });

  it('limits: attribute count and nesting depth', () => {
    const many = fromHex('20070003 00000001 00010001 05040001 05040002 05040003');
    expect(() => decodeMessage(many, { maxAttributes: 2 })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 20 }),
    );
    const nested = fromHex('20040002 00000001 00010001 1f080001 23040002');
    expect(() => decodeMessage(nested, { maxDepth: 1 })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 16 }),
    );
    expect(() => decodeMessage(many, { maxMessageSize: 16 })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
  });
});
