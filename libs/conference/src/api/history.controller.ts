import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CHAT_STORE,
  CONFERENCE_STORE,
  FLOOR_EVENT_STORE,
  RTT_STORE,
  type ChatMessageRecord,
  type ChatStore,
  type ConferenceStore,
  type FloorEventStore,
  type RttStore,
} from '@parley/history';
import { z } from 'zod';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';
import { BearerTokenGuard, CurrentParticipant } from './bearer-token.guard.js';
import {
  ChatMessageDto,
  ChatPageDto,
  ConferenceDto,
  FloorEventDto,
  ParticipantDto,
  RttChangeDto,
  RttLineDto,
} from './history.dto.js';
import { transcriptAsText, transcriptAsWebVtt } from './transcript-format.js';

const cursor = z.coerce.number().int().min(0);
const pageQuery = z.object({
  before: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const afterQuery = z.object({
  after: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
const changesQuery = z.object({
  source: z.string().max(128).optional(),
  since: cursor.optional(),
  after: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new BadRequestException(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return parsed.data;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toMessageDto(message: ChatMessageRecord): ChatMessageDto {
  let text: string | undefined;
  try {
    text = utf8.decode(message.body);
  } catch {
    text = undefined;
  }
  const { body, room: _room, ...rest } = message;
  return {
    ...rest,
    recipients: message.recipients === null ? null : [...message.recipients],
    deliveredTo: [...message.deliveredTo],
    failedTo: [...message.failedTo],
    ...(text === undefined ? { bodyBase64: Buffer.from(body).toString('base64') } : { text }),
  };
}

/**
 * Read access to a room's history (REST, token-protected). A token is scoped to one room, and an
 * identity is unique only within a room, so the token's room is the only one it may read: the same
 * `sub` in another room's token is another person.
 */
@ApiTags('history')
@ApiBearerAuth()
@UseGuards(BearerTokenGuard)
@Controller('api/conferences')
export class HistoryController {
  constructor(
    @Inject(CONFERENCE_STORE) private readonly conferences: ConferenceStore,
    @Inject(CHAT_STORE) private readonly chat: ChatStore,
    @Inject(RTT_STORE) private readonly rtt: RttStore,
    @Inject(FLOOR_EVENT_STORE) private readonly floor: FloorEventStore,
    private readonly rooms: RoomRegistry,
  ) {}

  /** Throws 403 unless the caller's token names the room. */
  private admit(room: string, caller: ParticipantIdentity): void {
    if (caller.room !== room) {
      throw new ForbiddenException(`this token is for room ${caller.room}, not ${room}`);
    }
  }

  @Get()
  @ApiOkResponse({
    type: [ConferenceDto],
    description: "the token's room, once it has a history (a token is scoped to one room)",
  })
  async list(@CurrentParticipant() caller: ParticipantIdentity): Promise<ConferenceDto[]> {
    const conference = await this.conferences.findConference(caller.room);
    return conference ? [conference] : [];
  }

  @Get(':room')
  @ApiOkResponse({ type: ConferenceDto })
  async get(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<ConferenceDto> {
    this.admit(room, caller);
    const conference = await this.conferences.findConference(room);
    if (!conference) {
      throw new NotFoundException(`no conference ${room}`);
    }
    return conference;
  }

  @Get(':room/participants')
  @ApiOkResponse({ type: [ParticipantDto] })
  async participants(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<ParticipantDto[]> {
    this.admit(room, caller);
    const online = new Set(this.rooms.participants(room).map((p) => p.identity.identity));
    return (await this.conferences.listParticipants(room)).map((p) => ({
      ...p,
      roles: [...p.roles],
      online: online.has(p.identity),
    }));
  }

  @Get(':room/messages')
  @ApiQuery({
    name: 'before',
    required: false,
    description: 'cursor (a message id) to page back from',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiOkResponse({
    type: ChatPageDto,
    description: 'messages visible to the caller (the room, and private messages to or from them)',
  })
  async messages(
    @Param('room') room: string,
    @Query() query: unknown,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<ChatPageDto> {
    this.admit(room, caller);
    const { before, limit } = parseQuery(pageQuery, query);
    const page = await this.chat.pageMessages(room, {
      visibleTo: caller.identity,
      limit,
      ...(before === undefined ? {} : { before }),
    });
    return { messages: page.messages.map(toMessageDto), nextCursor: page.nextCursor };
  }

  @Get(':room/transcript')
  @ApiOkResponse({
    type: [RttLineDto],
    description: 'real-time text lines as they finally stood, in order',
  })
  async transcript(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<RttLineDto[]> {
    this.admit(room, caller);
    return this.rtt.transcript(room);
  }

  @Get(':room/transcript.txt')
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async transcriptText(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<string> {
    this.admit(room, caller);
    return transcriptAsText(await this.rtt.transcript(room));
  }

  @Get(':room/transcript.vtt')
  @ApiProduces('text/vtt')
  @Header('Content-Type', 'text/vtt; charset=utf-8')
  async transcriptVtt(
    @Param('room') room: string,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<string> {
    this.admit(room, caller);
    return transcriptAsWebVtt(await this.rtt.transcript(room));
  }

  @Get(':room/rtt-changes')
  @ApiQuery({ name: 'source', required: false, description: 'identity of one typist' })
  @ApiQuery({ name: 'since', required: false, description: 'ms since the epoch' })
  @ApiQuery({ name: 'after', required: false, description: 'cursor (a change id)' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({
    type: [RttChangeDto],
    description: 'time-stamped changes, to replay typing with its rhythm',
  })
  async rttChanges(
    @Param('room') room: string,
    @Query() query: unknown,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<RttChangeDto[]> {
    this.admit(room, caller);
    const { source, since, after, limit } = parseQuery(changesQuery, query);
    return this.rtt.changes(room, {
      limit,
      ...(source === undefined ? {} : { sourceIdentity: source }),
      ...(since === undefined ? {} : { since }),
      ...(after === undefined ? {} : { after }),
    });
  }

  @Get(':room/floor-events')
  @ApiQuery({ name: 'after', required: false, description: 'cursor (an event id)' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({ type: [FloorEventDto] })
  async floorEvents(
    @Param('room') room: string,
    @Query() query: unknown,
    @CurrentParticipant() caller: ParticipantIdentity,
  ): Promise<FloorEventDto[]> {
    this.admit(room, caller);
    const { after, limit } = parseQuery(afterQuery, query);
    return this.floor.events(room, { limit, ...(after === undefined ? {} : { after }) });
  }
}
