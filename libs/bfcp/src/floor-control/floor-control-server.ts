import { systemClock, type Clock, type TypedEmitter } from '@parley/transport';
import { findAttribute, findAttributes } from '../attributes/attribute-lookup.js';
import type {
  FloorRequestInformation,
  UserInformation,
} from '../attributes/floor-request-information.js';
import { ErrorCode, RequestStatus } from '../attributes/values.js';
import type { BfcpConnection } from '../connection/bfcp-connection.js';
import type { BfcpMessage } from '../message/message.js';
import {
  chairActionAck,
  errorMessage,
  floorRequestStatus,
  floorStatus,
  goodbyeAck,
  helloAck,
  readFloorRequest,
  responseHeader,
  userStatus,
} from '../message/message-builders.js';
import { unknownMandatoryAttributes } from '../message/message-validator.js';
import { allPrimitives, Primitive, primitiveName } from '../message/primitive.js';
import { allAttributeTypes } from '../attributes/attribute-type.js';
import type { FloorControlEvents } from './floor-events.js';
import type { FloorRequestRecord } from './floor-request.js';
import { describeRequest } from './floor-request-report.js';
import { ServerSession, type BfcpServerPeer, type SessionHost } from './server-session.js';
import type { FloorConfig } from './floor.js';
import { FloorControlState, type FloorOperationResult, type FloorSnapshot } from './floor-state.js';

export interface FloorControlServerOptions {
  readonly conferenceId: number;
  readonly floors?: readonly FloorConfig[] | undefined;
  readonly clock?: Clock | undefined;
  /** Ongoing requests one beneficiary may have per floor (Error 8 beyond). Default 1. */
  readonly maxOngoingRequestsPerUser?: number | undefined;
  /** Highest priority honoured. Default 4 (Highest). */
  readonly maxPriority?: number | undefined;
  /** Who may request a floor for someone else: `chairs` of every requested floor (default), `anyone`, `nobody`. */
  readonly thirdPartyRequests?: 'chairs' | 'anyone' | 'nobody' | undefined;
  /** Send waiting participants a FloorRequestStatus each time their queue position changes. Default true. */
  readonly notifyQueueMoves?: boolean | undefined;
  /** First Floor Request ID to assign. Default 1. */
  readonly firstFloorRequestId?: number | undefined;
  /**
   * Who sees Pending requests (hands raised, waiting for a chair) in FloorStatus (RFC 8855 §13.5
   * leaves it to policy): `everyone` subscribed to the floor (default: every client sees the same
   * ordered raise-hand queue) or only the floor's `chairs`. Either way a FloorStatus lists the
   * holders, then the queue (Accepted, in queue order), then the pending requests in arrival order.
   */
  readonly pendingVisibleTo?: 'everyone' | 'chairs' | undefined;
}

/** A participant as the server knows it. */
export interface ParticipantInfo {
  readonly userId: number;
  readonly displayName?: string | undefined;
  /** The user's contact URI (USER-URI), e.g. the SIP URI or a Parley user URI. */
  readonly uri?: string | undefined;
}

export interface AttachOptions extends ParticipantInfo {
  /** User IDs this peer may put in the COMMON-HEADER (RFC 8855 §9). Default: only `userId`. */
  readonly allowedUserIds?: readonly number[] | undefined;
}

/**
 * The floor control server of one conference (RFC 8855 §13): answers every client message with the
 * right response or Error, keeps the floor state (FloorControlState) and tells the participants
 * concerned what changed (FloorRequestStatus) and the subscribers of each floor (FloorStatus). The
 * moderator methods (grantNext, deny, revoke, lowerAllHands, removeParticipant...) produce the same
 * notifications as the equivalent ChairAction. Every floor event is emitted on `events`.
 */
export class FloorControlServer implements SessionHost {
  readonly conferenceId: number;
  readonly state: FloorControlState;
  readonly #users = new Map<number, ParticipantInfo>();
  readonly #sessions = new Set<ServerSession>();
  readonly #thirdParty: 'chairs' | 'anyone' | 'nobody';
  readonly #notifyQueueMoves: boolean;
  readonly #pendingVisibleTo: 'everyone' | 'chairs';

