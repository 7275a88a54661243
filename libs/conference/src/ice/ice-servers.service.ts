import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';

/** The RTCIceServer dictionary, as sent to clients on join. */
export interface IceServer {
  readonly urls: readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/**
 * The ICE servers a participant gets on join: STUN as configured, TURN with time-limited credentials
 * in coturn's shared-secret scheme (`use-auth-secret`): username `<expiry>:<identity>`, password
 * base64(HMAC-SHA1(secret, username)).
 */
@Injectable()
export class IceServersService {
  constructor(@Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions) {}

  forParticipant(identity: string, nowMs = Date.now()): IceServer[] {
    const { stunUrls, turnUrls, turnSharedSecret, turnCredentialTtlSeconds } = this.options.ice;
    const servers: IceServer[] = [];
    if (stunUrls.length > 0) {
      servers.push({ urls: [...stunUrls] });
    }
    if (turnUrls.length > 0 && turnSharedSecret) {
      servers.push({
        urls: [...turnUrls],
        ...turnCredential(
          turnSharedSecret,
          identity,
          Math.floor(nowMs / 1000) + turnCredentialTtlSeconds,
        ),
      });
    }
    return servers;
  }
}

/** coturn REST-API credential for `identity`, valid until `expiresAt` (seconds since the epoch). */
export function turnCredential(
  secret: string,
  identity: string,
  expiresAt: number,
): { username: string; credential: string } {
  const username = `${String(expiresAt)}:${identity}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}
