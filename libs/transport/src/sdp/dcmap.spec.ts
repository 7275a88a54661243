import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import {
  DataChannelSdpError,
  dcmapFromParams,
  dcmapParams,
  parseDcmap,
  parseDcsa,
  serializeDcmap,
  type Dcmap,
} from './dcmap.js';

const text = (name: string) => new TextDecoder().decode(loadRfcExample(name));
const lines = (name: string) =>
  text(name)
    .split('\r\n')
    .filter((l) => l !== '');

describe('a=dcmap (RFC 8864 §5.1)', () => {
  it('reads the RFC 8864 §5.1.1 examples and writes them back unchanged', () => {
    const values = lines('rfc8864-s5.1.1-dcmap-examples.sdp').map((l) =>
      l.slice('a=dcmap:'.length),
    );
    const parsed = values.map(parseDcmap);
    expect(parsed.map(({ paramOrder: _order, ...rest }) => rest)).toEqual([
      {
        streamId: 0,
        label: '',
        subprotocol: '',
        ordered: true,
        maxRetr: undefined,
        maxTime: undefined,
        priority: 256,
      },
      {
        streamId: 1,
        label: '',
        subprotocol: 'bfcp',
        ordered: true,
        maxRetr: undefined,
        maxTime: 60000,
        priority: 512,
      },
      {
        streamId: 2,
        label: 'msrp',
        subprotocol: 'msrp',
        ordered: true,
        maxRetr: undefined,
        maxTime: undefined,
        priority: 256,
      },
      {
        streamId: 3,
        label: 'Label 1',
        subprotocol: '',
        ordered: false,
        maxRetr: 5,
        maxTime: undefined,
        priority: 128,
      },
      {
        streamId: 4,
        label: 'foo\tbar',
        subprotocol: '',
        ordered: true,
        maxRetr: undefined,
        maxTime: 15000,
        priority: 256,
      },
    ]);
    expect(parsed.map(serializeDcmap)).toEqual(values);
  });

  it('writes canonical lines for new channels, escaping what is not a quoted-char', () => {
    const dcmap: Dcmap = {
      streamId: 7,
      label: 'chat "été"%',
      subprotocol: 't140',
      ordered: true,
      priority: 256,
    };
    expect(serializeDcmap(dcmap)).toBe('7 label="chat %22%C3%A9t%C3%A9%22%25";subprotocol="t140"');
    expect(parseDcmap(serializeDcmap(dcmap)).label).toBe('chat "été"%');
  });

  it.each([
    ['1 max-retr=3;max-time=100', 'mutually exclusive'],
    ['70000', 'integer above'],
    ['x', 'expected'],
    ['1 label=nope', 'quoted string'],
    ['1 label="a%zz"', '%-escape'],
    ['1 priority=070', 'leading zeros'],
  ])('refuses %s', (value, why) => {
    expect(() => parseDcmap(value)).toThrow(DataChannelSdpError);
    expect(() => parseDcmap(value)).toThrow(why);
  });

  it('treats any ordered value but "false" as ordered, and keeps unknown parameters', () => {
    const dcmap = parseDcmap('3 ordered=maybe;future="x"');
    expect(dcmap.ordered).toBe(true);
    expect(dcmap.extensions).toEqual(['future="x"']);
    expect(serializeDcmap(dcmap)).toBe('3 ordered=true;future="x"');
  });

  it('round-trips any channel description', () => {
    const arbitrary = fc.record({
      streamId: fc.integer({ min: 0, max: 65534 }),
      label: fc.string({ unit: 'grapheme', maxLength: 12 }),
      subprotocol: fc.constantFrom('', 'msrp', 't140', 'bfcp'),
      ordered: fc.boolean(),
      reliability: fc.oneof(
        fc.constant({}),
        fc.record({ maxRetr: fc.nat() }),
        fc.record({ maxTime: fc.nat() }),
      ),
      priority: fc.constantFrom(128, 256, 512, 1024),
    });
    fc.assert(
      fc.property(arbitrary, ({ reliability, ...rest }) => {
        const dcmap: Dcmap = { ...rest, ...reliability };
        const { paramOrder: _order, ...back } = parseDcmap(serializeDcmap(dcmap));
        expect(back).toEqual({ maxRetr: undefined, maxTime: undefined, ...dcmap });
      }),
    );
  });
  it.each([
    ['x', 0],
    ['  x', 2],
    ['70000', 0],
    ['2 subprotocol="t140', 14],
    ['2 label="a%zz"', 10],
    ['2 label= "a\tb"', 11],
    ['2 x="é";priority=070', 18],
    ['2 max-retr=1;max-time=2', 13],
  ])('gives the byte offset of what is wrong in %j: %d', (value, offset) => {
    expect(() => parseDcmap(value)).toThrow(
      expect.objectContaining({ name: 'DataChannelSdpError', code: 'INVALID_SDP', offset }),
    );
  });

  it('takes stream ids with leading zeros (dcmap-stream-id = 1*5DIGIT)', () => {
    expect(parseDcmap('00002 subprotocol="t140"').streamId).toBe(2);
    expect(parseDcsa('02  sendonly')).toEqual({ streamId: 2, attribute: 'sendonly' });
    expect(() => parseDcsa('70000 sendonly')).toThrow(DataChannelSdpError);
    expect(() => parseDcsa('2')).toThrow(DataChannelSdpError);
  });
});

describe('DcmapParams: a dcmap as written', () => {
  it('keeps only the parameters a line carries', () => {
    expect(dcmapParams(parseDcmap('0'))).toEqual({ streamId: 0 });
    expect(dcmapParams(parseDcmap('2 subprotocol="msrp";ordered=true;label="msrp";x=1'))).toEqual({
      streamId: 2,
      subprotocol: 'msrp',
      ordered: true,
      label: 'msrp',
    });
    expect(
      dcmapParams({ streamId: 3, label: '', subprotocol: 't140', ordered: false, priority: 256 }),
    ).toEqual({ streamId: 3, subprotocol: 't140', ordered: false });
  });

  it('writes the parameters in the RFC order, an empty label or subprotocol left out', () => {
    expect(
      serializeDcmap(dcmapFromParams({ streamId: 4, priority: 128, label: 'a', subprotocol: '' })),
    ).toBe('4 label="a";priority=128');
    expect(serializeDcmap(dcmapFromParams({ streamId: 5, ordered: true, maxTime: 0 }))).toBe(
      '5 ordered=true;max-time=0',
    );
  });

  it('round-trips any parameters', () => {
    const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 2 });
    const arbitrary = fc.record({
      streamId: fc.integer({ min: 0, max: 65534 }),
      label: optional(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })),
      subprotocol: optional(fc.constantFrom('msrp', 't140', 'bfcp')),
      ordered: optional(fc.boolean()),
      maxRetr: optional(fc.nat()),
      priority: optional(fc.integer({ min: 0, max: 0xffff })),
    });
    fc.assert(
      fc.property(arbitrary, (params) => {
        const written = Object.fromEntries(
          Object.entries(params).filter(([, value]) => value !== undefined),
        );
        expect(dcmapParams(parseDcmap(serializeDcmap(dcmapFromParams(params))))).toStrictEqual(
          written,
        );
      }),
    );
  });
});

describe('a=dcsa (RFC 8864 §5.2)', () => {
  it('reads the RFC example', () => {
    const [line] = lines('rfc8864-s5.2.1-dcsa-example.sdp').filter((l) => l.startsWith('a=dcsa:'));
    expect(parseDcsa(line!.slice('a=dcsa:'.length))).toEqual({
      streamId: 2,
      attribute: 'accept-types:text/plain',
    });
  });
});
