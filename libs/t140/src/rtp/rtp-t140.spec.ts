import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import fc from 'fast-check';
import { T140Sender } from '../sender/t140-sender.js';
import { parseRedPayload } from './red-payload-parser.js';
import type { RtpPacket } from './rtp-packet.js';
import { serializeRtpPacket } from './rtp-packet-serializer.js';
import { RtpT140Receiver } from './rtp-t140-receiver.js';
import { RtpT140Sender, type RtpT140SenderOptions } from './rtp-t140-sender.js';

const ascii = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

function sender(options: RtpT140SenderOptions = {}) {
  const clock = new ManualClock(0);
  const rtp = new RtpT140Sender({
    clock,
    ssrc: 0x11223344,
    initialSequenceNumber: 1000,
    initialTimestamp: 20000,
    ...options,
  });
  const packets: { bytes: Uint8Array; packet: RtpPacket }[] = [];
  rtp.on('packet', (p) => packets.push(p));
  return { clock, rtp, packets };
}

/** Types `words`, one every 400 ms, through a T140Sender into an RTP sender; returns every packet. */
function typedSession(redundancy: number, words: string[]) {
  const s = sender({ redundancy });
  const t140 = new T140Sender({ clock: s.clock });
  s.rtp.attach(t140);
  s.rtp.start();
  for (const word of words) {
    t140.insert(word);
    s.clock.advance(400);
  }
  s.clock.advance(5000);
  return s;
}

