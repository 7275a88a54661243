import { TypedEmitter, type Clock } from '@parley/transport';
import { ErrorCode, RequestStatus } from '../attributes/values.js';
import type { FloorControlEvents, FloorEventKind } from './floor-events.js';
import { Floor, type FloorConfig } from './floor.js';
import type { FloorRequestRecord, FloorRequestView } from './floor-request.js';

export interface FloorStateOptions {
  readonly conferenceId: number;
  readonly clock: Clock;
  /** Ongoing requests one beneficiary may have per floor (Error 8 beyond). Default 1. */
  readonly maxOngoingRequestsPerUser?: number | undefined;
  /** Highest priority honoured; higher requested values are lowered to it. Default 4 (Highest). */
  readonly maxPriority?: number | undefined;
  /** First Floor Request ID to assign. Default 1. */
  readonly firstFloorRequestId?: number | undefined;
  /** Called after a change no message caused (a holding time expired), so it can be announced. */
  readonly onTimerChange?: (() => void) | undefined;
}

/** The outcome of an operation: done, or the BFCP error code and why. */
export type FloorOperationResult =
  | { readonly ok: true; readonly request?: FloorRequestView }
  | { readonly ok: false; readonly errorCode: ErrorCode; readonly reason: string };

/** A floor as `snapshot()` shows it. */
export interface FloorSnapshot {
  readonly floorId: number;
  readonly name: string | undefined;
  readonly maxHolders: number;
  readonly chairs: readonly number[];
  readonly chairPresent: boolean;
  readonly holders: readonly FloorRequestView[];
  readonly queue: readonly FloorRequestView[];
  readonly pending: readonly FloorRequestView[];
}

export interface NewFloorRequest {
  readonly requesterId: number;
  readonly beneficiaryId: number;
  readonly floorIds: readonly number[];
  readonly priority?: number | undefined;
  readonly participantProvidedInfo?: string | undefined;
}

const fail = (errorCode: ErrorCode, reason: string): FloorOperationResult => ({
  ok: false,
  errorCode,
  reason,
});

const terminalKind: Partial<Record<RequestStatus, FloorEventKind>> = {
  [RequestStatus.Denied]: 'denied',
  [RequestStatus.Cancelled]: 'cancelled',
  [RequestStatus.Released]: 'released',
  [RequestStatus.Revoked]: 'revoked',
};

/**
 * The floor control state machine of one conference (RFC 8855 §4, §13): floors with a holder limit,
 * a queue per floor ordered by priority then arrival, chairs or an automatic policy, atomic
 * multi-floor requests, holding-time limits. No messages: every change is recorded for
 * `takeChanges()` (the server turns them into FloorRequestStatus and FloorStatus notifications)
 * and emitted as a typed FloorEvent.
 */
export class FloorControlState {
  readonly events = new TypedEmitter<FloorControlEvents>();
  readonly conferenceId: number;
  readonly #clock: Clock;
  readonly #floors = new Map<number, Floor>();
  readonly #requests = new Map<number, FloorRequestRecord>();
  readonly #present = new Map<number, number>();
  readonly #maxOngoing: number;
  readonly #maxPriority: number;
  #nextRequestId: number;
  readonly #onTimerChange: (() => void) | undefined;
  #seq = 0;
  readonly #changedRequests = new Set<FloorRequestRecord>();
  readonly #changedFloors = new Set<number>();

  constructor(options: FloorStateOptions) {
    this.conferenceId = options.conferenceId;
    this.#clock = options.clock;
    this.#maxOngoing = options.maxOngoingRequestsPerUser ?? 1;
    this.#maxPriority = Math.min(4, options.maxPriority ?? 4);
    this.#nextRequestId = options.firstFloorRequestId ?? 1;
    this.#onTimerChange = options.onTimerChange;
  }

  // ---- floors and chairs ------------------------------------------------------------------

  addFloor(config: FloorConfig): void {
    if (this.#floors.has(config.floorId)) {
      throw new RangeError(`floor ${config.floorId} exists`);
    }
    this.#floors.set(config.floorId, new Floor(config));
  }

