import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHexExample, loadRfcExample } from './support/fixtures.js';
import { runParley } from './support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-bfcp-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `input-${n++}`);
  writeFileSync(path, content);
  return path;
}
async function run(args: string[]) {
  const cli = runParley(args);
  const { code } = await cli.exited;
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('parley decode bfcp / parley encode bfcp', () => {
  it('decodes a hex fixture to the documented JSON', async () => {
    const input = file(
      loadRfcExample('constructed-bfcp-rfc8855-fig2-2-floorrequeststatus-pending.hex'),
    );
    const { code, stdout } = await run(['decode', 'bfcp', '--hex', input]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      version: 1,
      responder: false,
      fragmented: false,
      primitive: 'FloorRequestStatus',
      primitiveId: 4,
      conferenceId: 4321,
      transactionId: 123,
      userId: 234,
      attributes: [
        {
          type: 'FLOOR-REQUEST-INFORMATION',
          typeId: 15,
          mandatory: true,
          value: 789,
          attributes: [
            {
              type: 'OVERALL-REQUEST-STATUS',
              typeId: 18,
              mandatory: true,
              value: 789,
              attributes: [
                {
                  type: 'REQUEST-STATUS',
                  typeId: 5,
                  mandatory: true,
                  value: { status: 1, statusName: 'Pending', queuePosition: 0 },
                },
              ],
            },
            {
              type: 'FLOOR-REQUEST-STATUS',
              typeId: 17,
              mandatory: true,
              value: 543,
              attributes: [],
            },
          ],
        },
      ],
    });
  });

  it('decodes binary input holding several messages, one line each, and encodes them back', async () => {
    const a = loadHexExample('constructed-bfcp-rfc8855-fig3-2-floorstatus.hex');
    const b = loadHexExample('constructed-bfcp-error-unknown-mandatory-attribute.hex');
    const decoded = await run(['decode', 'bfcp', file(new Uint8Array([...a, ...b]))]);
    expect(decoded.code).toBe(0);
    const lines = decoded.stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { primitive: string }).primitive)).toEqual([
      'FloorStatus',
      'Error',
    ]);
    expect(lines[1]).toContain('"unknownAttributes":[85]');
    const encoded = await run(['encode', 'bfcp', file(decoded.stdout)]);
    expect(encoded.code).toBe(0);
    expect(encoded.stdout).toBe(`${hex(a)}\n${hex(b)}\n`);
  });

  it('prints an error line with code and offset and exits 2 on malformed input', async () => {
    const bad = loadHexExample('constructed-bfcp-rfc8855-fig2-2-floorrequeststatus-pending.hex');
    bad[13] = 0x0f;
    const { code, stdout } = await run(['decode', 'bfcp', file(bad)]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        code: 'MALFORMED_ATTRIBUTE',
        offset: 13,
        message: expect.stringContaining('multiple of 4'),
      },
    });
    const notHex = await run(['decode', 'bfcp', '--hex', file('20 01 zz')]);
    expect(notHex.code).toBe(2);
    expect(JSON.parse(notHex.stdout)).toMatchObject({ error: { code: 'INVALID_HEX', offset: 6 } });
  });

  it('repairs an octet-counted Payload Length with --lenient', async () => {
    const input = file('20 01 00 04 00 00 10 e1 00 7b 00 ea 05 04 02 1f');
    expect((await run(['decode', 'bfcp', '--hex', input])).code).toBe(2);
    const lenient = await run(['decode', 'bfcp', '--hex', '--lenient', input]);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({
      primitive: 'FloorRequest',
      attributes: [{ value: 543 }],
    });
  });

  it('prints a fragment with its offset, length and payload', async () => {
    const input = file('48 01 00 02 00 00 10 e1 00 7b 00 ea 00 00 00 01 05 04 02 1f');
    const { code, stdout } = await run(['decode', 'bfcp', '--hex', input]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      version: 2,
      fragmented: true,
      fragment: { offset: 0, length: 4 },
      payloadLength: 8,
      payload: '0504021f',
    });
  });

  it('refuses JSON that does not describe a message', async () => {
    const { code, stdout } = await run([
      'encode',
      'bfcp',
      file(
        '{"primitive":"FloorRequest","conferenceId":1,"transactionId":1,"userId":1,"attributes":[{"type":"FLOOR-ID","value":70000}]}',
      ),
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'INVALID_JSON', offset: null } });
  });
});
