import {
  BfcpConnection,
  FloorChair,
  FloorParticipant,
  isOngoingStatus,
  RequestStatus,
  type FloorRequestInformation,
  type FloorStatusFields,
} from '@parley/bfcp';
import { TypedEmitter, type Clock, type MessageChannel } from '@parley/transport';
import type { RestClient } from '../api/rest-client.js';
import { ParleyClientError } from '../errors.js';
import type { FloorDescription } from '../signaling/signaling-messages.js';
import type {
  FloorQueueEntry,
  FloorRequestState,
  FloorView,
  OwnFloorRequest,
} from './floor-types.js';

const STATE_NAMES: Record<number, FloorRequestState> = {
  [RequestStatus.Pending]: 'pending',
  [RequestStatus.Accepted]: 'accepted',
  [RequestStatus.Granted]: 'granted',
  [RequestStatus.Denied]: 'denied',
  [RequestStatus.Cancelled]: 'cancelled',
  [RequestStatus.Released]: 'released',
  [RequestStatus.Revoked]: 'revoked',
};

/** The name of a REQUEST-STATUS value (unknown values read as pending). */
export function floorRequestState(status: number | undefined): FloorRequestState {
  return (status === undefined ? undefined : STATE_NAMES[status]) ?? 'pending';
}

export interface FloorControlOptions {
  readonly channel: MessageChannel;
  /** `services.bfcp` of `joined`. */
  readonly conferenceId: number;
  readonly userId: number;
  readonly floors: readonly FloorDescription[];
  /** True when our token makes us a chair (ChairAction allowed). */
  readonly chair: boolean;
  readonly room: string;
  /** For "lower all hands" (one moderator action on the server); without it, one Denied per request. */
  readonly rest?: RestClient | undefined;
  readonly clock?: Clock;
}

export interface FloorControlEvents {
  /** A floor's holders, queue or pending requests changed. */
  floor: FloorView;
  /** Our own request changed (queued, moved, granted, denied...). */
  request: OwnFloorRequest;
  error: Error;
}

/**
 * Floor control through the room's BFCP floor control server (RFC 8855 over a data channel or
 * WebSocket, docs/bfcp.md): raise and lower a hand, see the queue and one's place in it, and, for a
 * chair, grant, deny, revoke and lower all hands.
 */
export class FloorControl {
  readonly events = new TypedEmitter<FloorControlEvents>();
  readonly connection: BfcpConnection;
  readonly client: FloorParticipant | FloorChair;
  readonly floors: readonly FloorDescription[];
  readonly #options: FloorControlOptions;
  readonly #views = new Map<number, FloorView>();
  readonly #own = new Map<number, OwnFloorRequest>();

  constructor(options: FloorControlOptions) {
    this.#options = options;
    this.floors = options.floors;
    this.connection = new BfcpConnection(options.channel, {
      role: 'client',
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const ids = { conferenceId: options.conferenceId, userId: options.userId };
    this.client = options.chair
      ? new FloorChair(this.connection, ids)
      : new FloorParticipant(this.connection, ids);
    for (const floor of options.floors) {
      this.#views.set(floor.floorId, {
        floorId: floor.floorId,
        name: floor.name,
        holders: [],
        queue: [],
        pending: [],
        raisedHands: [],
      });
    }
    this.client.events.on('status', (info) => {
      this.#ownStatus(info);
    });
    this.client.events.on('floorStatus', (status) => {
      this.#floorStatus(status);
    });
  }

  get isChair(): boolean {
    return this.client instanceof FloorChair;
  }

  /** Hello, then subscribes to every floor (FloorQuery) to follow its queue. */
  async start(): Promise<void> {
    await this.client.hello();
    if (this.floors.length > 0) {
      await this.client.subscribe(this.floors.map((f) => f.floorId));
    }
  }

  floor(floorId: number): FloorView | undefined {
    return this.#views.get(floorId);
  }

  /** Our ongoing request on a floor, if any. */
  ownRequest(floorId: number): OwnFloorRequest | undefined {
    return this.#own.get(floorId);
  }

  /**
   * Our place among the raised hands of a floor (1 = next), from its last FloorStatus: counts the
   * queue, then the pending requests by arrival. Undefined while our hand is down, we hold the
   * floor, or the server does not show us our request.
   */
  placeInLine(floorId = this.#defaultFloor()): number | undefined {
    const own = this.#own.get(floorId);
    if (!own) {
      return undefined;
    }
    const index = (this.#views.get(floorId)?.raisedHands ?? []).findIndex(
      (e) => e.floorRequestId === own.floorRequestId,
    );
    return index < 0 ? undefined : index + 1;
  }

  /** Raises a hand: a FloorRequest for the floor (default: the first, "speak"). */
  async request(floorId = this.#defaultFloor()): Promise<OwnFloorRequest> {
    this.#knownFloor(floorId);
    const existing = this.#own.get(floorId);
    if (existing) {
      return existing;
    }
    // The participant's `status` event has already brought the answer into #own.
    const info = await this.client.requestFloor({ floorIds: [floorId] });
    return this.#own.get(floorId) ?? this.#toOwn(floorId, info);
  }

