import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import { TokenService } from './token.service.js';

const requestSchema = z.object({
  identity: z.string().min(1).max(128),
  room: z.string().min(1).max(64),
  displayName: z.string().trim().min(1).max(64),
  roles: z.array(z.string().min(1).max(32)).max(16).optional(),
});

/**
 * POST /api/dev/tokens: issues a participant token to anyone. Only when `auth.devTokens` is on
 * (never in production: the server refuses to start with both); otherwise 404, as if absent.
 */
@Controller('api/dev/tokens')
export class DevTokenController {
  constructor(
    private readonly tokens: TokenService,
    @Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions,
  ) {}

  @Post()
  @HttpCode(201)
  async issue(@Body() body: unknown): Promise<{ token: string; expiresIn: number }> {
    if (!this.options.auth.devTokens) {
      throw new NotFoundException();
    }
    const request = requestSchema.safeParse(body);
    if (!request.success || !TokenService.isValidRoom(request.data.room)) {
      throw new BadRequestException(
        request.success
          ? 'room must be 1-64 of A-Z a-z 0-9 _ . -'
          : request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const token = await this.tokens.issue(request.data);
    return { token, expiresIn: this.options.auth.devTokenTtlSeconds };
  }
}