  constructor(options: FloorControlServerOptions) {
    this.conferenceId = options.conferenceId;
    this.#thirdParty = options.thirdPartyRequests ?? 'chairs';
    this.#notifyQueueMoves = options.notifyQueueMoves ?? true;
    this.#pendingVisibleTo = options.pendingVisibleTo ?? 'everyone';
    this.state = new FloorControlState({
      conferenceId: options.conferenceId,
      clock: options.clock ?? systemClock,
      maxOngoingRequestsPerUser: options.maxOngoingRequestsPerUser,
      maxPriority: options.maxPriority,
      firstFloorRequestId: options.firstFloorRequestId,
      onTimerChange: () => {
        this.#flush(undefined);
      },
    });
    for (const floor of options.floors ?? []) {
      this.state.addFloor(floor);
    }
  }

  /** Every floor event (requested, pending, accepted, queued, granted, denied, revoked, released, cancelled). */
  get events(): TypedEmitter<FloorControlEvents> {
    return this.state.events;
  }

  addFloor(config: FloorConfig): void {
    this.state.addFloor(config);
  }

  /** Registers (or updates) a participant: needed for third-party requests and BENEFICIARY-INFORMATION. */
  addUser(user: ParticipantInfo): void {
    this.#users.set(user.userId, { ...this.#users.get(user.userId), ...user });
  }

  hasUser(userId: number): boolean {
    return this.#users.has(userId);
  }

  /**
   * Binds a BFCP connection (role `server`) to this conference for one participant: every message
   * it receives is handled here, and the session ends when the connection closes.
   */
  attach(connection: BfcpConnection, options: AttachOptions): ServerSession {
    const session = this.attachPeer(connection, options);
    session.detach.push(
      connection.events.on('message', (message) => {
        session.receive(message);
      }),
      connection.events.on('close', () => {
        session.close();
      }),
    );
    return session;
  }

  /** The same for any transport: call `session.receive(message)` for each decoded client message. */
  attachPeer(peer: BfcpServerPeer, options: AttachOptions): ServerSession {
    this.addUser(options);
    const session = new ServerSession(
      options.userId,
      options.allowedUserIds ?? [options.userId],
      peer,
      this,
    );
    this.#sessions.add(session);
    this.state.setPresent(options.userId, true);
    this.#flush(undefined);
    return session;
  }

  /** @internal */
  forget(session: ServerSession): void {
    if (this.#sessions.delete(session)) {
      this.state.setPresent(session.userId, false);
      this.#flush(undefined);
    }
  }

  // ---- moderator API (same effects and notifications as a chair's ChairAction) -------------

  /** Makes a user chair of a floor (or not). Without a present chair, the automatic policy decides. */
  setChair(floorId: number, userId: number, chair: boolean): FloorOperationResult {
    return this.#run(() => this.state.setChair(floorId, userId, chair));
  }

  grantNext(floorId: number, actorId?: number): FloorOperationResult {
    return this.#run(() => this.state.grantNext(floorId, actorId));
  }

  grant(floorRequestId: number, actorId?: number): FloorOperationResult {
    return this.#decideAll(floorRequestId, RequestStatus.Granted, actorId, undefined, 0);
  }

