import { readFile } from 'node:fs/promises';

/** Reads FILE, or standard input when FILE is `-` or absent, as bytes. */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file !== undefined && file !== '-') {
    return new Uint8Array(await readFile(file));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Thrown for input that is not hex text. */
export class HexInputError extends Error {
  override readonly name = 'HexInputError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Hex text to bytes: whitespace, `0x` prefixes, `:` separators and `#` comments are ignored, as in
 * the fixtures and in what tshark or a hex dump prints. Offsets in errors count characters of the text.
 */
export function decodeHexText(text: string): Uint8Array {
  const out: number[] = [];
  let pending = -1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && pending < 0) {
      i += 2;
      continue;
    }
    if (/\s|:/.test(c)) {
      i++;
      continue;
    }
    const nibble = parseInt(c, 16);
    if (Number.isNaN(nibble)) {
      throw new HexInputError(`not a hex digit: ${JSON.stringify(c)}`, i);
    }
    if (pending < 0) {
      pending = nibble;
    } else {
      out.push((pending << 4) | nibble);
      pending = -1;
    }
    i++;
  }
  if (pending >= 0) {
    throw new HexInputError('odd number of hex digits', text.length);
  }
  return new Uint8Array(out);
}

/** Lower-case hex of bytes, no separators. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Writes one JSON object as a line on standard output. */
export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** The JSON line printed for malformed input, before exiting with status 2. */
export function failWith(error: {
  code: string;
  offset?: number | undefined;
  message: string;
}): void {
  writeJsonLine({
    error: { code: error.code, offset: error.offset ?? null, message: error.message },
  });
  process.exitCode = 2;
}