  hasFloor(floorId: number): boolean {
    return this.#floors.has(floorId);
  }

  get floorIds(): number[] {
    return [...this.#floors.keys()];
  }

  isChair(userId: number, floorId: number): boolean {
    return this.#floors.get(floorId)?.chairs.has(userId) ?? false;
  }

  /** Makes a user chair of a floor, or no longer (a moderator role given or taken at runtime). */
  setChair(floorId: number, userId: number, chair: boolean): FloorOperationResult {
    const floor = this.#floors.get(floorId);
    if (!floor) {
      return fail(ErrorCode.InvalidFloorId, `floor ${floorId} does not exist`);
    }
    if (floor.chairs.has(userId) === chair) {
      return { ok: true };
    }
    if (chair) {
      floor.chairs.add(userId);
    } else {
      floor.chairs.delete(userId);
    }
    this.events.emit('chair', { floorId, userId, chair });
    this.#changedFloors.add(floorId);
    this.#applyAutomaticPolicy(floor);
    return { ok: true };
  }

  /** Counts a user's connections: chairs only decide while present. */
  setPresent(userId: number, present: boolean): void {
    const count = (this.#present.get(userId) ?? 0) + (present ? 1 : -1);
    if (count > 0) {
      this.#present.set(userId, count);
    } else {
      this.#present.delete(userId);
    }
    if (!present && count <= 0) {
      for (const floor of this.#floors.values()) {
        if (floor.chairs.has(userId)) {
          this.#applyAutomaticPolicy(floor);
        }
      }
    }
  }

  /** True when the floor has a chair who is present: requests then wait (Pending) for a decision. */
  chairPresent(floorId: number): boolean {
    const floor = this.#floors.get(floorId);
    return floor !== undefined && [...floor.chairs].some((c) => this.#present.has(c));
  }

  // ---- requests ---------------------------------------------------------------------------

  getRequest(floorRequestId: number): FloorRequestRecord | undefined {
    return this.#requests.get(floorRequestId);
  }

  /** Ongoing requests where the user is beneficiary or requester (UserQuery, RFC 8855 §13.3). */
  requestsOf(userId: number): FloorRequestRecord[] {
    return [...this.#requests.values()].filter(
      (r) => r.beneficiaryId === userId || r.requesterId === userId,
    );
  }

  /** Ongoing requests on a floor: holders, then the queue, then (if asked) pending ones by arrival. */
  requestsOnFloor(floorId: number, includePending: boolean): FloorRequestRecord[] {
    const floor = this.#floors.get(floorId);
    if (!floor) {
      return [];
    }
    return [...floor.holders, ...floor.queue, ...(includePending ? floor.pending : [])];
  }

  /** Queue position (1 = next) of an Accepted request: the furthest back over its floors; else 0. */
  queuePosition(record: FloorRequestRecord): number {
    if (record.status !== RequestStatus.Accepted) {
      return 0;
    }
    let position = 0;
    for (const floorId of record.floorIds) {
      position = Math.max(position, this.#floors.get(floorId)?.positionOf(record) ?? 0);
    }
    return position;
  }

  /** Queue position on one floor (0 when not queued there). */
  floorQueuePosition(record: FloorRequestRecord, floorId: number): number {
    return this.#floors.get(floorId)?.positionOf(record) ?? 0;
  }

  view(record: FloorRequestRecord, position = this.queuePosition(record)): FloorRequestView {
    return {
      floorRequestId: record.id,
      requesterId: record.requesterId,
      beneficiaryId: record.beneficiaryId,
      floorIds: record.floorIds,
      priority: record.priority,
      status: record.status,
      queuePosition: position,
      participantProvidedInfo: record.participantProvidedInfo,
      statusInfo: record.statusInfo,
      grantedAt: record.grantedAt,
    };
  }

  /**
   * Admits a FloorRequest (after authorisation): checks floors (Error 6) and the per-user limit
   * (Error 8), then Pending if a present chair must decide on a floor, else Accepted and possibly
   * Granted at once.
   */
  request(fields: NewFloorRequest): FloorOperationResult {
    const floorIds = [...new Set(fields.floorIds)];
    for (const floorId of floorIds) {
      if (!this.#floors.has(floorId)) {
        return fail(ErrorCode.InvalidFloorId, `floor ${floorId} does not exist`);
      }
      const ongoing = this.requestsOnFloor(floorId, true).filter(
        (r) => r.beneficiaryId === fields.beneficiaryId,
      ).length;
      if (ongoing >= this.#maxOngoing) {
        return fail(
          ErrorCode.MaximumOngoingRequestsReached,
          `user ${fields.beneficiaryId} already has ${ongoing} ongoing request(s) for floor ${floorId}`,
        );
      }
    }
    const id = this.#allocateId();
    const record: FloorRequestRecord = {
      id,
      requesterId: fields.requesterId,
      beneficiaryId: fields.beneficiaryId,
      floorIds,
      requestedPriority: fields.priority,
      priority: Math.min(this.#maxPriority, fields.priority ?? 2, 4),
      participantProvidedInfo: fields.participantProvidedInfo,
      seq: this.#seq++,
      status: RequestStatus.Pending,
      approved: new Set(),
      statusInfo: undefined,
      grantedAt: undefined,
      holdTimer: undefined,
      reportedPosition: 0,
      reportedStatus: undefined,
    };
    this.#requests.set(id, record);
    this.#emit('requested', record, fields.requesterId, undefined);
    for (const floorId of floorIds) {
      if (!this.chairPresent(floorId) || this.isChair(fields.requesterId, floorId)) {
        record.approved.add(floorId);
      }
    }
    if (record.approved.size === floorIds.length) {
      this.#accept(record, fields.requesterId, undefined, 0);
    } else {
      for (const floorId of floorIds) {
        this.#floor(floorId).pending.push(record);
        this.#changedFloors.add(floorId);
      }
      this.#touch(record);
      this.#emit('pending', record, undefined, undefined);
    }
    this.#grantWaiting(floorIds);
    return { ok: true, request: this.view(record) };
  }

  /**
   * A participant's FloorRelease (RFC 8855 §13.4): Released if it was granted, Cancelled otherwise.
   */
  release(floorRequestId: number, actorId: number | undefined): FloorOperationResult {
    const record = this.#ongoing(floorRequestId);
    if (!record) {
      return fail(
        ErrorCode.FloorRequestIdDoesNotExist,
        `no ongoing floor request ${floorRequestId}`,
      );
    }
    const status =
      record.status === RequestStatus.Granted ? RequestStatus.Released : RequestStatus.Cancelled;
    this.#finish(record, status, actorId, undefined);
    return { ok: true, request: this.view(record) };
  }

  /**
   * A chair's decision on one floor of a request (RFC 8855 §11, §13.6): Accepted (queuePosition 0:
   * the server picks), Granted, Denied or Revoked. Denied on a granted request revokes it and
   * Revoked on a waiting one denies it: the server keeps the state coherent.
   */
  decide(
    floorRequestId: number,
    floorId: number,
    status: number,
    options: {
      actorId?: number | undefined;
      queuePosition?: number;
      statusInfo?: string | undefined;
    } = {},
  ): FloorOperationResult {
    const record = this.#ongoing(floorRequestId);
    if (!record) {
      return fail(
        ErrorCode.FloorRequestIdDoesNotExist,
        `no ongoing floor request ${floorRequestId}`,
      );
    }
    if (!record.floorIds.includes(floorId)) {
      return fail(
        ErrorCode.InvalidFloorId,
        `floor request ${floorRequestId} is not for floor ${floorId}`,
      );
    }
    const actor = options.actorId;
    const info = options.statusInfo;
    switch (status) {
      case RequestStatus.Accepted:
        if (record.status === RequestStatus.Granted) {
          return fail(ErrorCode.GenericError, `floor request ${floorRequestId} is already granted`);
        }
        record.approved.add(floorId);
        if (info !== undefined) {
          record.statusInfo = info;
        }
        if (record.status === RequestStatus.Accepted) {
          this.#move(record, floorId, options.queuePosition ?? 0);
        } else if (record.approved.size === record.floorIds.length) {
          this.#accept(record, actor, info, options.queuePosition ?? 0);
        } else {
          this.#touch(record);
        }
        this.#grantWaiting(record.floorIds);
        return { ok: true, request: this.view(record) };
      case RequestStatus.Granted:
        if (record.status === RequestStatus.Granted) {
          return { ok: true, request: this.view(record) };
        }
        record.approved.add(floorId);
        if (record.approved.size < record.floorIds.length) {
          // Atomic request: wait for every other floor's chair (RFC 8855 §13.6).
          this.#touch(record);
          return { ok: true, request: this.view(record) };
        }
        if (record.status === RequestStatus.Pending) {
          this.#accept(record, actor, info, 0);
        }
        this.#grant(record, actor, info, true);
        this.#grantWaiting(record.floorIds);
        return { ok: true, request: this.view(record) };
      case RequestStatus.Denied:
      case RequestStatus.Revoked: {
        const final =
          record.status === RequestStatus.Granted ? RequestStatus.Revoked : RequestStatus.Denied;
        this.#finish(record, final, actor, info);
        return { ok: true, request: this.view(record) };
      }
      default:
        return fail(
          ErrorCode.GenericError,
          `a chair may set Accepted, Granted, Denied or Revoked, not status ${status}`,
        );
    }
  }

  /** Grants the head of a floor's queue now, revoking the oldest holder if the floor is full. */
  grantNext(floorId: number, actorId?: number): FloorOperationResult {
    const floor = this.#floors.get(floorId);
    if (!floor) {
      return fail(ErrorCode.InvalidFloorId, `floor ${floorId} does not exist`);
    }
    const next = floor.queue[0] ?? floor.pending[0];
    if (!next) {
      return fail(ErrorCode.FloorRequestIdDoesNotExist, `nobody waits for floor ${floorId}`);
    }
    for (const f of next.floorIds) {
      next.approved.add(f);
    }
    return this.decide(next.id, floorId, RequestStatus.Granted, { actorId });
  }

  /** Denies (or cancels) every waiting request on a floor, or on every floor ("lower all hands"). */
  lowerAllHands(
    floorId: number | undefined,
    options: { actorId?: number; as?: 'denied' | 'cancelled'; statusInfo?: string } = {},
  ): FloorOperationResult {
    if (floorId !== undefined && !this.#floors.has(floorId)) {
      return fail(ErrorCode.InvalidFloorId, `floor ${floorId} does not exist`);
    }
    const status = options.as === 'cancelled' ? RequestStatus.Cancelled : RequestStatus.Denied;
    const floors = floorId === undefined ? [...this.#floors.values()] : [this.#floor(floorId)];
    const waiting = new Set<FloorRequestRecord>();
    for (const floor of floors) {
      floor.queue.forEach((r) => waiting.add(r));
      floor.pending.forEach((r) => waiting.add(r));
    }
    for (const record of waiting) {
      this.#finish(record, status, options.actorId, options.statusInfo);
    }
    return { ok: true };
  }

  /**
   * Ends every ongoing request of a user, as beneficiary or requester: granted ones Released, the
   * others Cancelled (a participant removed from the conference).
   */
  removeUser(userId: number, actorId?: number): FloorOperationResult {
    for (const record of this.requestsOf(userId)) {
      const status =
        record.status === RequestStatus.Granted ? RequestStatus.Released : RequestStatus.Cancelled;
      this.#finish(record, status, actorId, undefined);
    }
    for (const floor of this.#floors.values()) {
      if (floor.chairs.has(userId)) {
        this.setChair(floor.floorId, userId, false);
      }
    }
    return { ok: true };
  }

  snapshot(): FloorSnapshot[] {
    return [...this.#floors.values()].map((f) => ({
      floorId: f.floorId,
      name: f.name,
      maxHolders: f.maxHolders,
      chairs: [...f.chairs],
      chairPresent: this.chairPresent(f.floorId),
      holders: f.holders.map((r) => this.view(r)),
      queue: f.queue.map((r) => this.view(r)),
      pending: f.pending.map((r) => this.view(r)),
    }));
  }

  /**
   * Requests and floors changed since the last call. Requests whose queue position moved are
   * included (and get a `queued` event); terminal requests are forgotten afterwards.
   */
  takeChanges(): {
    requests: { record: FloorRequestRecord; statusChanged: boolean }[];
    floors: number[];
  } {
    // Current positions of every request queued on a changed floor, in one pass per queue.
    const positions = new Map<FloorRequestRecord, number>();
    for (const floorId of this.#changedFloors) {
      this.#floors.get(floorId)?.queue.forEach((record, index) => {
        const position = record.floorIds.length > 1 ? this.queuePosition(record) : index + 1;
        positions.set(record, position);
        if (
          record.reportedStatus === RequestStatus.Accepted &&
          position !== record.reportedPosition
        ) {
          this.#changedRequests.add(record);
          this.#emit('queued', record, undefined, undefined, position);
        }
      });
    }
    const requests = [...this.#changedRequests].map((record) => ({
      record,
      statusChanged: record.reportedStatus !== record.status,
    }));
    for (const { record } of requests) {
      record.reportedStatus = record.status;
      record.reportedPosition =
        record.status === RequestStatus.Accepted
          ? (positions.get(record) ?? this.queuePosition(record))
          : 0;
      if (!this.#isOngoing(record)) {
        this.#requests.delete(record.id);
      }
    }
    const floors = [...this.#changedFloors];
    this.#changedRequests.clear();
    this.#changedFloors.clear();
    return { requests, floors };
  }

  // ---- internals --------------------------------------------------------------------------

  #floor(floorId: number): Floor {
    const floor = this.#floors.get(floorId);
    if (!floor) {
      throw new RangeError(`floor ${floorId} does not exist`);
    }
    return floor;
  }