  /** Accepts a pending request into the queue (at `queuePosition`, or where policy puts it when 0). */
  accept(floorRequestId: number, queuePosition = 0, actorId?: number): FloorOperationResult {
    return this.#decideAll(
      floorRequestId,
      RequestStatus.Accepted,
      actorId,
      undefined,
      queuePosition,
    );
  }

  deny(
    floorRequestId: number,
    options: { actorId?: number; statusInfo?: string } = {},
  ): FloorOperationResult {
    return this.#decideAll(
      floorRequestId,
      RequestStatus.Denied,
      options.actorId,
      options.statusInfo,
      0,
    );
  }

  revoke(
    floorRequestId: number,
    options: { actorId?: number; statusInfo?: string } = {},
  ): FloorOperationResult {
    return this.#decideAll(
      floorRequestId,
      RequestStatus.Revoked,
      options.actorId,
      options.statusInfo,
      0,
    );
  }

  /** Denies (default) or cancels every waiting request, on one floor or all. */
  lowerAllHands(
    floorId?: number,
    options: { actorId?: number; as?: 'denied' | 'cancelled'; statusInfo?: string } = {},
  ): FloorOperationResult {
    return this.#run(() => this.state.lowerAllHands(floorId, options));
  }

  /** Releases the user's granted requests and cancels the others; drops their chair roles. */
  removeParticipant(userId: number, actorId?: number): FloorOperationResult {
    const result = this.#run(() => this.state.removeUser(userId, actorId));
    this.#users.delete(userId);
    return result;
  }

  snapshot(): FloorSnapshot[] {
    return this.state.snapshot();
  }

  // ---- message handling (RFC 8855 §13) ------------------------------------------------------

  /** @internal */
  handle(session: ServerSession, m: BfcpMessage): void {
    const reply = (response: BfcpMessage) => {
      session.peer.respond(m, response);
    };
    const error = (code: number, info: string, unknownAttributes?: number[]) => {
      reply(errorMessage(responseHeader(m), { code, info, unknownAttributes }));
    };
    switch (m.primitive) {
      case Primitive.Error:
      case Primitive.FloorRequestStatusAck:
      case Primitive.FloorStatusAck:
      case Primitive.GoodbyeAck:
        return; // never answered (acks on reliable transports have nothing to acknowledge)
      case Primitive.FloorRequestStatus:
      case Primitive.UserStatus:
      case Primitive.FloorStatus:
      case Primitive.ChairActionAck:
      case Primitive.HelloAck:
        error(
          ErrorCode.UnknownPrimitive,
          `${primitiveName(m.primitive) ?? m.primitive} is sent by a floor control server, not to one`,
        );
        return;
      default:
        break;
    }
    if (m.conferenceId !== this.conferenceId) {
      error(ErrorCode.ConferenceDoesNotExist, `conference ${m.conferenceId} does not exist`);
      return;
    }
    if (!session.allowedUserIds.has(m.userId)) {
      error(ErrorCode.UnauthorizedOperation, `this connection may not act as user ${m.userId}`);
      return;
    }
    const unknown = unknownMandatoryAttributes(m);
    if (unknown.length > 0) {
      error(
        ErrorCode.UnknownMandatoryAttribute,
        `unknown mandatory attribute type(s) ${unknown.join(', ')}`,
        unknown,
      );
      return;
    }
    const result = this.#dispatch(session, m);
    if (result && !result.ok) {
      error(result.errorCode, result.reason);
    }
    this.#flush(result?.ok ? result.answered : undefined);
  }

  #dispatch(session: ServerSession, m: BfcpMessage): HandlerResult | undefined {
    const header = responseHeader(m);
    switch (m.primitive) {
      case Primitive.Hello:
        session.peer.respond(
          m,
          helloAck(header, { primitives: allPrimitives, attributes: allAttributeTypes }),
        );
        return undefined;
      case Primitive.Goodbye:
        session.peer.respond(m, goodbyeAck(header));
        session.close();
        return undefined;
      case Primitive.FloorRequest:
        return this.#onFloorRequest(session, m);
      case Primitive.FloorRelease: {
        const id = findAttribute(m.attributes, 'FLOOR-REQUEST-ID')?.value ?? 0;
        const record = this.state.getRequest(id);
        if (record && record.requesterId !== m.userId && record.beneficiaryId !== m.userId) {
          return fail(
            ErrorCode.UnauthorizedOperation,
            `floor request ${id} is not yours to release`,
          );
        }
        const result = this.state.release(id, m.userId);
        if (!result.ok || !record) {
          return result.ok
            ? fail(ErrorCode.FloorRequestIdDoesNotExist, `no floor request ${id}`)
            : result;
        }
        session.peer.respond(m, floorRequestStatus(header, this.#info(record, 'request')));
        return { ok: true, answered: { session, record } };
      }
      case Primitive.FloorRequestQuery: {
        const id = findAttribute(m.attributes, 'FLOOR-REQUEST-ID')?.value ?? 0;
        const record = this.state.getRequest(id);
        if (!record) {
          return fail(ErrorCode.FloorRequestIdDoesNotExist, `no floor request ${id}`);
        }
        const involved =
          record.requesterId === m.userId ||
          record.beneficiaryId === m.userId ||
          record.floorIds.some((f) => this.state.isChair(m.userId, f));
        if (!involved) {
          return fail(ErrorCode.UnauthorizedOperation, `floor request ${id} concerns other users`);
        }
        session.peer.respond(m, floorRequestStatus(header, this.#info(record, 'full')));
        return { ok: true };
      }
      case Primitive.UserQuery: {
        const beneficiaryId = findAttribute(m.attributes, 'BENEFICIARY-ID')?.value;
        const subject = beneficiaryId ?? m.userId;
        if (!this.#users.has(subject)) {
          return fail(ErrorCode.UserDoesNotExist, `user ${subject} does not exist`);
        }
        session.peer.respond(
          m,
          userStatus(header, {
            beneficiary: beneficiaryId === undefined ? undefined : this.#user(beneficiaryId),
            requests: this.state.requestsOf(subject).map((r) => this.#info(r, 'full')),
          }),
        );
        return { ok: true };
      }
      case Primitive.FloorQuery: {
        const floorIds = [...new Set(findAttributes(m.attributes, 'FLOOR-ID').map((a) => a.value))];
        const invalid = floorIds.find((f) => !this.state.hasFloor(f));
        if (invalid !== undefined) {
          return fail(ErrorCode.InvalidFloorId, `floor ${invalid} does not exist`);
        }
        session.subscriptions.clear();
        floorIds.forEach((f) => session.subscriptions.add(f));
        const [first, ...rest] = floorIds;
        session.peer.respond(
          m,
          first === undefined
            ? floorStatus(header, { requests: [] })
            : this.#floorStatus(session, first, header),
        );
        for (const floorId of rest) {
          void this.#notify(
            session,
            this.#floorStatus(session, floorId, this.#notifyHeader(session)),
          );
        }
        return { ok: true };
      }
      case Primitive.ChairAction:
        return this.#onChairAction(session, m);
      default:
        return fail(ErrorCode.UnknownPrimitive, `primitive ${m.primitive} is not supported`);
    }
  }

  #onFloorRequest(session: ServerSession, m: BfcpMessage): HandlerResult {
    const fields = readFloorRequest(m);
    const beneficiaryId = fields.beneficiaryId ?? m.userId;
    if (beneficiaryId !== m.userId) {
      const allowed =
        this.#thirdParty === 'anyone' ||
        (this.#thirdParty === 'chairs' &&
          fields.floorIds.every((f) => this.state.isChair(m.userId, f)));
      if (!allowed) {
        return fail(
          ErrorCode.UnauthorizedOperation,
          `user ${m.userId} may not request a floor for user ${beneficiaryId}`,
        );
      }
      if (!this.#users.has(beneficiaryId)) {
        return fail(ErrorCode.UserDoesNotExist, `user ${beneficiaryId} does not exist`);
      }
    }
    const result = this.state.request({
      requesterId: m.userId,
      beneficiaryId,
      floorIds: fields.floorIds,
      priority: fields.priority,
      participantProvidedInfo: fields.participantProvidedInfo,
    });
    if (!result.ok) {
      return result;
    }
    const record = this.state.getRequest(result.request?.floorRequestId ?? -1);
    if (!record) {
      return fail(ErrorCode.GenericError, 'the floor request vanished');
    }
    session.peer.respond(m, floorRequestStatus(responseHeader(m), this.#info(record, 'request')));
    return { ok: true, answered: { session, record } };
  }

  #onChairAction(session: ServerSession, m: BfcpMessage): HandlerResult {
    const fri = findAttribute(m.attributes, 'FLOOR-REQUEST-INFORMATION');
    if (!fri) {
      return fail(ErrorCode.UnableToParseMessage, 'ChairAction without FLOOR-REQUEST-INFORMATION');
    }
    const floors = findAttributes(fri.attributes, 'FLOOR-REQUEST-STATUS');
    for (const frs of floors) {
      if (!this.state.hasFloor(frs.value)) {
        return fail(ErrorCode.InvalidFloorId, `floor ${frs.value} does not exist`);
      }
      if (!this.state.isChair(m.userId, frs.value)) {
        return fail(
          ErrorCode.UnauthorizedOperation,
          `user ${m.userId} is not a chair of floor ${frs.value}`,
        );
      }
    }
    const record = this.state.getRequest(fri.value);
    if (!record) {
      return fail(ErrorCode.FloorRequestIdDoesNotExist, `no floor request ${fri.value}`);
    }
    const overall = findAttribute(fri.attributes, 'OVERALL-REQUEST-STATUS');
    const overallStatus = overall && findAttribute(overall.attributes, 'REQUEST-STATUS')?.value;
    const overallInfo = overall && findAttribute(overall.attributes, 'STATUS-INFO')?.value;
    const actions = floors.map((frs) => {
      const rs = findAttribute(frs.attributes, 'REQUEST-STATUS')?.value ?? overallStatus;
      return {
        floorId: frs.value,
        status: rs?.status,
        queuePosition: rs?.queuePosition ?? 0,
        statusInfo: findAttribute(frs.attributes, 'STATUS-INFO')?.value ?? overallInfo,
      };
    });
    if (actions.some((a) => a.status === undefined)) {
      return fail(ErrorCode.GenericError, 'ChairAction without a REQUEST-STATUS for a floor');
    }
    // Validate everything before changing anything; then acknowledge and apply.
    for (const action of actions) {
      if (!record.floorIds.includes(action.floorId)) {
        return fail(
          ErrorCode.InvalidFloorId,
          `floor request ${record.id} is not for floor ${action.floorId}`,
        );
      }
      if (!chairStatuses.has(action.status ?? 0)) {
        return fail(
          ErrorCode.GenericError,
          `a chair may set Accepted, Granted, Denied or Revoked, not status ${action.status ?? 0}`,
        );
      }
      if (action.status === RequestStatus.Accepted && record.status === RequestStatus.Granted) {
        return fail(ErrorCode.GenericError, `floor request ${record.id} is already granted`);
      }
    }
    session.peer.respond(m, chairActionAck(responseHeader(m)));
    for (const action of actions) {
      this.state.decide(record.id, action.floorId, action.status ?? 0, {
        actorId: m.userId,
        queuePosition: action.queuePosition,
        statusInfo: action.statusInfo,
      });
    }
    return { ok: true };
  }

  #decideAll(
    floorRequestId: number,
    status: number,
    actorId: number | undefined,
    statusInfo: string | undefined,
    queuePosition: number,
  ): FloorOperationResult {
    return this.#run(() => {
      const record = this.state.getRequest(floorRequestId);
      if (!record) {
        return fail(ErrorCode.FloorRequestIdDoesNotExist, `no floor request ${floorRequestId}`);
      }
      let result: FloorOperationResult = { ok: true };
      for (const floorId of record.floorIds) {
        result = this.state.decide(floorRequestId, floorId, status, {
          actorId,
          statusInfo,
          queuePosition,
        });
        if (!result.ok) {
          break;
        }
      }
      return result;
    });
  }

  #run(operation: () => FloorOperationResult): FloorOperationResult {
    const result = operation();
    this.#flush(undefined);
    return result;
  }

  // ---- notifications ----------------------------------------------------------------------

  #notifyHeader(session: ServerSession) {
    return { conferenceId: this.conferenceId, transactionId: 0, userId: session.userId };
  }

  #notify(session: ServerSession, message: BfcpMessage): Promise<void> {
    return session.peer.notify(message).catch(() => undefined);
  }

  /** Sends what changed: FloorRequestStatus to the users concerned, FloorStatus to subscribers. */
  #flush(answered: Answered | undefined): void {
    const { requests, floors } = this.state.takeChanges();
    for (const { record, statusChanged } of requests) {
      if (!statusChanged && !this.#notifyQueueMoves) {
        continue; // a queue move only: not announced by policy
      }
      for (const session of this.#sessions) {
        if (session.userId !== record.beneficiaryId && session.userId !== record.requesterId) {
          continue;
        }
        if (answered && answered.session === session && answered.record === record) {
          continue;
        }
        void this.#notify(
          session,
          floorRequestStatus(
            this.#notifyHeader(session),
            this.#info(record, 'request', record.reportedPosition),
          ),
        );
      }
    }
    for (const floorId of floors) {
      for (const session of this.#sessions) {
        if (session.subscriptions.has(floorId)) {
          void this.#notify(
            session,
            this.#floorStatus(session, floorId, this.#notifyHeader(session)),
          );
        }
      }
    }
  }

  #floorStatus(
    session: ServerSession,
    floorId: number,
    header: { conferenceId: number; transactionId: number; userId: number },
  ): BfcpMessage {
    const seesPending =
      this.#pendingVisibleTo === 'everyone' || this.state.isChair(session.userId, floorId);
    return floorStatus(header, {
      floorId,
      // Outside an operation every record's reportedPosition is its current place (takeChanges).
      requests: this.state
        .requestsOnFloor(floorId, seesPending)
        .map((r) => this.#info(r, 'full', r.reportedPosition)),
    });
  }

  #user(userId: number): UserInformation {
    const user = this.#users.get(userId);
    return { userId, displayName: user?.displayName, uri: user?.uri };
  }

  #info(
    record: FloorRequestRecord,
    view: 'request' | 'full',
    position = this.state.queuePosition(record),
  ): FloorRequestInformation {
    return describeRequest(this.state, record, view, position, (id) => this.#user(id));
  }
}

type Failure = { readonly ok: false; readonly errorCode: ErrorCode; readonly reason: string };
type Answered = { readonly session: ServerSession; readonly record: FloorRequestRecord };
type HandlerResult = { readonly ok: true; readonly answered?: Answered | undefined } | Failure;

const chairStatuses: ReadonlySet<number> = new Set<number>([
  RequestStatus.Accepted,
  RequestStatus.Granted,
  RequestStatus.Denied,
  RequestStatus.Revoked,
]);

function fail(errorCode: ErrorCode, reason: string): Failure {
  return { ok: false, errorCode, reason };
}
