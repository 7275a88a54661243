import { describe, expect, it } from '@jest/globals';
import { resolveParleyOptions } from '../parley.options.js';
import { IceServersService, turnCredential } from './ice-servers.service.js';

const auth = { jwtSecret: 'a-test-secret-of-at-least-32-characters!' };

describe('IceServersService', () => {
  it('derives coturn use-auth-secret credentials: username <expiry>:<identity>, base64 HMAC-SHA1', () => {
    // Computed independently (Python hmac/hashlib) for this secret and username.
    expect(turnCredential('turn-secret-0123456789', 'alice', 1_800_000_000)).toEqual({
      username: '1800000000:alice',
      credential: 'KpiNstapf3iO+kK51zEO3K7yCSk=',
    });
  });

  it('gives STUN as configured and TURN with credentials valid for the configured time', () => {
    const service = new IceServersService(
      resolveParleyOptions({
        auth,
        ice: {
          stunUrls: ['stun:stun.example.org:3478'],
          turnUrls: ['turn:turn.example.org:3478?transport=udp'],
          turnSharedSecret: 'turn-secret-0123456789',
          turnCredentialTtlSeconds: 600,
        },
      }),
    );
    const now = 1_799_999_400_000;
    expect(service.forParticipant('alice', now)).toEqual([
      { urls: ['stun:stun.example.org:3478'] },
      {
        urls: ['turn:turn.example.org:3478?transport=udp'],
        username: '1800000000:alice',
        credential: 'KpiNstapf3iO+kK51zEO3K7yCSk=',
      },
    ]);
  });

  it('gives nothing when nothing is configured, and refuses TURN without its secret', () => {
    expect(new IceServersService(resolveParleyOptions({ auth })).forParticipant('a')).toEqual([]);
    expect(() => resolveParleyOptions({ auth, ice: { turnUrls: ['turn:x:3478'] } })).toThrow(
      /turnSharedSecret/,
    );
  });
});
