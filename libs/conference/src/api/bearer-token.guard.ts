import {
  createParamDecorator,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import { TokenError, TokenService } from '../auth/token.service.js';

type AuthenticatedRequest = IncomingMessage & { participant?: ParticipantIdentity };

/** REST authentication: `Authorization: Bearer <participant token>` (the same token as signaling). */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    try {
      request.participant = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenError) {
        throw new UnauthorizedException({
          statusCode: 401,
          error: error.code,
          message: error.message,
        });
      }
      throw error;
    }
    return true;
  }
}

/** The identity the bearer token carries (use with BearerTokenGuard). */
export const CurrentParticipant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ParticipantIdentity => {
    const participant = context.switchToHttp().getRequest<AuthenticatedRequest>().participant;
    if (!participant) {
      throw new UnauthorizedException();
    }
    return participant;
  },
);
