// npm run bench -- msrp: MSRP parse throughput beside a raw CRLF scan over the same bytes.
import {
  MsrpParser,
  chunkMessage,
  newTransactionId,
  parsePath,
  serializeChunk,
} from '@parley/msrp';
import { machineLine, measure, report, type Measurement } from './support/harness.js';

const toPath = parsePath('msrps://bob.example.com:51444/di551fsaodes;dc');
const fromPath = parsePath('msrps://alice.example.com:54111/si438dsaodes;dc');
const encoder = new TextEncoder();

/** Chat-like text: lines of about 70 characters, CRLF line ends, some dashes. */
function textBody(size: number): Uint8Array {
  const line = 'The quick brown fox -- jumps over the lazy dog; 0123456789 ----- ok!\r\n';
  return encoder.encode(line.repeat(Math.ceil(size / line.length)).slice(0, size));
}

/** A stream of about `streamBytes` bytes made of SEND chunks with bodies of `bodySize` octets. */
function stream(bodySize: number, streamBytes: number): { bytes: Uint8Array; chunks: number } {
  const parts: Uint8Array[] = [];
  let total = 0;
  let n = 0;
  do {
    const [chunk] = chunkMessage(
      {
        messageId: `msg${n}xyz`,
        toPath,
        fromPath,
        contentType: 'text/plain',
        body: textBody(bodySize),
      },
      bodySize + 1024,
      newTransactionId,
    );
    const bytes = serializeChunk(chunk!);
    parts.push(bytes);
    total += bytes.length;
    n++;
  } while (total < streamBytes);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, chunks: n };
}

function rawCrlfScan(bytes: Uint8Array): number {
  let lines = 0;
  let i = bytes.indexOf(13);
  while (i >= 0) {
    if (bytes[i + 1] === 10) {
      lines++;
    }
    i = bytes.indexOf(13, i + 1);
  }
  return lines;
}

function parseWhole(bytes: Uint8Array): number {
  const parser = new MsrpParser();
  parser.push(bytes);
  let n = 0;
  while (parser.next()) {
    n++;
  }
  return n;
}

function parseSplit(pieces: readonly Uint8Array[]): number {
  const parser = new MsrpParser();
  let n = 0;
  for (const piece of pieces) {
    parser.push(piece);
    while (parser.next()) {
      n++;
    }
  }
  return n;
}

const rows: Measurement[] = [];
const ratios: string[] = [];
for (const [label, bodySize] of [
  ['100 B', 100],
  ['16 KiB', 16 * 1024],
  ['1 MiB', 1024 * 1024],
] as const) {
  const { bytes, chunks } = stream(bodySize, 2 * 1024 * 1024);
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 1024) {
    pieces.push(bytes.slice(at, at + 1024));
  }
  if (parseWhole(bytes) !== chunks || parseSplit(pieces) !== chunks) {
    throw new Error('benchmark stream does not parse');
  }
  const scan = measure(`raw CRLF scan (indexOf), ${label} bodies`, () => rawCrlfScan(bytes), {
    bytesPerOp: bytes.length,
  });
  const whole = measure(`parse ${label} bodies, delivered whole`, () => parseWhole(bytes), {
    bytesPerOp: bytes.length,
  });
  const split = measure(`parse ${label} bodies, 1 KiB splits`, () => parseSplit(pieces), {
    bytesPerOp: bytes.length,
  });
  rows.push(scan, whole, split);
  const ratio = (m: Measurement) =>
    ((m.bytesPerSecond ?? 0) / (scan.bytesPerSecond ?? 1)).toFixed(2);
  ratios.push(`| ${label} | ${ratio(whole)} | ${ratio(split)} |`);
}

const message = {
  messageId: 'msgbench1',
  toPath,
  fromPath,
  contentType: 'text/plain',
  body: textBody(1024 * 1024),
};
const serializeChunks = chunkMessage(message, 16384, newTransactionId);
rows.push(
  measure(
    'chunk + serialize a 1 MiB message into 16 KiB chunks',
    () => chunkMessage(message, 16384, newTransactionId).map((c) => serializeChunk(c)),
    {
      bytesPerOp: message.body.length,
    },
  ),
);

report('msrp', rows);
console.log(
  `\nParse throughput as a fraction of the raw CRLF scan over the same bytes (goal: at least 0.33 for large bodies); ${serializeChunks.length} chunks per 1 MiB at 16 KiB.\n`,
);
console.log('| bodies | whole | 1 KiB splits |');
console.log('| --- | ---: | ---: |');
for (const line of ratios) {
  console.log(line);
}
console.log(`\n${machineLine()}`);
