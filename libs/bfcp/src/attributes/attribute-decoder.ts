import { BfcpParseError } from '../errors.js';
import { ByteReader } from '../wire/byte-reader.js';
import type { BfcpAttribute } from './attribute.js';
import { attributeFormat, attributeName } from './attribute-type.js';

/** What a decoder tolerates and how much it reads. */
export interface AttributeDecodeOptions {
  /**
   * Repair real-world quirks instead of failing: 16-bit entries in SUPPORTED-PRIMITIVES /
   * SUPPORTED-ATTRIBUTES, a last attribute without its padding, invalid UTF-8 (replaced by U+FFFD). Each repair is reported to `onWarning`.
   */
  readonly lenient?: boolean;
  /** Most attributes in one message, grouped contents included. Default 1024. */
  readonly maxAttributes?: number;
  /** Deepest nesting of grouped attributes. Default 4 (RFC 8855 needs 3). */
  readonly maxDepth?: number;
  readonly onWarning?: (warning: DecodeWarning) => void;
}

export interface DecodeWarning {
  readonly offset: number;
  readonly message: string;
}

interface DecodeContext {
  readonly lenient: boolean;
  readonly maxAttributes: number;
  readonly maxDepth: number;
  readonly onWarning: (warning: DecodeWarning) => void;
  count: number;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function createDecodeContext(options: AttributeDecodeOptions): DecodeContext {
  return {
    lenient: options.lenient ?? false,
    maxAttributes: options.maxAttributes ?? 1024,
    maxDepth: options.maxDepth ?? 4,
    onWarning: options.onWarning ?? (() => undefined),
    count: 0,
  };
}

/** Decodes the attributes filling `reader` up to its end. */
export function decodeAttributes(
  reader: ByteReader,
  context: DecodeContext,
  depth = 0,
): BfcpAttribute[] {
  const out: BfcpAttribute[] = [];
  while (reader.remaining > 0) {
    out.push(decodeAttribute(reader, context, depth));
  }
  return out;
}

function malformed(message: string, offset: number): BfcpParseError {
  return new BfcpParseError('MALFORMED_ATTRIBUTE', message, offset);
}

function decodeAttribute(r: ByteReader, ctx: DecodeContext, depth: number): BfcpAttribute {
  const start = r.offset;
  if (++ctx.count > ctx.maxAttributes) {
    throw new BfcpParseError(
      'LIMIT_EXCEEDED',
      `more than ${ctx.maxAttributes} attributes (maxAttributes)`,
      start,
    );
  }
  if (r.remaining < 2) {
    throw malformed(`${r.remaining} stray octet(s) where an attribute header was expected`, start);
  }
  const b0 = r.u8();
  const typeId = b0 >> 1;
  const mandatory = (b0 & 1) === 1;
  const length = r.u8();
  const name = attributeName(typeId);
  const label = name ?? `attribute type ${typeId}`;
  if (length < 2) {
    throw malformed(`${label}: Length ${length} is shorter than its own header`, start + 1);
  }
  if (length - 2 > r.remaining) {
    throw malformed(
      `${label}: Length ${length} runs past the end of its container (${r.remaining + 2} octets left)`,
      start + 1,
    );
  }
  const format = name === undefined ? 'OctetString' : attributeFormat(name);
  if (format === 'Unsigned16' || format === 'OctetString16') {
    if (length !== 4) {
      throw malformed(`${label}: Length must be 4, got ${length}`, start + 1);
    }
  }
  switch (name) {
    case 'BENEFICIARY-ID':
    case 'FLOOR-ID':
    case 'FLOOR-REQUEST-ID':
      return { type: name, mandatory, value: r.u16() };
    case 'PRIORITY':
      return { type: name, mandatory, value: r.u16() >> 13 };
    case 'REQUEST-STATUS': {
      const status = r.u8();
      return { type: name, mandatory, value: { status, queuePosition: r.u8() } };
    }
    case 'ERROR-CODE': {
      if (length < 3) {
        throw malformed(`ERROR-CODE: Length must be at least 3, got ${length}`, start + 1);
      }
      const code = r.u8();
      const details = r.view(length - 3).slice();
      skipPadding(r, length, ctx, label);
      return { type: name, mandatory, value: { code, details } };
    }
    case 'ERROR-INFO':
    case 'PARTICIPANT-PROVIDED-INFO':
    case 'STATUS-INFO':
    case 'USER-DISPLAY-NAME':
    case 'USER-URI': {
      const at = r.offset;
      const raw = r.view(length - 2);
      let value: string;
      try {
        value = utf8Strict.decode(raw);
      } catch {
        if (!ctx.lenient) {
          throw malformed(`${label}: text is not valid UTF-8`, at);
        }
        ctx.onWarning({ offset: at, message: `${label}: invalid UTF-8 replaced by U+FFFD` });
        value = utf8Lenient.decode(raw);
      }
      skipPadding(r, length, ctx, label);
      return { type: name, mandatory, value };
    }
    case 'SUPPORTED-PRIMITIVES':
    case 'SUPPORTED-ATTRIBUTES': {
      const at = r.offset;
      let entries = [...r.view(length - 2)];
      if (looksSixteenBit(entries)) {
        if (!ctx.lenient) {
          throw malformed(
            `${label}: zero entries, as if each entry were 16 bits (decode leniently to accept)`,
            at,
          );
        }
        ctx.onWarning({ offset: at, message: `${label}: 16-bit entries read as 8-bit values` });
        entries = entries.filter((_, i) => i % 2 === 1);
      }
      skipPadding(r, length, ctx, label);
      return name === 'SUPPORTED-ATTRIBUTES'
        ? { type: name, mandatory, value: entries.map((e) => e >> 1) }
        : { type: name, mandatory, value: entries };
    }
    case 'BENEFICIARY-INFORMATION':
    case 'FLOOR-REQUEST-INFORMATION':
    case 'REQUESTED-BY-INFORMATION':
    case 'FLOOR-REQUEST-STATUS':
    case 'OVERALL-REQUEST-STATUS': {
      if (length < 4) {
        throw malformed(`${label}: Length must be at least 4, got ${length}`, start + 1);
      }
      if (length % 4 !== 0) {
        throw malformed(
          `${label}: a grouped Length counts padded contents, so it is a multiple of 4; got ${length}`,
          start + 1,
        );
      }
      const end = start + length;
      if (depth + 1 > ctx.maxDepth) {
        throw new BfcpParseError(
          'LIMIT_EXCEEDED',
          `${label}: grouped attributes nested deeper than ${ctx.maxDepth} (maxDepth)`,
          start,
        );
      }
      const value = r.u16();
      const inner = new ByteReader(r.bytes, r.position, end - r.baseOffset, r.baseOffset);
      const attributes = decodeAttributes(inner, ctx, depth + 1);
      r.skip(end - r.offset);
      return { type: name, mandatory, value, attributes };
    }
    case undefined: {
      const value = r.view(length - 2).slice();
      skipPadding(r, length, ctx, label);
      return { type: 'UNKNOWN', typeId, mandatory, value };
    }
  }
}

/** Zero entries cannot be primitives or attribute types; a list of `00 xx` pairs is a 16-bit list. */
function looksSixteenBit(entries: number[]): boolean {
  if (!entries.includes(0)) {
    return false;
  }
  return entries.length % 2 === 0 && entries.every((e, i) => i % 2 === 1 || e === 0);
}

function skipPadding(r: ByteReader, length: number, ctx: DecodeContext, label: string): void {
  const padding = (4 - (length % 4)) % 4;
  if (padding === 0) {
    return;
  }
  if (r.remaining < padding) {
    if (ctx.lenient && r.remaining === 0) {
      ctx.onWarning({ offset: r.offset, message: `${label}: padding missing at the end` });
      return;
    }
    throw malformed(`${label}: ${padding} octet(s) of padding missing`, r.offset);
  }
  r.skip(padding);
}
