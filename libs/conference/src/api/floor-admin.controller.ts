import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { isChair, type ParticipantIdentity } from '../auth/participant-identity.js';
import { FloorActionError, FloorControl } from '../floor/floor-control.service.js';
import { BearerTokenGuard, CurrentParticipant } from './bearer-token.guard.js';

const DECISION_BODY = {
  schema: {
    properties: { floorRequestId: { type: 'integer' }, reason: { type: 'string' } },
    required: ['floorRequestId'],
  },
};

const decisionBody = z.object({
  floorRequestId: z.number().int().min(1).max(0xffff),
  reason: z.string().max(200).optional(),
});

/** Moderation over REST: what a chair can do with BFCP ChairAction, and a little more. */
@ApiTags('floor control')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/conferences/:room')
export class FloorAdminController {
  constructor(private readonly floors: FloorControl) {}

  @Get('floors')
  @ApiOkResponse({
    description: 'each floor: holders, queue (in order, with positions), pending requests, chairs',
  })
  async state(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<unknown> {
    this.#inRoom(room, caller);
    return this.#run(() => this.floors.snapshot(room));
  }

  @Post('floors/:floorId/grant-next')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the head of the queue was granted the floor' })
  async grantNext(
    @Param('room') room: string,
    @Param('floorId', ParseIntPipe) floorId: number,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    this.#chair(room, caller);
    await this.#run(() => this.floors.grantNext(room, floorId, caller.identity));
  }

  @Post('floors/:floorId/deny')
  @HttpCode(204)
  @ApiBody(DECISION_BODY)
  async deny(
    @Param('room') room: string,
    @Param('floorId', ParseIntPipe) floorId: number,
    @Body() body: unknown,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    await this.#decide('deny', room, floorId, body, caller);
  }

  @Post('floors/:floorId/revoke')
  @HttpCode(204)
  @ApiBody(DECISION_BODY)
  async revoke(
    @Param('room') room: string,
    @Param('floorId', ParseIntPipe) floorId: number,
    @Body() body: unknown,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    await this.#decide('revoke', room, floorId, body, caller);
  }

  @Post('floors/:floorId/lower-hands')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'every waiting request on the floor was denied' })
  async lowerHands(
    @Param('room') room: string,
    @Param('floorId', ParseIntPipe) floorId: number,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    this.#chair(room, caller);
    await this.#run(() => this.floors.lowerAllHands(room, caller.identity, floorId));
  }

  @Post('floors/lower-hands')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'every waiting request on every floor was denied' })
  async lowerAllHands(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    this.#chair(room, caller);
    await this.#run(() => this.floors.lowerAllHands(room, caller.identity));
  }

  @Delete('participants/:identity')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'the participant lost its floors and was removed from the room',
  })
  async remove(
    @Param('room') room: string,
    @Param('identity') identity: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<void> {
    this.#chair(room, caller);
    await this.#run(() => this.floors.removeParticipant(room, identity, caller.identity));
  }

  #inRoom(room: string, caller: ParticipantIdentity): void {
    if (caller.room !== room) {
      throw new ForbiddenException(`the token is for room ${caller.room}`);
    }
  }

  #chair(room: string, caller: ParticipantIdentity): void {
    this.#inRoom(room, caller);
    if (!isChair(caller)) {
      throw new ForbiddenException('only a chair may moderate the floor');
    }
  }

  /** Deny or revoke one floor request, as a chair's ChairAction would. */
  async #decide(
    action: 'deny' | 'revoke',
    room: string,
    floorId: number,
    body: unknown,
    caller: ParticipantIdentity,
  ): Promise<void> {
    this.#chair(room, caller);
    const parsed = decisionBody.safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const { floorRequestId, reason } = parsed.data;
    await this.#run(() =>
      this.floors[action](room, floorRequestId, caller.identity, { floorId, reason }),
    );
  }

  /** Runs a floor action; a refusal is 409 with the BFCP error code, an unknown target 404. */
  async #run<T>(action: () => T | Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof FloorActionError) {
        if (error.code === 'REFUSED') {
          throw new ConflictException({
            statusCode: 409,
            message: error.message,
            bfcpErrorCode: error.bfcpErrorCode,
          });
        }
        throw new NotFoundException(error.message);
      }
      throw error;
    }
  }
}
