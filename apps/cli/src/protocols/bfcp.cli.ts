import {
  BfcpError,
  COMMON_HEADER_SIZE,
  FRAGMENT_HEADER_SIZE,
  decodeCommonHeader,
  decodeMessage,
  encodeMessage,
  fragmentToJson,
  messageFromJson,
  messageToJson,
} from '@parley/bfcp';
import type { Command } from 'commander';
import type { ProtocolCli } from '../commands/decode.command.js';
import {
  bytesToHex,
  decodeHexText,
  failWith,
  HexInputError,
  readInput,
  writeJsonLine,
} from '../io.js';

interface DecodeFlags {
  readonly hex?: boolean;
  readonly lenient?: boolean;
}

function reportError(error: unknown, base = 0): void {
  if (error instanceof BfcpError) {
    failWith({
      code: error.code,
      offset: error.offset === undefined ? undefined : base + error.offset,
      message: error.message,
    });
  } else if (error instanceof HexInputError) {
    failWith({ code: 'INVALID_HEX', offset: error.offset, message: error.message });
  } else {
    throw error;
  }
}

/** Decodes concatenated BFCP messages (a TCP stream or a capture's payloads): one JSON line each. */
export function decodeBfcpBytes(bytes: Uint8Array, lenient: boolean): void {
  let at = 0;
  while (at < bytes.length) {
    const rest = bytes.subarray(at);
    try {
      const header = decodeCommonHeader(rest, at);
      if (!header) {
        failWith({
          code: 'TRUNCATED',
          offset: bytes.length,
          message: `${rest.length} octet(s) left cannot hold a COMMON-HEADER`,
        });
        return;
      }
      if (header.fragment) {
        const end = FRAGMENT_HEADER_SIZE + header.fragment.length;
        if (end > rest.length) {
          failWith({ code: 'TRUNCATED', offset: bytes.length, message: 'fragment cut short' });
          return;
        }
        writeJsonLine(fragmentToJson(header, rest.subarray(FRAGMENT_HEADER_SIZE, end)));
        at += end;
        continue;
      }
      const total = COMMON_HEADER_SIZE + header.payloadLength;
      // A message cut short is decoded alone so decodeMessage says how (a lenient decode repairs
      // an octet-counted Payload Length).
      const slice = total <= rest.length ? rest.subarray(0, total) : rest;
      writeJsonLine(messageToJson(decodeMessage(slice, { lenient })));
      at += slice.length;
    } catch (error) {
      reportError(error, at);
      return;
    }
  }
}

/** JSON lines (or one JSON object or array) to one hex line per message. */
export function encodeBfcpText(text: string): void {
  const trimmed = text.trim();
  let values: unknown[];
  try {
    const whole: unknown = JSON.parse(trimmed === '' ? '[]' : trimmed);
    values = Array.isArray(whole) ? whole : [whole];
  } catch {
    values = [];
    for (const [index, line] of trimmed.split('\n').entries()) {
      if (line.trim() === '') {
        continue;
      }
      try {
        values.push(JSON.parse(line));
      } catch {
        failWith({
          code: 'INVALID_JSON',
          offset: undefined,
          message: `line ${index + 1} is not JSON`,
        });
        return;
      }
    }
  }
  for (const value of values) {
    try {
      process.stdout.write(`${bytesToHex(encodeMessage(messageFromJson(value)))}\n`);
    } catch (error) {
      reportError(error);
      return;
    }
  }
}

export const bfcpCli: ProtocolCli = {
  registerDecode(decode: Command) {
    decode
      .command('bfcp')
      .description(
        'decode BFCP (RFC 8855) messages, binary or --hex, one after another, to one JSON object each',
      )
      .argument('[file]', 'input file, or - for standard input', '-')
      .option('--hex', 'the input is hex text (whitespace, 0x, : and # comments ignored)')
      .option(
        '--lenient',
        'repair known real-world quirks (octet-counted length, 16-bit lists, vendor primitives)',
      )
      .action(async (file: string, flags: DecodeFlags) => {
        const input = await readInput(file);
        let bytes: Uint8Array;
        try {
          bytes = flags.hex ? decodeHexText(new TextDecoder().decode(input)) : input;
        } catch (error) {
          reportError(error);
          return;
        }
        decodeBfcpBytes(bytes, flags.lenient ?? false);
      });
  },
  registerEncode(encode: Command) {
    encode
      .command('bfcp')
      .description('encode BFCP messages given as JSON (the decode format) to hex, one line each')
      .argument('[file]', 'input file, or - for standard input', '-')
      .action(async (file: string) => {
        encodeBfcpText(new TextDecoder().decode(await readInput(file)));
      });
  },
};
