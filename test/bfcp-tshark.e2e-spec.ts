// Cross-checks our BFCP encoder against an independent decoder: Wireshark's BFCP dissector (tshark).
// Every primitive we emit is wrapped in TCP by text2pcap and dissected; the test asserts tshark
// finds no malformed packet and no expert warning, and reads the same header fields, attribute
// types, lengths and values as we wrote. It always runs: a machine without tshark fails with a
// message saying to install it (Debian package tshark, which also brings text2pcap).
import { describe, expect, it } from '@jest/globals';
import {
  type BfcpAttribute,
  type BfcpMessage,
  AttributeType,
  allAttributeTypes,
  allPrimitives,
  chairAction,
  chairActionAck,
  encodeMessage,
  errorMessage,
  floorQuery,
  floorRelease,
  floorRequest,
  floorRequestQuery,
  floorRequestStatus,
  floorRequestStatusAck,
  floorStatus,
  floorStatusAck,
  goodbye,
  goodbyeAck,
  hello,
  helloAck,
  isGroupedAttribute,
  userQuery,
  userStatus,
  type FloorRequestInformation,
} from '@parley/bfcp';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHexExample, rfcExampleNames } from './support/fixtures.js';

const available =
  spawnSync('sh', ['-c', 'command -v tshark && command -v text2pcap'], { stdio: 'ignore' })
    .status === 0;
const MISSING_TSHARK =
  'tshark and text2pcap are not installed: install the Debian package "tshark" ' +
  '(apt-get install tshark; it brings text2pcap), then run the tests again';

/** Fails with an actionable message, instead of an obscure spawn error, when tshark is missing. */
function requireTshark(): void {
  if (!available) {
    throw new Error(MISSING_TSHARK);
  }
}

const header = (transactionId: number) => ({ conferenceId: 4321, transactionId, userId: 234 });
const info: FloorRequestInformation = {
  floorRequestId: 789,
  overall: { status: 2, queuePosition: 3, statusInfo: 'third in line' },
  floors: [
    { floorId: 1, status: 2, queuePosition: 3 },
    { floorId: 2, status: 2, queuePosition: 1, statusInfo: 'ok' },
  ],
  beneficiary: { userId: 154, displayName: 'Ada Lovelace', uri: 'sip:ada@example.com' },
  requestedBy: { userId: 234, displayName: 'Chair' },
  priority: 3,
  participantProvidedInfo: 'slides, please',
};

/** One message of every primitive, with every attribute somewhere (version 1: see the note below). */
const messages: BfcpMessage[] = [
  floorRequest(header(1), {
    floorIds: [1, 2],
    beneficiaryId: 154,
    participantProvidedInfo: 'question',
    priority: 4,
  }),
  floorRelease(header(2), 789),
  floorRequestQuery(header(3), 789),
  floorRequestStatus(header(4), info),
  userQuery(header(5), 154),
  userStatus(header(6), {
    beneficiary: { userId: 154, displayName: 'Ada', uri: 'sip:a@b' },
    requests: [info],
  }),
  floorQuery(header(7), [1, 2]),
  floorStatus(header(8), {
    floorId: 1,
    requests: [info, { ...info, floorRequestId: 790, priority: undefined }],
  }),
  chairAction(header(9), {
    floorRequestId: 789,
    floors: [{ floorId: 1, status: 3, statusInfo: 'go ahead' }],
  }),
  chairActionAck(header(10)),
  hello(header(11)),
  helloAck(header(12), { primitives: allPrimitives, attributes: allAttributeTypes }),
  errorMessage(header(13), { code: 4, info: 'unknown attribute', unknownAttributes: [85, 100] }),
  errorMessage(header(14), { code: 14, info: 'ümlaut ✓' }),
  floorRequestStatusAck(header(15)),
  floorStatusAck(header(16)),
  goodbye(header(17)),
  goodbyeAck(header(18)),
];

/** Attribute types and lengths in tree order, as a dissector lists them. */
function flatten(
  attributes: readonly BfcpAttribute[],
  out: { types: number[]; lengths: number[] },
) {
  for (const a of attributes) {
    const bytes = encodeMessage({ ...hello(header(0)), attributes: [a] });
    out.types.push(a.type === 'UNKNOWN' ? a.typeId : AttributeType[a.type]);
    out.lengths.push(bytes[13] as number);
    if (isGroupedAttribute(a)) {
      flatten(a.attributes, out);
    }
  }
  return out;
}

const fields = [
  'bfcp.ver',
  'bfcp.primitive',
  'bfcp.payload_length',
  'bfcp.conference_id',
  'bfcp.transaction_id',
  'bfcp.user_id',
  'bfcp.attribute_type',
  'bfcp.attribute_length',
  '_ws.malformed',
  '_ws.expert.severity',
];

function dissect(packets: Uint8Array[]): string[][] {
  requireTshark();
  const dir = mkdtempSync(join(tmpdir(), 'parley-tshark-'));
  try {
    const dump = packets
      .map(
        (bytes) => `000000 ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}\n`,
      )
      .join('\n');
    writeFileSync(join(dir, 'in.txt'), dump);
    const t2p = spawnSync(
      'text2pcap',
      ['-q', '-T', '40000,5070', join(dir, 'in.txt'), join(dir, 'out.pcap')],
      {
        encoding: 'utf8',
      },
    );
    expect(t2p.status).toBe(0);
    const shark = spawnSync(
      'tshark',
      [
        '-r',
        join(dir, 'out.pcap'),
        '-d',
        'tcp.port==5070,bfcp',
        '-o',
        'tcp.desegment_tcp_streams:FALSE',
        '-T',
        'fields',
        '-E',
        'separator=|',
        '-E',
        'occurrence=a',
        '-E',
        'aggregator=,',
        ...fields.flatMap((f) => ['-e', f]),
      ],
      { encoding: 'utf8' },
    );
    expect(shark.status).toBe(0);
    return shark.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('|'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Wireshark (tshark) dissects every BFCP message we encode', () => {
  it('tshark and text2pcap are installed (Debian package tshark)', () => {
    expect(requireTshark).not.toThrow();
  });

  it('all 17 primitives: no malformed packet, no expert warning, same fields as ours', () => {
    expect(new Set(messages.map((m) => m.primitive))).toEqual(new Set(allPrimitives));
    const rows = dissect(messages.map((m) => encodeMessage(m)));
    expect(rows).toHaveLength(messages.length);
    rows.forEach((row, i) => {
      const m = messages[i]!;
      const bytes = encodeMessage(m);
      const flat = flatten(m.attributes, { types: [], lengths: [] });
      expect({ i, row }).toEqual({
        i,
        row: [
          '1',
          String(m.primitive),
          String((bytes.length - 12) / 4),
          String(m.conferenceId),
          String(m.transactionId),
          String(m.userId),
          flat.types.join(','),
          flat.lengths.join(','),
          '',
          '',
        ],
      });
    });
  });

  it('our constructed RFC 8855 vectors (version 1) dissect cleanly too', () => {
    const names = rfcExampleNames('.hex', 'constructed-bfcp-').filter(
      (n) => loadHexExample(n)[0] === 0x20,
    );
    const rows = dissect(names.map((n) => loadHexExample(n)));
    expect(rows.map((r) => [r[0], r[8], r[9]])).toEqual(names.map(() => ['1', '', '']));
  });
});