  /** Lowers our hand, or gives the floor back when granted (FloorRelease). */
  async release(floorId = this.#defaultFloor()): Promise<void> {
    const own = this.#own.get(floorId);
    if (!own) {
      return;
    }
    await this.client.release(own.floorRequestId);
  }

  /** Chair: grants a request (it takes the floor). */
  grant(floorRequestId: number): Promise<void> {
    return this.#chair().grant(floorRequestId);
  }

  /** Chair: refuses a waiting request. */
  deny(floorRequestId: number, reason?: string): Promise<void> {
    return this.#chair().deny(floorRequestId, reason === undefined ? {} : { statusInfo: reason });
  }

  /** Chair: takes the floor back from its holder. */
  revoke(floorRequestId: number, reason?: string): Promise<void> {
    return this.#chair().revoke(floorRequestId, reason === undefined ? {} : { statusInfo: reason });
  }

  /** Chair: lowers every raised hand on the floor (granted holders keep the floor). */
  async lowerAllHands(floorId = this.#defaultFloor()): Promise<void> {
    const chair = this.#chair();
    if (this.#options.rest) {
      await this.#options.rest.lowerHands(this.#options.room, floorId);
      return;
    }
    const view = this.#views.get(floorId);
    for (const entry of [...(view?.queue ?? []), ...(view?.pending ?? [])]) {
      await chair.deny(entry.floorRequestId, { floorIds: [floorId] });
    }
  }

  close(): void {
    this.client.dispose();
    this.connection.close();
  }

  #chair(): FloorChair {
    if (!(this.client instanceof FloorChair)) {
      throw new ParleyClientError('NOT_CHAIR', 'only a chair can do this');
    }
    return this.client;
  }

  #defaultFloor(): number {
    const first = this.floors[0];
    if (!first) {
      throw new ParleyClientError('INVALID_ARGUMENT', 'the room has no floor');
    }
    return first.floorId;
  }

  #knownFloor(floorId: number): void {
    if (!this.#views.has(floorId)) {
      throw new ParleyClientError('INVALID_ARGUMENT', `the room has no floor ${floorId}`);
    }
  }

  #toOwn(floorId: number, info: FloorRequestInformation): OwnFloorRequest {
    const perFloor = info.floors.find((f) => f.floorId === floorId);
    const status = info.overall?.status ?? perFloor?.status;
    return {
      floorId,
      floorRequestId: info.floorRequestId,
      state: floorRequestState(status),
      queuePosition: info.overall?.queuePosition || perFloor?.queuePosition || undefined,
      statusInfo: info.overall?.statusInfo ?? perFloor?.statusInfo,
    };
  }

  #ownStatus(info: FloorRequestInformation): void {
    for (const { floorId } of info.floors) {
      const own = this.#toOwn(floorId, info);
      const status = info.overall?.status ?? info.floors.find((f) => f.floorId === floorId)?.status;
      if (status !== undefined && !isOngoingStatus(status)) {
        const current = this.#own.get(floorId);
        if (current && current.floorRequestId !== info.floorRequestId) {
          continue; // about an older request
        }
        this.#own.delete(floorId);
      } else {
        this.#own.set(floorId, own);
      }
      this.events.emit('request', own);
    }
  }

  #floorStatus(status: FloorStatusFields): void {
    if (status.floorId === undefined) {
      return;
    }
    const floorId = status.floorId;
    const name = this.floors.find((f) => f.floorId === floorId)?.name ?? `floor ${floorId}`;
    const entries: FloorQueueEntry[] = status.requests.map((request) => {
      const perFloor = request.floors.find((f) => f.floorId === floorId);
      const state = floorRequestState(perFloor?.status ?? request.overall?.status);
      const user = request.beneficiary ?? request.requestedBy;
      return {
        floorRequestId: request.floorRequestId,
        userId: user?.userId,
        displayName: user?.displayName,
        state,
        queuePosition:
          state === 'accepted'
            ? perFloor?.queuePosition || request.overall?.queuePosition || undefined
            : undefined,
        statusInfo: perFloor?.statusInfo ?? request.overall?.statusInfo,
      };
    });
    const queue = entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.state === 'accepted')
      .sort(
        (a, b) =>
          (a.entry.queuePosition ?? Number.MAX_SAFE_INTEGER) -
            (b.entry.queuePosition ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
      )
      .map(({ entry }) => entry);
    // The server lists pending requests in arrival order (docs/bfcp.md): kept as it sent them.
    const pending = entries.filter((e) => e.state === 'pending');
    const view: FloorView = {
      floorId,
      name,
      holders: entries.filter((e) => e.state === 'granted'),
      queue,
      pending,
      raisedHands: [...queue, ...pending],
    };
    this.#views.set(floorId, view);
    this.events.emit('floor', view);
  }
}