  #allocateId(): number {
    for (let i = 0; i < 0xffff; i++) {
      const id = this.#nextRequestId;
      this.#nextRequestId = id >= 0xffff ? 1 : id + 1;
      if (!this.#requests.has(id)) {
        return id;
      }
    }
    throw new RangeError('every Floor Request ID is in use');
  }

  #isOngoing(record: FloorRequestRecord): boolean {
    return (
      record.status === RequestStatus.Pending ||
      record.status === RequestStatus.Accepted ||
      record.status === RequestStatus.Granted
    );
  }

  #ongoing(floorRequestId: number): FloorRequestRecord | undefined {
    const record = this.#requests.get(floorRequestId);
    return record && this.#isOngoing(record) ? record : undefined;
  }

  #touch(record: FloorRequestRecord): void {
    this.#changedRequests.add(record);
    for (const floorId of record.floorIds) {
      this.#changedFloors.add(floorId);
    }
  }

  #emit(
    kind: FloorEventKind,
    record: FloorRequestRecord,
    actorId: number | undefined,
    reason: string | undefined,
    position?: number,
  ): void {
    if (this.events.listenerCount('floor') === 0) {
      return;
    }
    this.events.emit('floor', {
      kind,
      conferenceId: this.conferenceId,
      request: this.view(record, position),
      actorId,
      reason,
      at: this.#clock.now(),
    });
  }

  /** Pending -> Accepted: into every floor's queue (priority, then arrival; or a chair's position). */
  #accept(
    record: FloorRequestRecord,
    actorId: number | undefined,
    reason: string | undefined,
    position: number,
  ): void {
    record.status = RequestStatus.Accepted;
    if (reason !== undefined) {
      record.statusInfo = reason;
    }
    for (const floorId of record.floorIds) {
      const floor = this.#floor(floorId);
      floor.unpend(record);
      floor.enqueue(record, position);
    }
    this.#touch(record);
    this.#emit('accepted', record, actorId, reason);
  }

  /** A chair's Accepted with a queue position on an already queued request moves it. */
  #move(record: FloorRequestRecord, floorId: number, position: number): void {
    if (position <= 0) {
      return;
    }
    this.#floor(floorId).moveTo(record, position);
    this.#changedFloors.add(floorId);
  }

  /** Grants a request on all its floors; `force` revokes the oldest holders to make room. */
  #grant(
    record: FloorRequestRecord,
    actorId: number | undefined,
    reason: string | undefined,
    force: boolean,
  ): boolean {
    if (!force && record.floorIds.some((floorId) => this.#floor(floorId).full)) {
      return false;
    }
    for (const floorId of record.floorIds) {
      const floor = this.#floor(floorId);
      while (floor.full) {
        const oldest = floor.holders[0] as FloorRequestRecord;
        this.#finish(
          oldest,
          RequestStatus.Revoked,
          actorId,
          'floor granted to another participant',
          false,
        );
      }
    }
    record.status = RequestStatus.Granted;
    record.grantedAt = this.#clock.now();
    if (reason !== undefined) {
      record.statusInfo = reason;
    }
    let holdMs: number | undefined;
    for (const floorId of record.floorIds) {
      const floor = this.#floor(floorId);
      floor.grant(record);
      if (floor.maxHoldingTimeMs !== undefined) {
        holdMs = Math.min(holdMs ?? Infinity, floor.maxHoldingTimeMs);
      }
    }
    if (holdMs !== undefined) {
      record.holdTimer = this.#clock.setTimeout(() => {
        record.holdTimer = undefined;
        if (record.status === RequestStatus.Granted) {
          this.#finish(record, RequestStatus.Revoked, undefined, 'maximum holding time reached');
          this.#onTimerChange?.();
        }
      }, holdMs);
    }
    this.#touch(record);
    this.#emit('granted', record, actorId, reason);
    return true;
  }

  /** Moves a request to a terminal status and frees its place; then serves the queue. */
  #finish(
    record: FloorRequestRecord,
    status: RequestStatus,
    actorId: number | undefined,
    reason: string | undefined,
    serve = true,
  ): void {
    if (!this.#isOngoing(record)) {
      return;
    }
    record.status = status;
    if (reason !== undefined) {
      record.statusInfo = reason;
    }
    if (record.holdTimer !== undefined) {
      this.#clock.clearTimeout(record.holdTimer);
      record.holdTimer = undefined;
    }
    for (const floorId of record.floorIds) {
      this.#floor(floorId).remove(record);
    }
    this.#touch(record);
    const kind = terminalKind[status];
    if (kind) {
      this.#emit(kind, record, actorId, reason);
    }
    if (serve) {
      this.#grantWaiting(record.floorIds);
    }
  }

  /** Grants queued requests, in order, on floors that have room (automatic granting). */
  #grantWaiting(floorIds: readonly number[]): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const floorId of floorIds) {
        const floor = this.#floor(floorId);
        if (!floor.autoGrant || floor.full) {
          continue;
        }
        const head = floor.queue[0];
        if (!head) {
          continue;
        }
        // Atomic multi-floor request: only when it heads every one of its floors' queues.
        const headsAll = head.floorIds.every((f) => {
          const other = this.#floor(f);
          return other.autoGrant && other.queue[0] === head && !other.full;
        });
        if (headsAll && this.#grant(head, undefined, undefined, false)) {
          progress = true;
        }
      }
    }
  }

  /** Without a present chair, pending requests on the floor are accepted automatically. */
  #applyAutomaticPolicy(floor: Floor): void {
    if (this.chairPresent(floor.floorId)) {
      return;
    }
    for (const record of [...floor.pending]) {
      record.approved.add(floor.floorId);
      if (record.approved.size === record.floorIds.length) {
        this.#accept(record, undefined, undefined, 0);
      } else {
        this.#touch(record);
      }
    }
    this.#grantWaiting([floor.floorId]);
  }
}
