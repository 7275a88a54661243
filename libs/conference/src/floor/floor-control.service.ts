import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  BfcpConnection,
  FloorControlServer,
  type FloorEvent,
  type FloorOperationResult,
  type FloorSnapshot,
} from '@parley/bfcp';
import { FLOOR_EVENT_STORE, type FloorEventStore } from '@parley/history';
import type { DataChannelDescription, MessageChannel } from '@parley/transport';
import { isChair } from '../auth/participant-identity.js';
import { ChannelRouter } from '../channels/channel-router.service.js';
import { GatedSendChannel } from '../channels/gated-send-channel.js';
import {
  refuseUnlessReliableOrdered,
  type ChannelOwner,
  type NegotiationDecision,
  type ProtocolHandler,
} from '../channels/protocol-handler.js';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { PARLEY_OPTIONS } from '../parley.tokens.js';
import type { Participant } from '../rooms/participant.js';
import { RoomRegistry } from '../rooms/room-registry.service.js';

interface RoomFloors {
  readonly room: string;
  readonly server: FloorControlServer;
  /** BFCP user id of each identity (kept while the server runs, so a returning participant keeps it). */
  readonly userIds: Map<string, number>;
  readonly identities: Map<number, string>;
  nextUserId: number;
  /** Floor events are stored one after the other, in order. */
  writing: Promise<void>;
  /** The highest floor request id used, so a later conference in the room continues after it. */
  lastRequestId: number;
}

/** Why a moderator action could not be done. */
export class FloorActionError extends Error {
  override readonly name = 'FloorActionError';
  constructor(
    readonly code: 'NO_SUCH_ROOM' | 'NO_SUCH_PARTICIPANT' | 'NO_SUCH_REQUEST' | 'REFUSED',
    message: string,
    /** The BFCP error code, when the floor control server refused. */
    readonly bfcpErrorCode?: number,
  ) {
    super(message);
  }
}

/**
 * Floor control: one BFCP floor control server per room (RFC 8855), floors from the options, chairs
 * from the token's `chair` role, the automatic policy while no chair is present. Participants reach
 * it over their `bfcp` channel (data channel, or WebSocket per RFC 8857); moderators also through
 * the REST admin API (the methods below). Every floor event is stored.
 */
@Injectable()
export class FloorControl implements ProtocolHandler, OnModuleInit {
  readonly protocol = 'bfcp';
  readonly #logger = new Logger('FloorControl');
  readonly #rooms = new Map<string, RoomFloors>();
  readonly #lastRequestIds = new Map<string, number>();
  #nextConferenceId = 1;

  constructor(
    private readonly router: ChannelRouter,
    private readonly rooms: RoomRegistry,
    @Inject(FLOOR_EVENT_STORE) private readonly store: FloorEventStore,
    @Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions,
  ) {}

  onModuleInit(): void {
    this.router.register(this);
    this.rooms.on('participant-joined', (participant) => {
      const floors = this.#roomFloors(participant.room);
      const userId = this.#userId(floors, participant.identity.identity);
      participant.published.set('bfcpUserId', userId);
      floors.server.addUser({ userId, displayName: participant.identity.displayName });
      for (const floor of this.options.floor.floors) {
        floors.server.setChair(floor.floorId, userId, isChair(participant.identity));
      }
    });
    this.rooms.on('participant-resumed', (participant) => {
      // The new token may grant or take away the chair role.
      const floors = this.#rooms.get(participant.room);
      const userId = floors?.userIds.get(participant.identity.identity);
      if (floors && userId !== undefined) {
        for (const floor of this.options.floor.floors) {
          floors.server.setChair(floor.floorId, userId, isChair(participant.identity));
        }
      }
    });
    this.rooms.on('participant-left', (participant) => {
      const floors = this.#rooms.get(participant.room);
      const userId = floors?.userIds.get(participant.identity.identity);
      if (floors && userId !== undefined) {
        floors.server.removeParticipant(userId);
      }
    });
    this.rooms.on('room-empty', (room) => {
      // Nobody holds or waits any more; the events are stored (or being stored, in order). Only
      // the last request id is kept, so the room's floor history never repeats an id.
      const floors = this.#rooms.get(room);
      if (floors) {
        this.#lastRequestIds.set(room, floors.lastRequestId);
        this.#rooms.delete(room);
      }
    });
  }

