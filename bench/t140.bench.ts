// npm run bench -- t140: receiver and sender throughput, RTP/RED packetisation, and the CPU that
// 1000 simultaneous senders typing at 30 cps cost on real timers.
import { ManualClock, systemClock } from '@parley/transport';
import {
  RtpT140Receiver,
  RtpT140Sender,
  T140Receiver,
  T140Sender,
  diffField,
  parseRedPayload,
  parseRtpPacket,
} from '@parley/t140';
import { measure, report, type Measurement } from './support/harness.js';

const encoder = new TextEncoder();

// A realistic stream: words, corrections, line ends, an emoji, a combining mark, keep-alive BOMs.
const conversation =
  'Hello Bob, how are yuo\b\b\bou today?\u2028I am fine 👍🏽, thanks.\u2028Caf\u0065\u0301 at 3?\uFEFF\r\n';
const chunk = encoder.encode(conversation);
const ascii = encoder.encode('The quick brown fox jumps over the lazy dog. '.repeat(23));

function receiverBench(): Measurement[] {
  const clock = new ManualClock(0);
  let receiver = new T140Receiver({ clock, maxLines: 1000 });
  let n = 0;
  const mixed = measure(
    'receiver: mixed T.140 (text, BS, LS, CRLF, emoji, BOM), 80-byte messages',
    () => {
      if (++n % 10_000 === 0) {
        receiver = new T140Receiver({ clock, maxLines: 1000 });
      }
      receiver.receive(chunk);
      return receiver;
    },
    { bytesPerOp: chunk.length },
  );
  const plain = new T140Receiver({ clock, maxLines: 100 });
  const big = measure(
    'receiver: ASCII text, 1 KiB messages',
    () => {
      plain.receive(ascii);
      plain.receive('\u2028');
      return plain;
    },
    { bytesPerOp: ascii.length },
  );
  const eraser = new T140Receiver({ clock });
  eraser.receive('x'.repeat(100_000));
  const erase = measure('receiver: append + BACKSPACE on a 100 000-character line', () => {
    eraser.receive('👨‍👩‍👧\b');
    return eraser;
  });
  return [mixed, big, erase];
}

function senderBench(): Measurement[] {
  const clock = new ManualClock(0);
  const sender = new T140Sender({ clock, cps: 1_000_000 });
  let bytes = 0;
  sender.on('data', ({ text }) => {
    bytes += text.length;
  });
  const typed = measure('sender: type one character and transmit (diff, cps, split)', () => {
    sender.insert('a');
    sender.flush();
    if (bytes > 50_000) {
      sender.setText('');
      sender.flush();
      bytes = 0;
    }
    return bytes;
  });
  const field = 'x'.repeat(1000);
  const diff = measure('sender: field diff of a 1000-character field after one edit', () =>
    diffField(field, `${field.slice(0, 990)}yz`),
  );
  const setText = new T140Sender({ clock, cps: 1_000_000 });
  let value = '';
  const keystrokes = measure('sender: setText per keystroke (textarea of 200 characters)', () => {
    value = value.length >= 200 ? '' : `${value}k`;
    setText.setText(value);
    setText.flush();
    return value;
  });
  return [typed, diff, keystrokes];
}

function rtpBench(): Measurement[] {
  const clock = new ManualClock(0);
  const rtp = new RtpT140Sender({ clock, redundancy: 2 });
  let last: Uint8Array = new Uint8Array(0);
  rtp.on('packet', (p) => {
    last = p.bytes;
  });
  const block = 'hello world';
  const packetise = measure(
    'RTP: packetise a T140block with 2 redundant generations (text/red)',
    () => {
      rtp.send(block);
      return last;
    },
  );
  const parse = measure('RTP: parse packet + RED payload', () => {
    const packet = parseRtpPacket(last);
    return parseRedPayload(packet.payload);
  });
  const packets: Uint8Array[] = [];
  const source = new RtpT140Sender({ clock, redundancy: 2, ssrc: 1, initialSequenceNumber: 0 });
  source.on('packet', (p) => packets.push(p.bytes));
  for (let i = 0; i < 1000; i++) {
    source.send(i % 50 === 49 ? '\u2028' : 'word ');
  }
  let receiver = new RtpT140Receiver({ clock, receiverOptions: { maxLines: 100 } });
  let i = 0;
  const receive = measure(
    'RTP: receive text/red (sequence, recovery by timestamp, display)',
    () => {
      if (i === packets.length) {
        i = 0;
        receiver = new RtpT140Receiver({ clock, receiverOptions: { maxLines: 100 } });
      }
      receiver.receive(packets[i++]!);
      return receiver;
    },
  );
  return [packetise, parse, receive];
}

/** 1000 senders typing 30 characters per second each, for real (system clock, real timers). */
async function thousandSenders(seconds: number): Promise<Record<string, string>[]> {
  const senders: T140Sender[] = [];
  let sent = 0;
  let messages = 0;
  for (let i = 0; i < 1000; i++) {
    const sender = new T140Sender({ clock: systemClock });
    sender.on('data', ({ text }) => {
      sent += text.length;
      messages++;
    });
    senders.push(sender);
  }
  const start = process.cpuUsage();
  const wallStart = performance.now();
  let typed = 0;
  // Every 10 ms, a third of the senders types one character: 1000 x 100/3 = 30 cps each.
  let turn = 0;
  const typing = setInterval(() => {
    for (let i = turn % 3; i < senders.length; i += 3) {
      senders[i]!.insert('x');
      typed++;
    }
    turn++;
  }, 10);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(typing);
  const cpu = process.cpuUsage(start);
  const wall = (performance.now() - wallStart) / 1000;
  for (const sender of senders) {
    sender.close();
  }
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return [
    {
      line: `\n1000 senders x 30 cps for ${wall.toFixed(1)} s (real timers, 300 ms interval): typed ${typed} characters (${Math.round(typed / wall)} cps in total), sent ${sent} in ${messages} messages; CPU ${cpuSeconds.toFixed(2)} s = ${((100 * cpuSeconds) / wall).toFixed(1)} % of one core.`,
    },
  ];
}

const fromEnv = Number(process.env['BENCH_SECONDS']);
const seconds = Number.isFinite(fromEnv) && fromEnv > 0 ? Math.max(3, fromEnv * 3) : 5;
const rows = [...receiverBench(), ...senderBench(), ...rtpBench()];
const extra = await thousandSenders(seconds);
report('t140', rows, extra);