describe('RtpT140Sender (RFC 4103 §4, §5)', () => {
  it('sends the BOM first with the M bit, then two generations of redundancy', () => {
    const { clock, rtp, packets } = sender();
    rtp.start();
    clock.advance(300);
    rtp.send('a');
    clock.advance(300);
    rtp.send('b');
    const all = packets.map((p) => p.packet);
    const [bom] = all;
    expect(bom).toMatchObject({
      marker: true,
      payloadType: 100,
      sequenceNumber: 1000,
      timestamp: 20000,
    });
    const bomRed = parseRedPayload(bom!.payload);
    expect(bomRed.redundant.map((r) => r.data.length)).toEqual([0, 0]);
    expect(ascii(bomRed.primary.data)).toBe('\uFEFF');
    // BOM, empty (tail) at 300, "a" at 301, empty at 600, "b" at 601: consecutive numbers.
    expect(all.map((p) => p.sequenceNumber)).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(all.map((p) => p.timestamp - 20000)).toEqual([0, 300, 301, 600, 601]);
    expect(all.slice(1).every((p) => !p.marker)).toBe(true);
    const b = all[4]!;
    const bRed = parseRedPayload(b.payload);
    // The two previous primaries, oldest first, with their age as the timestamp offset.
    expect(bRed.redundant.map((r) => [ascii(r.data), r.timestampOffset, r.payloadType])).toEqual([
      ['a', 300, 98],
      ['', 1, 98],
    ]);
    expect(ascii(bRed.primary.data)).toBe('b');
  });

  it('keeps sending empty primaries every interval until the last text went out in every generation, then idles', () => {
    const { clock, rtp, packets } = sender();
    rtp.send('x');
    clock.advance(10_000);
    expect(packets.map((p) => p.packet.timestamp - 20000)).toEqual([0, 300, 600]);
    const last = parseRedPayload(packets[2]!.packet.payload);
    expect(last.redundant.map((r) => ascii(r.data))).toEqual(['x', '']);
    expect(last.primary.data.length).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    // New text after idle: M bit set again.
    rtp.send('y');
    expect(packets[3]!.packet.marker).toBe(true);
  });

  it('without redundancy sends text/t140 and one empty block to start the idle period', () => {
    const { clock, rtp, packets } = sender({ redundancy: 0 });
    rtp.send('hi');
    clock.advance(5000);
    expect(packets.map((p) => [p.packet.payloadType, ascii(p.packet.payload)])).toEqual([
      [98, 'hi'],
      [98, ''],
    ]);
  });

  it('drops redundancy older than a 16383 ms offset', () => {
    const { clock, rtp, packets } = sender();
    rtp.send('a');
    clock.advance(30_000);
    rtp.send('b');
    const red = parseRedPayload(packets[packets.length - 1]!.packet.payload);
    expect(red.redundant).toEqual([]);
    expect(ascii(red.primary.data)).toBe('b');
  });

  it('never gives two packets the same timestamp', () => {
    const { rtp, packets } = sender();
    rtp.send('a');
    rtp.send('b');
    rtp.send('c');
    const stamps = packets.map((p) => p.packet.timestamp);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('sends keep-alive BOMs when idle, if asked', () => {
    const { clock, rtp, packets } = sender({ keepAliveMs: 15_000, redundancy: 0 });
    rtp.send('a');
    clock.advance(15_300);
    expect(packets.map((p) => ascii(p.packet.payload))).toEqual(['a', '', '\uFEFF']);
    rtp.close();
    clock.advance(100_000);
    expect(packets).toHaveLength(3);
  });
});

describe('RtpT140Receiver: redundancy and loss (RFC 4103 §4.2, §5.3)', () => {
  const words = ['Hello', ' there', ' how', ' are', ' you'];

  function deliver(
    redundancy: number,
    drop: (index: number, packet: RtpPacket) => boolean,
    options: { t140PayloadType?: number; redPayloadType?: number } = {},
  ) {
    const s = typedSession(redundancy, words);
    const clock = new ManualClock(0);
    const receiver = new RtpT140Receiver({ clock, ...options });
    const losses: number[] = [];
    receiver.on('loss', (l) => losses.push(l.lostPackets));
    s.packets.forEach((p, i) => {
      if (!drop(i, p.packet)) {
        receiver.receive(p.bytes);
      }
    });
    clock.advance(2000);
    return { text: receiver.source(0x11223344)?.text, losses, packets: s.packets };
  }

  it('everything arrives: the text, no marker', () => {
    for (const redundancy of [0, 1, 2]) {
      expect(deliver(redundancy, () => false).text).toBe('Hello there how are you');
    }
  });

  it('one generation: a lost packet is recovered from the next one, no U+FFFD', () => {
    const r = deliver(1, (i) => i === 2);
    expect(r.text).toBe('Hello there how are you');
    expect(r.losses).toEqual([]);
  });

  it('one generation: two lost packets in a row show exactly one U+FFFD', () => {
    // Packets: 0 BOM, 1 empty, 2 "Hello", 3 empty, 4 " there", 5 empty, 6 " how"...
    const r = deliver(1, (i) => i === 4 || i === 5);
    expect(r.text).toBe('Hello\uFFFD how are you');
    expect(r.losses).toEqual([1]);
  });

  it('two generations: two lost packets in a row are recovered, no U+FFFD', () => {
    const r = deliver(2, (i) => i === 2 || i === 3);
    expect(r.text).toBe('Hello there how are you');
    expect(r.losses).toEqual([]);
  });

  it('two generations: a loss beyond the redundancy shows exactly one U+FFFD', () => {
    const r = deliver(2, (i) => i >= 4 && i <= 6);
    expect(r.text).toBe('Hello\uFFFD how are you');
    expect(r.losses).toEqual([1]);
  });

  it('without redundancy, a lost empty block before an M-bit packet is not text loss', () => {
    const r = deliver(0, (i, p) => i > 2 && p.payload.length === 0);
    expect(r.text).toBe('Hello there how are you');
    expect(r.losses).toEqual([]);
  });

  it('without redundancy each unrecoverable gap shows one U+FFFD', () => {
    const r = deliver(0, (i) => i === 4);
    expect(r.text).toBe('Hello\uFFFD how are you');
    expect(r.losses).toEqual([1]);
  });

  it('decodes with explicit payload types, and drops packets of another type', () => {
    expect(deliver(2, () => false, { t140PayloadType: 98, redPayloadType: 100 }).text).toBe(
      'Hello there how are you',
    );
    const clock = new ManualClock(0);
    const receiver = new RtpT140Receiver({ clock, t140PayloadType: 98, redPayloadType: 100 });
    const invalid: string[] = [];
    receiver.on('invalid', (e) => invalid.push(e.error.code));
    const packet = serializeRtpPacket({
      marker: false,
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 1,
      ssrc: 1,
      csrcs: [],
      payload: new Uint8Array([0x61]),
    });
    receiver.receive(packet);
    expect(invalid).toEqual(['UNKNOWN_PAYLOAD_TYPE']);
  });

  it('reordered packets are put back in order without a marker', () => {
    const s = typedSession(0, words);
    const clock = new ManualClock(0);
    const receiver = new RtpT140Receiver({ clock });
    const order = s.packets.map((_, i) => i);
    [order[2], order[3]] = [order[3]!, order[2]!];
    for (const i of order) {
      receiver.receive(s.packets[i]!.bytes);
    }
    expect(receiver.source(0x11223344)?.text).toBe('Hello there how are you');
  });

  it('a packet after an unrecoverable gap waits up to 1 s for the late one', () => {
    const s = typedSession(0, words);
    const clock = new ManualClock(0);
    const receiver = new RtpT140Receiver({ clock });
    const p = s.packets.map((x) => x.bytes);
    for (const i of [0, 1, 2, 6]) {
      receiver.receive(p[i]!);
    }
    expect(receiver.source(0x11223344)?.text).toBe('Hello');
    clock.advance(999);
    for (const i of [3, 4, 5]) {
      receiver.receive(p[i]!);
    }
    expect(receiver.source(0x11223344)?.text).toBe('Hello there how');
    receiver.receive(p[10]!);
    clock.advance(999);
    expect(receiver.source(0x11223344)?.text).toBe('Hello there how');
    clock.advance(1);
    expect(receiver.source(0x11223344)?.text).toBe('Hello there how\uFFFD you');
  });
});

describe('RtpT140Receiver: sources, detection, robustness', () => {
  it('one display per source on a mixer stream (CSRC, RFC 9071 §3.16)', () => {
    const clock = new ManualClock(0);
    const alice = new RtpT140Sender({ clock, ssrc: 0xaaaa, csrc: 0xa1, initialSequenceNumber: 0 });
    const bob = new RtpT140Sender({ clock, ssrc: 0xaaaa, csrc: 0xb0, initialSequenceNumber: 0 });
    const receiver = new RtpT140Receiver({ clock });
    let seq = 0;
    const forward = ({ packet }: { packet: RtpPacket }) => {
      // The mixer numbers its one stream; each source keeps its own redundancy.
      receiver.receive(serializeRtpPacket({ ...packet, sequenceNumber: seq++ }));
    };
    alice.on('packet', forward);
    bob.on('packet', forward);
    alice.send('Hi ');
    bob.send('Yo');
    clock.advance(100);
    alice.send('all');
    clock.advance(5000);
    expect(receiver.source(0xa1)?.text).toBe('Hi all');
    expect(receiver.source(0xb0)?.text).toBe('Yo');
  });

  it('tells text/red from text/t140 by structure when no payload types are given', () => {
    const clock = new ManualClock(0);
    const receiver = new RtpT140Receiver({ clock });
    const formats: string[] = [];
    receiver.on('packet', (p) => formats.push(p.format));
    const plain = (seq: number, text: string) =>
      serializeRtpPacket({
        marker: false,
        payloadType: 98,
        sequenceNumber: seq,
        timestamp: seq * 300,
        ssrc: 7,
        csrcs: [],
        payload: new TextEncoder().encode(text),
      });
    // "\u00e2\u0080..." plain text starting with a byte that has the F bit set.
    receiver.receive(plain(1, 'bonjour'));
    receiver.receive(plain(2, 'âb'));
    const red = typedSession(2, ['ok']);
    for (const p of red.packets) {
      receiver.receive(p.bytes);
    }
    expect(formats.slice(0, 2)).toEqual(['t140', 't140']);
    expect(formats.slice(2).every((f) => f === 'red')).toBe(true);
    expect(receiver.source(7)?.text).toBe('bonjourâb');
    expect(receiver.source(0x11223344)?.text).toBe('ok');
  });

  it('never throws on arbitrary bytes or arbitrary packets', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 60 }),
            fc
              .record({
                pt: fc.constantFrom(98, 100, 0),
                seq: fc.integer({ min: 0, max: 0xffff }),
                ts: fc.integer({ min: 0, max: 0xffffffff }),
                csrc: fc.option(fc.constantFrom(1, 2)),
                payload: fc.uint8Array({ maxLength: 40 }),
              })
              .map((r) =>
                serializeRtpPacket({
                  marker: false,
                  payloadType: r.pt,
                  sequenceNumber: r.seq,
                  timestamp: r.ts,
                  ssrc: 5,
                  csrcs: r.csrc === null ? [] : [r.csrc],
                  payload: r.payload,
                }),
              ),
          ),
          { maxLength: 30 },
        ),
        fc.boolean(),
        (packets, typed) => {
          const clock = new ManualClock(0);
          const receiver = new RtpT140Receiver(
            typed ? { clock, t140PayloadType: 98, redPayloadType: 100 } : { clock },
          );
          for (const p of packets) {
            receiver.receive(p);
            clock.advance(50);
          }
          clock.advance(5000);
          receiver.flush();
        },
      ),
    );
  });
});
