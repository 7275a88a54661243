import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@parley/transport';
import { RtpT140Sender, T140Sender } from '@parley/t140';
import { rfcExamplesDir } from './support/fixtures.js';
import { runParley } from './support/process.js';

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** RTP packets of a typed session (BOM, "Hello", " world"), two redundant generations. */
function session(): { bytes: Uint8Array; at: number }[] {
  const clock = new ManualClock(0);
  const rtp = new RtpT140Sender({
    clock,
    ssrc: 0xabcdef01,
    initialSequenceNumber: 65534,
    initialTimestamp: 0,
  });
  const t140 = new T140Sender({ clock });
  const packets: { bytes: Uint8Array; at: number }[] = [];
  rtp.on('packet', (p) => packets.push({ bytes: p.bytes, at: p.at }));
  rtp.attach(t140);
  rtp.start();
  t140.insert('Hello');
  clock.advance(400);
  t140.insert(' world');
  clock.advance(3000);
  return packets;
}

function rtpdump(packets: { bytes: Uint8Array; at: number }[]): Uint8Array {
  const head = new TextEncoder().encode('#!rtpplay1.0 127.0.0.1/5004\n');
  const parts: number[] = [...head, ...new Array<number>(16).fill(0)];
  for (const p of packets) {
    const length = p.bytes.length + 8;
    parts.push(length >> 8, length & 0xff, p.bytes.length >> 8, p.bytes.length & 0xff);
    parts.push(
      (p.at >>> 24) & 0xff,
      (p.at >>> 16) & 0xff,
      (p.at >>> 8) & 0xff,
      p.at & 0xff,
      ...p.bytes,
    );
  }
  return new Uint8Array(parts);
}

describe('parley decode t140 (built)', () => {
  const dirs: string[] = [];
  const file = (name: string, content: string | Uint8Array) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-t140-'));
    dirs.push(dir);
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('decodes a T.140 data-channel payload (hex fixture) to changes and the display', async () => {
    const cli = runParley([
      'decode',
      't140',
      join(rfcExamplesDir, 'constructed-t140-dc-payload.hex'),
    ]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(lines(cli.stdout)).toEqual([
      { change: { kind: 'append', source: '', at: 0, text: 'Hi' } },
      { change: { kind: 'newline', source: '', at: 0, line: 'Hi' } },
      { change: { kind: 'append', source: '', at: 0, text: 'x' } },
      { change: { kind: 'erase', source: '', at: 0, count: 1, text: 'x' } },
      { display: { lines: ['Hi'], current: '' } },
    ]);
  });

  it('decodes binary T.140 with controls', async () => {
    const cli = runParley(['decode', 't140', file('in.bin', 'a\u0007\u009b1mb\r\n')]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const out = lines(cli.stdout);
    expect(out).toContainEqual({ bell: { source: '', at: 0 } });
    expect(out).toContainEqual({ control: { source: '', at: 0, kind: 'sgr', params: [1] } });
    expect(out.at(-1)).toEqual({ display: { lines: ['ab'], current: '' } });
  });

  it('decodes the constructed RED packet with --rtp, telling RED from T.140 by structure', async () => {
    const cli = runParley([
      'decode',
      't140',
      '--rtp',
      join(rfcExamplesDir, 'constructed-t140-red-packet.hex'),
    ]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const out = lines(cli.stdout);
    expect(out[0]).toMatchObject({
      packet: {
        sequenceNumber: 1000,
        payloadType: 100,
        format: 'red',
        generations: [
          { payloadType: 98, timestampOffset: 600, text: 'a' },
          { payloadType: 98, timestampOffset: 300, text: 'b' },
        ],
        primary: { text: 'c' },
      },
    });
    expect(out.at(-1)).toEqual({ display: { source: '11223344', lines: [], current: 'abc' } });
  });

  it('recovers a lost packet from redundancy in a hex capture (sequence numbers wrap)', async () => {
    const packets = session();
    const kept = packets.filter((_, i) => i !== 2);
    const input = kept.map((p) => hex(p.bytes)).join('\n\n');
    const cli = runParley([
      'decode',
      't140',
      '--rtp',
      '--pt-t140',
      '98',
      '--pt-red',
      '100',
      file('cap.hex', input),
    ]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const out = lines(cli.stdout);
    expect(out.filter((l) => 'loss' in l)).toEqual([]);
    expect(out.at(-1)).toEqual({
      display: { source: 'abcdef01', lines: [], current: 'Hello world' },
    });
  });

  it('reads an rtpdump capture and marks text lost beyond the redundancy once', async () => {
    const packets = session();
    const kept = packets.filter((_, i) => i < 2 || i > 4);
    const cli = runParley(['decode', 't140', '--rtp', file('cap.rtpdump', rtpdump(kept))]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const out = lines(cli.stdout);
    expect(out.filter((l) => 'loss' in l)).toHaveLength(1);
    expect(out.at(-1)).toEqual({
      display: { source: 'abcdef01', lines: [], current: '\uFFFD world' },
    });
    const appends = out.filter((l) => 'change' in l).map((l) => (l['change'] as { at: number }).at);
    expect(Math.max(...appends)).toBeGreaterThan(0);
  });

  it('malformed packets give an {"error":...} line and exit status 2', async () => {
    const bad = file('bad.hex', '80 64 03 e8 00 00 4f b0 11 22 33 44\ne2 09 60 05 62 61\n');
    const cli = runParley(['decode', 't140', '--rtp', '--pt-t140', '98', '--pt-red', '100', bad]);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(lines(cli.stdout).at(-1)).toEqual({
      error: {
        code: 'INVALID_RED_PAYLOAD',
        offset: 17,
        message: 'packet 0: RED block of 5 bytes runs past the payload end (at byte 17)',
      },
    });
    const short = runParley(['decode', 't140', '--rtp', file('short.hex', '80 64 03\n')]);
    expect(await short.exited).toEqual({ code: 2, signal: null });
    expect(lines(short.stdout).at(-1)).toMatchObject({
      error: { code: 'INVALID_RTP_PACKET', offset: 3 },
    });
    const pt = runParley([
      'decode',
      't140',
      '--rtp',
      '--pt-t140',
      '96',
      join(rfcExamplesDir, 'constructed-t140-red-packet.hex'),
    ]);
    expect(await pt.exited).toEqual({ code: 2, signal: null });
    expect(lines(pt.stdout).at(-1)).toMatchObject({ error: { code: 'UNKNOWN_PAYLOAD_TYPE' } });
  });
});
