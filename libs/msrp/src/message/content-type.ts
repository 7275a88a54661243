import { MsrpError } from '../errors.js';

/** `media-type = type "/" subtype *( ";" gen-param )` (RFC 4975 §9). Type and subtype are lower-cased. */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  /** Parameters in order; names lower-cased, quoted values unquoted. */
  readonly parameters: readonly (readonly [string, string])[];
}

const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

function splitParameters(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      current += c;
      if (c === '\\' && i + 1 < text.length) {
        current += text[++i] as string;
      } else if (c === '"') {
        quoted = false;
      }
    } else if (c === '"') {
      quoted = true;
      current += c;
    } else if (c === ';') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) {
    throw new MsrpError('INVALID_HEADER_VALUE', `unterminated quoted string in "${text}"`);
  }
  parts.push(current);
  return parts;
}

/** Removes the quotes and backslash escapes of a quoted-string (RFC 4975 §9 `qd-esc`). */
export function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) {
    return value;
  }
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** Quotes `value` when it is not a token. */
export function quoteIfNeeded(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Parses a Content-Type value (or an accept-types entry with parameters). */
export function parseMediaType(value: string): MediaType {
  const [head = '', ...params] = splitParameters(value.trim());
  const slash = head.indexOf('/');
  const type = head.slice(0, slash).trim().toLowerCase();
  const subtype = head
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) {
    throw new MsrpError('INVALID_HEADER_VALUE', `media type "${value}" is not type/subtype`);
  }
  const parameters: (readonly [string, string])[] = [];
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
    if (!TOKEN.test(name)) {
      throw new MsrpError('INVALID_HEADER_VALUE', `bad parameter "${param}" in "${value}"`);
    }
    parameters.push([name, eq < 0 ? '' : unquote(param.slice(eq + 1).trim())]);
  }
  return { type, subtype, parameters };
}

export function formatMediaType(media: MediaType): string {
  let out = `${media.type}/${media.subtype}`;
  for (const [name, value] of media.parameters) {
    out += value === '' ? `;${name}` : `;${name}=${quoteIfNeeded(value)}`;
  }
  return out;
}

/** `type/subtype` without parameters, lower-cased: what accept-types matching compares. */
export function essence(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/**
 * True when `contentType` is allowed by a list of accept-types entries (`*`, `type/*`, `type/subtype`;
 * parameters ignored, RFC 4975 §8.6).
 */
export function isAcceptedType(contentType: string, acceptTypes: readonly string[]): boolean {
  const wanted = essence(contentType);
  const slash = wanted.indexOf('/');
  const type = wanted.slice(0, slash);
  for (const entry of acceptTypes) {
    const e = essence(entry);
    if (e === '*' || e === wanted || (e.endsWith('/*') && e.slice(0, -2) === type)) {
      return true;
    }
  }
  return false;
}
