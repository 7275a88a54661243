import { MsrpError } from '../errors.js';

/**
 * `Use-Nickname: DQUOTE 1*1023(qdtext / qd-esc) DQUOTE` (RFC 7701 §7.1); an empty quoted string
 * removes the nickname (§7.3). Returns the nickname without quotes and escapes. The 1023-octet
 * limit counts UTF-8 octets.
 */
export function parseUseNickname(value: string): string {
  const text = value.trim();
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    throw new MsrpError(
      'INVALID_HEADER_VALUE',
      `Use-Nickname ${JSON.stringify(value)} is not a quoted string`,
    );
  }
  let out = '';
  const inner = text.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    const code = c.charCodeAt(0);
    if (c === '\\') {
      const next = inner[i + 1];
      if (next !== '\\' && next !== '"') {
        throw new MsrpError('INVALID_HEADER_VALUE', 'Use-Nickname: backslash must escape \\ or "');
      }
      out += next;
      i++;
    } else if (c === '"' || (code < 0x20 && code !== 0x09) || code === 0x7f) {
      throw new MsrpError(
        'INVALID_HEADER_VALUE',
        `Use-Nickname: character U+${code.toString(16)} not allowed`,
      );
    } else {
      out += c;
    }
  }
  if (new TextEncoder().encode(out).length > 1023) {
    throw new MsrpError('INVALID_HEADER_VALUE', 'Use-Nickname is longer than 1023 octets');
  }
  return out;
}

export function formatUseNickname(nickname: string): string {
  return `"${nickname.replace(/(["\\])/g, '\\$1')}"`;
}
