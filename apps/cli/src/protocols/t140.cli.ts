import type { Command } from 'commander';
import { ManualClock } from '@parley/transport';
import {
  RtpT140Receiver,
  T140Receiver,
  type ReceivedRtpPacket,
  type T140Change,
  type T140ControlEvent,
} from '@parley/t140';
import {
  bytesToHex,
  decodeHexText,
  failWith,
  HexInputError,
  readInput,
  writeJsonLine,
} from '../io.js';
import type { ProtocolCli } from '../commands/decode.command.js';

interface T140DecodeOptions {
  rtp?: boolean;
  ptT140?: string;
  ptRed?: string;
  hex?: boolean;
  binary?: boolean;
}

/** One RTP packet of the input, with its capture time (ms) when the format has one. */
interface InputPacket {
  readonly bytes: Uint8Array;
  readonly at: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Hex input as the fixtures and hex dumps write it: `#` comments, byte pairs separated by
 * whitespace. A run of hex digits without any separator or comment is taken as text (use --hex).
 */
function looksLikeHex(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return false;
  }
  const hasComment = /(^|\n)\s*#/.test(text);
  const content = text.replace(/#[^\n]*/g, '');
  if (!/^[\s0-9a-fA-F]*$/.test(content) || content.trim() === '') {
    return false;
  }
  return hasComment || /^\s*[0-9a-fA-F]{2}(\s+[0-9a-fA-F]{2})+\s*$/.test(content);
}

function isHexInput(bytes: Uint8Array, options: T140DecodeOptions): boolean {
  if (options.hex) {
    return true;
  }
  if (options.binary) {
    return false;
  }
  return looksLikeHex(bytes);
}

/** Packets of hex input: one per paragraph (packets separated by blank lines). */
function hexPackets(text: string): InputPacket[] {
  const packets: InputPacket[] = [];
  let offset = 0;
  for (const paragraph of text.split(/\r?\n[ \t]*\r?\n/)) {
    try {
      const bytes = decodeHexText(paragraph);
      if (bytes.length > 0) {
        packets.push({ bytes, at: 0 });
      }
    } catch (error) {
      if (error instanceof HexInputError) {
        throw new HexInputError(error.message, offset + error.offset);
      }
      throw error;
    }
    offset += paragraph.length + 2;
  }
  return packets;
}

class RtpdumpError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** rtpdump files ("#!rtpplay1.0 address/port\n", a 16-byte header, then timed records). */
function rtpdumpPackets(bytes: Uint8Array): InputPacket[] {
  const lineEnd = bytes.indexOf(0x0a);
  let at = lineEnd + 1 + 16;
  if (lineEnd < 0 || at > bytes.length) {
    throw new RtpdumpError('rtpdump file header cut short', bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: InputPacket[] = [];
  while (at < bytes.length) {
    if (at + 8 > bytes.length) {
      throw new RtpdumpError('rtpdump record header cut short', at);
    }
    const length = view.getUint16(at);
    const packetLength = view.getUint16(at + 2);
    const offsetMs = view.getUint32(at + 4);
    if (length < 8 || at + length > bytes.length) {
      throw new RtpdumpError(`rtpdump record of ${length} bytes runs past the end`, at);
    }
    if (packetLength > 0) {
      packets.push({ bytes: bytes.slice(at + 8, at + length), at: offsetMs });
    }
    at += length;
  }
  return packets;
}

const RTPDUMP_MAGIC = '#!rtpplay1.0';

function inputPackets(bytes: Uint8Array, options: T140DecodeOptions): InputPacket[] {
  if (utf8.decode(bytes.slice(0, RTPDUMP_MAGIC.length)) === RTPDUMP_MAGIC) {
    return rtpdumpPackets(bytes);
  }
  if (isHexInput(bytes, options)) {
    return hexPackets(utf8.decode(bytes));
  }
  return [{ bytes, at: 0 }];
}

function changeLine(change: T140Change): void {
  writeJsonLine({ change });
}

function controlLine(event: T140ControlEvent): void {
  writeJsonLine({ control: { source: event.source, at: event.at, ...event.token } });
}

function packetLine(p: ReceivedRtpPacket): void {
  writeJsonLine({
    packet: {
      sequenceNumber: p.packet.sequenceNumber,
      timestamp: p.packet.timestamp,
      ssrc: p.packet.ssrc.toString(16).padStart(8, '0'),
      csrcs: p.packet.csrcs.map((c) => c.toString(16).padStart(8, '0')),
      marker: p.packet.marker,
      payloadType: p.packet.payloadType,
      format: p.format,
      source: p.source,
      gap: p.gap,
      recovered: p.recovered,
      generations: p.redundant.map((b) => ({
        payloadType: b.payloadType,
        timestampOffset: b.timestampOffset,
        text: utf8.decode(b.data),
        hex: bytesToHex(b.data),
      })),
      primary: { text: utf8.decode(p.primary), hex: bytesToHex(p.primary) },
    },
  });
}

function parsePayloadType(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 127) {
    throw new Error(`${flag} must be a payload type 0-127, got "${value}"`);
  }
  return n;
}

function decodeT140Stream(bytes: Uint8Array): void {
  const receiver = new T140Receiver({ clock: new ManualClock(0) });
  receiver.on('change', changeLine);
  receiver.on('control', controlLine);
  receiver.on('bell', (bell) => {
    writeJsonLine({ bell });
  });
  receiver.receive(bytes);
  receiver.end();
  writeJsonLine({
    display: {
      lines: receiver.display.lines.map((l) => l.text),
      current: receiver.display.currentLine.text,
    },
  });
}

function decodeRtp(packets: InputPacket[], options: T140DecodeOptions): void {
  const clock = new ManualClock(0);
  const t140PayloadType = parsePayloadType(options.ptT140, '--pt-t140');
  const redPayloadType = parsePayloadType(options.ptRed, '--pt-red');
  const receiver = new RtpT140Receiver({
    clock,
    ...(t140PayloadType !== undefined ? { t140PayloadType } : {}),
    ...(redPayloadType !== undefined ? { redPayloadType } : {}),
  });
  const state = { failed: false, index: 0 };
  receiver.on('packet', packetLine);
  receiver.on('change', changeLine);
  receiver.on('control', controlLine);
  receiver.on('bell', (bell) => {
    writeJsonLine({ bell });
  });
  receiver.on('loss', (loss) => {
    writeJsonLine({ loss });
  });
  receiver.on('invalid', ({ error }) => {
    state.failed = true;
    failWith({
      code: error.code,
      offset: error.offset,
      message: `packet ${state.index}: ${error.message}`,
    });
  });
  for (const packet of packets) {
    if (packet.at > clock.now()) {
      clock.advance(packet.at - clock.now());
    }
    receiver.receive(packet.bytes);
    if (state.failed) {
      return;
    }
    state.index++;
  }
  receiver.flush();
  for (const [source, r] of receiver.sources) {
    writeJsonLine({
      display: {
        source,
        lines: r.display.lines.map((l) => l.text),
        current: r.display.currentLine.text,
      },
    });
  }
}

/** `parley decode t140 [--rtp] [--pt-t140 N --pt-red M] [--hex|--binary] [FILE|-]`. */
export const t140Cli: ProtocolCli = {
  registerDecode(decode: Command): void {
    decode
      .command('t140')
      .description(
        'decode T.140 real-time text (RFC 8865 data-channel bytes, or with --rtp RFC 4103 text/t140 and text/red packets) to JSON lines of changes',
      )
      .argument('[file]', 'input file, or - for standard input (hex text or binary)')
      .option(
        '--rtp',
        'input is RTP packets: hex packets separated by blank lines, an rtpdump file, or one binary packet',
      )
      .option('--pt-t140 <n>', 'payload type of text/t140 (default: told from the packets)')
      .option(
        '--pt-red <n>',
        'payload type of text/red (default: told from the packets by structure)',
      )
      .option('--hex', 'the input is hex text')
      .option('--binary', 'the input is binary')
      .action(async (file: string | undefined, options: T140DecodeOptions) => {
        const bytes = await readInput(file);
        try {
          if (options.rtp) {
            decodeRtp(inputPackets(bytes, options), options);
          } else {
            decodeT140Stream(
              isHexInput(bytes, options) ? decodeHexText(utf8.decode(bytes)) : bytes,
            );
          }
        } catch (error) {
          if (error instanceof HexInputError) {
            failWith({ code: 'INVALID_HEX', offset: error.offset, message: error.message });
          } else if (error instanceof RtpdumpError) {
            failWith({ code: 'INVALID_RTPDUMP', offset: error.offset, message: error.message });
          } else if (error instanceof Error) {
            failWith({ code: 'INVALID_ARGUMENT', message: error.message });
          } else {
            throw error;
          }
        }
      });
  },
};
