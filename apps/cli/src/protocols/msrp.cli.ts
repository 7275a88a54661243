import type { Command } from 'commander';
import {
  MsrpError,
  MsrpParseError,
  MsrpParser,
  parseByteRange,
  type ByteRange,
  type MsrpChunk,
} from '@parley/msrp';
import type { ProtocolCli } from '../commands/decode.command.js';
import { decodeHexText, failWith, HexInputError, readInput, writeJsonLine } from '../io.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON line printed for one request or response. */
export function describeChunk(chunk: MsrpChunk, offset: number): Record<string, unknown> {
  const headers: Record<string, string | string[]> = {};
  let byteRange: ByteRange | undefined;
  for (const { name, value } of chunk.headers) {
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
    if (key === 'byte-range' && byteRange === undefined) {
      try {
        byteRange = parseByteRange(value);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new MsrpParseError('INVALID_HEADER_VALUE', message, offset);
      }
    }
  }
  const out: Record<string, unknown> = { kind: chunk.kind };
  if (chunk.kind === 'request') {
    out['method'] = chunk.method;
  } else {
    out['status'] = chunk.status;
    out['comment'] = chunk.comment ?? null;
  }
  out['transactionId'] = chunk.transactionId;
  out['headers'] = headers;
  if (byteRange) {
    out['byteRange'] = byteRange;
  }
  out['continuation'] = chunk.continuation;
  if (chunk.kind === 'request' && chunk.body !== undefined) {
    out['bodyLength'] = chunk.body.length;
    try {
      out['body'] = utf8.decode(chunk.body);
    } catch {
      out['bodyBase64'] = Buffer.from(chunk.body).toString('base64');
    }
  }
  return out;
}

/** Decodes an MSRP byte stream to JSON lines; returns false after printing an error line. */
export function decodeMsrpStream(bytes: Uint8Array): boolean {
  const parser = new MsrpParser();
  parser.push(bytes);
  try {
    for (;;) {
      const offset = parser.offset;
      const chunk = parser.next();
      if (!chunk) {
        break;
      }
      writeJsonLine(describeChunk(chunk, offset));
    }
  } catch (error) {
    if (error instanceof MsrpParseError) {
      failWith({ code: error.code, offset: error.offset, message: error.message });
      return false;
    }
    if (error instanceof MsrpError) {
      failWith({ code: error.code, message: error.message });
      return false;
    }
    throw error;
  }
  if (parser.bufferedBytes > 0) {
    failWith({
      code: 'TRUNCATED',
      offset: bytes.length,
      message: `input ends inside a chunk (${parser.bufferedBytes} bytes from offset ${parser.offset} not parsed)`,
    });
    return false;
  }
  return true;
}

/** `parley decode msrp [FILE|-] [--hex]`. */
export const msrpCli: ProtocolCli = {
  registerDecode(decode: Command): void {
    decode
      .command('msrp')
      .description(
        'decode an MSRP byte stream (RFC 4975): one JSON line per request or response; body as UTF-8 text or bodyBase64',
      )
      .argument('[file]', 'file to read, or - for standard input', '-')
      .option('--hex', 'the input is hex text (whitespace, 0x, : and # comments ignored)')
      .action(async (file: string, options: { hex?: boolean }) => {
        let bytes = await readInput(file);
        if (options.hex === true) {
          try {
            bytes = decodeHexText(new TextDecoder().decode(bytes));
          } catch (error) {
            if (error instanceof HexInputError) {
              failWith({ code: 'INVALID_HEX', offset: error.offset, message: error.message });
              return;
            }
            throw error;
          }
        }
        decodeMsrpStream(bytes);
      });
  },
};
