import { describe, expect, it } from '@jest/globals';
import { bytesToHex, decodeHexText, HexInputError } from './io.js';

describe('hex input', () => {
  it('accepts fixture-style and dump-style hex', () => {
    expect(decodeHexText('20 01 00 01 # header\n0x00 0x2a\nde:ad')).toEqual(
      new Uint8Array([0x20, 1, 0, 1, 0, 0x2a, 0xde, 0xad]),
    );
    expect(bytesToHex(new Uint8Array([0, 255, 16]))).toBe('00ff10');
  });

  it('says where the input stops being hex', () => {
    expect(() => decodeHexText('00 zz')).toThrow(HexInputError);
    expect(() => decodeHexText('abc')).toThrow('odd number of hex digits');
    expect(() => decodeHexText('00 0g')).toThrow(expect.objectContaining({ offset: 4 }));
  });
});