  describe(participant: Participant): Record<string, unknown> {
    const floors = this.#roomFloors(participant.room);
    return {
      conferenceId: floors.server.conferenceId,
      userId: this.#userId(floors, participant.identity.identity),
      floors: this.options.floor.floors.map(({ floorId, name }) => ({ floorId, name })),
      chair: isChair(participant.identity),
    };
  }

  refuseProperties(properties: MessageChannel['properties']): string | undefined {
    return refuseUnlessReliableOrdered('bfcp', properties);
  }

  /** Our data-channel profile (docs/bfcp.md): the server is `s-only`, BFCP version 1. */
  negotiate(_offered: DataChannelDescription, owner: ChannelOwner): NegotiationDecision {
    const floors = this.#roomFloors(owner.identity.room);
    return {
      accept: true,
      attributes: [
        'floorctrl:s-only',
        `confid:${String(floors.server.conferenceId)}`,
        `userid:${String(this.#userId(floors, owner.identity.identity))}`,
        ...this.options.floor.floors.map((f) => `floorid:${String(f.floorId)}`),
        'bfcpver:1',
      ],
    };
  }

  attach(channel: MessageChannel, owner: ChannelOwner): void {
    const floors = this.#roomFloors(owner.identity.room);
    const userId = this.#userId(floors, owner.identity.identity);
    // Every answer and notification waits until the floor events stored before it are written:
    // what a participant saw happen is in the history, even if the process dies right after.
    const gated = new GatedSendChannel(
      channel,
      () => floors.writing,
      (error) => {
        this.#logger.debug(`BFCP send to ${owner.identity.identity} failed: ${String(error)}`);
      },
    );
    const connection = new BfcpConnection(gated, { role: 'server', mode: 'reliable' });
    connection.events.on('invalid', ({ error, answeredWith }) => {
      this.#logger.debug(
        `bad BFCP from ${owner.identity.identity}: ${error.message} (answered Error ${String(answeredWith ?? 'none')})`,
      );
    });
    floors.server.attach(connection, { userId, displayName: owner.identity.displayName });
  }

  // ---- moderator actions (REST admin API), with the same effects as a chair's ChairAction ----

  snapshot(room: string): FloorSnapshot[] {
    return this.#existing(room).server.snapshot();
  }

  async grantNext(room: string, floorId: number, actor: string): Promise<void> {
    const floors = this.#existing(room);
    await this.#check(floors, floors.server.grantNext(floorId, this.#actor(floors, actor)));
  }

  async deny(
    room: string,
    floorRequestId: number,
    actor: string,
    { floorId, reason }: { floorId?: number; reason?: string | undefined } = {},
  ): Promise<void> {
    const floors = this.#existing(room);
    this.#onFloor(floors, floorRequestId, floorId);
    await this.#check(
      floors,
      floors.server.deny(floorRequestId, {
        actorId: this.#actor(floors, actor),
        ...(reason ? { statusInfo: reason } : {}),
      }),
    );
  }

  async revoke(
    room: string,
    floorRequestId: number,
    actor: string,
    { floorId, reason }: { floorId?: number; reason?: string | undefined } = {},
  ): Promise<void> {
    const floors = this.#existing(room);
    this.#onFloor(floors, floorRequestId, floorId);
    await this.#check(
      floors,
      floors.server.revoke(floorRequestId, {
        actorId: this.#actor(floors, actor),
        ...(reason ? { statusInfo: reason } : {}),
      }),
    );
  }

  /** Denies every waiting request (of one floor, or all). */
  async lowerAllHands(room: string, actor: string, floorId?: number): Promise<void> {
    const floors = this.#existing(room);
    await this.#check(
      floors,
      floors.server.lowerAllHands(floorId, {
        actorId: this.#actor(floors, actor),
        statusInfo: 'hands lowered by the chair',
      }),
    );
  }

  /** Takes a participant's floors away and removes it from the room. */
  async removeParticipant(room: string, identity: string, actor: string): Promise<void> {
    const floors = this.#existing(room);
    const participant = this.rooms.participants(room).find((p) => p.identity.identity === identity);
    const userId = floors.userIds.get(identity);
    if (!participant || userId === undefined) {
      throw new FloorActionError('NO_SUCH_PARTICIPANT', `${identity} is not in room ${room}`);
    }
    await this.#check(floors, floors.server.removeParticipant(userId, this.#actor(floors, actor)));
    this.rooms.remove(participant, 'removed by a chair');
  }

  /** Throws NO_SUCH_REQUEST unless the request is on `floorId` (when given). */
  #onFloor(floors: RoomFloors, floorRequestId: number, floorId: number | undefined): void {
    if (floorId === undefined) {
      return;
    }
    const floor = floors.server.snapshot().find((f) => f.floorId === floorId);
    const requests = floor ? [...floor.holders, ...floor.queue, ...floor.pending] : [];
    if (!requests.some((r) => r.floorRequestId === floorRequestId)) {
      throw new FloorActionError(
        'NO_SUCH_REQUEST',
        `floor request ${String(floorRequestId)} is not on floor ${String(floorId)}`,
      );
    }
  }

  #existing(room: string): RoomFloors {
    const floors = this.#rooms.get(room);
    if (!floors) {
      throw new FloorActionError('NO_SUCH_ROOM', `room ${room} has no floor control`);
    }
    return floors;
  }

  /** Throws when the server refused; otherwise resolves once the events it caused are stored. */
  async #check(floors: RoomFloors, result: FloorOperationResult): Promise<void> {
    if (!result.ok) {
      throw new FloorActionError('REFUSED', result.reason, result.errorCode);
    }
    await floors.writing;
  }

  #actor(floors: RoomFloors, identity: string): number {
    return this.#userId(floors, identity);
  }

  #roomFloors(room: string): RoomFloors {
    let floors = this.#rooms.get(room);
    if (!floors) {
      const lastRequestId = this.#lastRequestIds.get(room) ?? 0;
      this.#lastRequestIds.delete(room);
      const server = new FloorControlServer({
        conferenceId: this.#nextConferenceId++,
        firstFloorRequestId: (lastRequestId % 0xffff) + 1,
        floors: this.options.floor.floors.map((f) => ({
          floorId: f.floorId,
          name: f.name,
          maxHolders: f.maxHolders,
          maxHoldingTimeMs: f.maxHoldingTimeMs,
        })),
      });
      const created: RoomFloors = {
        room,
        server,
        userIds: new Map(),
        identities: new Map(),
        nextUserId: 1,
        writing: Promise.resolve(),
        lastRequestId,
      };
      server.events.on('floor', (event) => {
        this.#store(created, event);
      });
      this.#rooms.set(room, created);
      floors = created;
    }
    return floors;
  }

  #userId(floors: RoomFloors, identity: string): number {
    let userId = floors.userIds.get(identity);
    if (userId === undefined) {
      userId = floors.nextUserId++;
      floors.userIds.set(identity, userId);
      floors.identities.set(userId, identity);
    }
    return userId;
  }

  #store(floors: RoomFloors, event: FloorEvent): void {
    const at = Date.now();
    const participantIdentity = floors.identities.get(event.request.beneficiaryId) ?? null;
    const actorIdentity =
      event.actorId === undefined ? null : (floors.identities.get(event.actorId) ?? null);
    const records = event.request.floorIds.map((floorId) => ({
      room: floors.room,
      floorId,
      floorRequestId: event.request.floorRequestId,
      kind: event.kind,
      participantIdentity,
      actorIdentity,
      queuePosition: event.request.queuePosition === 0 ? null : event.request.queuePosition,
      detail: event.reason ?? null,
      at,
    }));
    // Never rejects (a store that throws, even synchronously, is logged), so the chain and the
    // BFCP answers waiting on it go on.
    floors.writing = floors.writing.then(async () => {
      for (const record of records) {
        try {
          await this.store.record(record);
        } catch (error) {
          this.#logger.error(`could not store floor event ${event.kind}: ${String(error)}`);
        }
      }
    });
    floors.lastRequestId = Math.max(floors.lastRequestId, event.request.floorRequestId);
  }
}
