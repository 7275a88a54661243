import { describe, expect, it } from '@jest/globals';
import { resolveParleyOptions } from '../parley.options.js';
import { cleanDisplayName, TokenError, TokenService } from './token.service.js';

const tokens = new TokenService(
  resolveParleyOptions({ auth: { jwtSecret: 'a-test-secret-of-at-least-32-characters!' } }),
);

describe('TokenService', () => {
  it('round-trips the claims of a token it issued', async () => {
    const token = await tokens.issue({
      identity: 'alice',
      room: 'r1',
      displayName: 'Alice',
      roles: ['chair'],
    });
    await expect(tokens.verify(token)).resolves.toMatchObject({
      identity: 'alice',
      room: 'r1',
      displayName: 'Alice',
      roles: ['chair'],
    });
  });

  it('keeps a display name on one line, without controls or bidi overrides', async () => {
    const token = await tokens.issue({
      identity: 'mallory',
      room: 'r1',
      displayName: '  Mal\r\nlory\u0007\u202Egnp.exe\u2028x  ',
    });
    expect((await tokens.verify(token)).displayName).toBe('Mal lory gnp.exe x');
    expect(cleanDisplayName('Zoë  (relay)\t')).toBe('Zoë (relay)');
    // ZWNJ in a Persian name and ZWJ in an emoji sequence are part of the name.
    expect(cleanDisplayName('علی\u200Cرضا')).toBe('علی\u200Cرضا');
    expect(cleanDisplayName('Ada \u{1F469}\u200D\u{1F4BB}')).toBe('Ada \u{1F469}\u200D\u{1F4BB}');
  });

  it('refuses names that are empty once cleaned and identities with spaces or controls', async () => {
    await expect(
      tokens.issue({ identity: 'x', room: 'r1', displayName: '\u0000\u200F\u2066' }),
    ).rejects.toThrow();
    for (const identity of ['two words', 'tab\tbed', 'nl\n', '\u202Eevil']) {
      await expect(tokens.issue({ identity, room: 'r1', displayName: 'X' })).rejects.toThrow();
    }
  });

  it('says why a token is refused', async () => {
    await expect(tokens.verify(undefined)).rejects.toMatchObject({ code: 'TOKEN_MISSING' });
    await expect(tokens.verify('not.a.jwt')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    const expired = await tokens.issue({
      identity: 'a',
      room: 'r1',
      displayName: 'A',
      ttlSeconds: -10,
    });
    await expect(tokens.verify(expired)).rejects.toBeInstanceOf(TokenError);
    await expect(tokens.verify(expired)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });
});
