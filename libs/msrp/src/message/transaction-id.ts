/** `ident = ALPHANUM 3*31ident-char`, `ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="` (RFC 4975 §9). */
const IDENT = /^[A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}$/;

/** True when `value` is a valid transaction id or Message-ID (4 to 32 characters). */
export function isIdent(value: string): boolean {
  return IDENT.test(value);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random identifier of `length` alphanumeric characters from the platform CSPRNG (Web Crypto,
 * present in browsers and Node.js). 62 symbols carry 5.95 bits each: 12 characters give 71 bits,
 * 16 give 95 bits, 20 give 119 bits.
 */
export function randomIdent(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) {
    // 248 = 4 * 62: reject the top of the byte range so every symbol is equally likely.
    let b = byte;
    while (b >= 248) {
      const again = new Uint8Array(1);
      globalThis.crypto.getRandomValues(again);
      b = again[0] ?? 0;
    }
    out += ALPHABET[b % 62] ?? 'A';
  }
  return out;
}

/** A new transaction id: 16 characters, 95 bits of randomness (RFC 4975 §7.1 asks for 64). */
export function newTransactionId(): string {
  return randomIdent(16);
}

/** A new Message-ID: 20 characters, 119 bits of randomness (RFC 4975 §7.1.1: "highly unlikely to be repeated"). */
export function newMessageId(): string {
  return randomIdent(20);
}

/** A new session-id for an MSRP URI: 20 characters, 119 bits (RFC 4975 §14.1 asks for 80). */
export function newSessionId(): string {
  return randomIdent(20);
}
