import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import type { ParticipantIdentity } from './participant-identity.js';

export type TokenErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED';

/** A token that cannot admit its holder. `code` says why (see docs/signaling.md). */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ROOM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** An identity: printable, no white space (it goes into MSRP URIs, labels and file names). */
const IDENTITY = /^[^\p{C}\p{Z}\s]+$/u;
/**
 * Controls, line and paragraph separators, and the bidi controls (marks, embeddings, overrides,
 * isolates). Other format characters stay: ZWJ and ZWNJ belong to emoji sequences and to names
 * written in Persian, Arabic or Indic scripts.
 */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]+/gu;

/**
 * A display name as shown to others: controls, bidi overrides and line breaks become one space
 * (a name is one line in a chat label, an RFC 9071 source label and a WebVTT voice), runs of
 * white space collapse, and the ends are trimmed.
 */
export function cleanDisplayName(name: string): string {
  return name.replace(UNSAFE_IN_NAME, ' ').replace(/\s+/gu, ' ').trim();
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(128).regex(IDENTITY, 'sub must be printable, without white space'),
  room: z
    .string()
    .regex(ROOM, 'room must be 1-64 of A-Z a-z 0-9 _ . - (starting with a letter or digit)'),
  name: z.string().transform(cleanDisplayName).pipe(z.string().min(1).max(64)),
  roles: z.array(z.string().min(1).max(32)).max(16).default([]),
  exp: z.number().int(),
});

export interface IssueTokenRequest {
  readonly identity: string;
  readonly room: string;
  readonly displayName: string;
  readonly roles?: readonly string[];
  /** Default: the dev-token lifetime. */
  readonly ttlSeconds?: number;
}

export const TOKEN_ISSUER = 'parley';
const ALGORITHM = 'HS256';

/** Signs and verifies participant tokens: JWT, HS256, claims sub/room/name/roles/exp. */
@Injectable()
export class TokenService {
  readonly #key: Uint8Array;

  constructor(@Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions) {
    this.#key = new TextEncoder().encode(options.auth.jwtSecret);
  }

  /** Room names tokens may carry. */
  static isValidRoom(room: string): boolean {
    return ROOM.test(room);
  }

  async issue(request: IssueTokenRequest): Promise<string> {
    const claims = claimsSchema.parse({
      sub: request.identity,
      room: request.room,
      name: request.displayName,
      roles: request.roles ?? [],
      exp:
        Math.floor(Date.now() / 1000) +
        (request.ttlSeconds ?? this.options.auth.devTokenTtlSeconds),
    });
    return new SignJWT({ room: claims.room, name: claims.name, roles: claims.roles })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(claims.exp)
      .sign(this.#key);
  }

  /** Verifies signature, algorithm, issuer and expiry, then the claims. Throws TokenError. */
  async verify(token: string | undefined): Promise<ParticipantIdentity> {
    if (!token) {
      throw new TokenError('TOKEN_MISSING', 'a token is required');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new TokenError('TOKEN_EXPIRED', 'the token has expired');
      }
      throw new TokenError('TOKEN_INVALID', 'the token is not valid');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new TokenError(
        'TOKEN_INVALID',
        `the token's claims are not valid: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return {
      identity: claims.data.sub,
      room: claims.data.room,
      displayName: claims.data.name,
      roles: claims.data.roles,
      expiresAt: claims.data.exp,
    };
  }
}
