import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRfcExample, rfcExampleNames } from './support/fixtures.js';
import { runParley } from './support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-msrp-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function decode(args: string[]) {
  const cli = runParley(['decode', 'msrp', ...args]);
  const { code } = await cli.exited;
  const lines = cli.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stderr: cli.stderr };
}

const TRUNCATED_IN_RFC = 'rfc4976-s3-L441-xght6-200-ok.msrp';

describe('parley decode msrp (built CLI)', () => {
  it('decodes every RFC example, concatenated into one stream, one JSON line per chunk', async () => {
    const names = rfcExampleNames('.msrp').filter((n) => n !== TRUNCATED_IN_RFC);
    const parts = names.map((n) => loadRfcExample(n));
    const stream = Buffer.concat(parts);
    const { code, lines } = await decode([file('all.msrp', stream)]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(names.length);
    const send = lines[names.indexOf('rfc4975-s4-fig2-send.msrp')];
    expect(send).toEqual({
      kind: 'request',
      method: 'SEND',
      transactionId: 'a786hjs2',
      headers: {
        'to-path': 'msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp',
        'from-path': 'msrp://atlanta.example.com:7654/jshA7weztas;tcp',
        'message-id': '87652491',
        'byte-range': '1-25/25',
        'content-type': 'text/plain',
      },
      byteRange: { start: 1, end: 25, total: 25 },
      continuation: '$',
      bodyLength: 23,
      body: 'Hey Bob, are you there?',
    });
    expect(lines[names.indexOf('rfc4975-s5.1-fig3-chunk1.msrp')]).toMatchObject({
      byteRange: { start: 1, end: '*', total: 8 },
      continuation: '+',
    });
    expect(lines[names.indexOf('rfc4975-s11.6-fig17-report.msrp')]).toMatchObject({
      method: 'REPORT',
    });
    expect(lines[names.indexOf('rfc4975-s4-fig2-200ok.msrp')]).toMatchObject({
      kind: 'response',
      status: 200,
      comment: 'OK',
    });
  });

  it('prints binary bodies as bodyBase64 and reads hex input', async () => {
    const head =
      'MSRP tx0001 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\nFrom-Path: msrp://a.example.com:1/s;tcp\r\nMessage-ID: m0001\r\nContent-Type: application/octet-stream\r\n\r\n';
    const bytes = Buffer.concat([
      Buffer.from(head),
      Buffer.from([0xff, 0xfe, 0x00]),
      Buffer.from('\r\n-------tx0001$\r\n'),
    ]);
    const { code, lines } = await decode([file('binary.msrp', bytes)]);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ bodyLength: 3, bodyBase64: '//4A' });
    expect(lines[0]).not.toHaveProperty('body');
    const hex = await decode([
      '--hex',
      file('binary.hex', `# a comment\n${bytes.toString('hex').replace(/(..)/g, '$1 ')}\n`),
    ]);
    expect(hex.code).toBe(0);
    expect(hex.lines).toEqual(lines);
  });

  it('prints an error line and exits 2 on malformed input, after the chunks before it', async () => {
    const good = loadRfcExample('rfc4975-s4-fig2-200ok.msrp');
    const { code, lines } = await decode([
      file(
        'bad.msrp',
        Buffer.concat([
          good,
          Buffer.from('MSRP a786hjs2 SEND\r\nTo-Path msrp://x\r\n-------a786hjs2$\r\n'),
        ]),
      ),
    ]);
    expect(code).toBe(2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({
      error: {
        code: 'MALFORMED_HEADER',
        offset: good.length + 20,
        message: expect.any(String) as unknown,
      },
    });
  });

  it('says TRUNCATED for the RFC 4976 response cut by a page break', async () => {
    const wire = loadRfcExample(TRUNCATED_IN_RFC);
    const { code, lines } = await decode([file('cut.msrp', wire)]);
    expect(code).toBe(2);
    expect(lines).toEqual([
      { error: { code: 'TRUNCATED', offset: wire.length, message: expect.any(String) as unknown } },
    ]);
  });

  it('refuses a wrong Byte-Range as malformed', async () => {
    const text =
      'MSRP tx0001 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\nFrom-Path: msrp://a.example.com:1/s;tcp\r\nByte-Range: 0-1/1\r\n-------tx0001$\r\n';
    const { code, lines } = await decode([file('range.msrp', text)]);
    expect(code).toBe(2);
    expect(lines).toEqual([
      {
        error: { code: 'INVALID_HEADER_VALUE', offset: 0, message: expect.any(String) as unknown },
      },
    ]);
  });
});
