import { Logger } from '@nestjs/common';
import type { Clock, TimerHandle } from '@parley/transport';
import type { WebSocket } from 'ws';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import { TokenError, type TokenService } from '../auth/token.service.js';
import type { ChannelRouter } from '../channels/channel-router.service.js';
import type { IceServersService } from '../ice/ice-servers.service.js';
import type { ResolvedParleyOptions } from '../parley.options.js';
import type { PeerSessions } from '../peers/peer-sessions.service.js';
import type { Participant, SignalSender } from '../rooms/participant.js';
import type { RoomRegistry } from '../rooms/room-registry.service.js';
import { PeerNegotiationError } from '../webrtc/webrtc-provider.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import {
  parseClientMessage,
  SignalingCloseCode,
  type ClientMessage,
  type ServerMessage,
  type SignalingErrorCode,
} from './signaling.protocol.js';

export interface SignalingDependencies {
  readonly options: ResolvedParleyOptions;
  readonly tokens: TokenService;
  readonly rooms: RoomRegistry;
  readonly iceServers: IceServersService;
  readonly router: ChannelRouter;
  readonly peers: PeerSessions;
  readonly clock: Clock;
}

type ConnectionState = 'awaiting-auth' | 'authenticated' | 'joined' | 'closed';

/** Errors a socket may make before it is treated as hostile and closed (4008). */
const MAX_STRIKES = 20;

/**
 * One signaling WebSocket: authenticate, join, then offer/answer/candidates for the participant's
 * peer connection. Validates every message, answers every problem with an error (or a close code)
 * and never lets one socket disturb another.
 */
export class SignalingConnection {
  readonly #logger = new Logger('Signaling');
  #state: ConnectionState = 'awaiting-auth';
  #identity: ParticipantIdentity | undefined;
  #participant: Participant | undefined;
  #strikes = 0;
  #rateLimited = false;
  readonly #loggedCodes = new Set<SignalingErrorCode>();
  readonly #limiter: RateLimiter;
  #authTimer: TimerHandle;
  #heartbeatTimer: TimerHandle;
  #alive = true;
  /** The message being handled; the next waits for it. */
  #pending: Promise<void> = Promise.resolve();
  readonly #signal: SignalSender = {
    send: (message) => {
      this.#send(message);
    },
    close: (code, reason) => {
      this.#close(code, reason);
    },
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly remote: string,
    private readonly deps: SignalingDependencies,
  ) {
    const { signaling } = deps.options;
    this.#limiter = new RateLimiter(
      signaling.messagesPerSecond,
      signaling.messageBurst,
      deps.clock,
    );
    this.#authTimer = deps.clock.setTimeout(() => {
      this.#close(SignalingCloseCode.AUTHENTICATION_REQUIRED, 'authenticate first');
    }, signaling.authTimeoutMs);
    socket.on('message', (data, isBinary) => {
      this.#onFrame(data, isBinary);
    });
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('close', () => {
      this.#onClosed();
    });
    socket.on('error', (error) => {
      this.#logger.debug(`socket error from ${remote}: ${error.message}`);
    });
    this.#scheduleHeartbeat();
  }

  #scheduleHeartbeat(): void {
    this.#heartbeatTimer = this.deps.clock.setTimeout(() => {
      if (this.#state === 'closed') {
        return;
      }
      if (!this.#alive) {
        this.#close(SignalingCloseCode.HEARTBEAT_TIMEOUT, 'no pong to ping');
        this.socket.terminate();
        return;
      }
      this.#alive = false;
      this.socket.ping();
      this.#scheduleHeartbeat();
    }, this.deps.options.signaling.heartbeatIntervalMs);
  }

  #onFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#state === 'closed') {
      return;
    }
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    if (!this.#limiter.take()) {
      this.#strike();
      if (!this.#rateLimited) {
        this.#rateLimited = true;
        this.#error('RATE_LIMITED', 'too many messages: slow down', undefined);
      }
      return;
    }
    this.#rateLimited = false;
    if (bytes.length > this.deps.options.signaling.maxMessageBytes) {
      this.#fail(
        'MESSAGE_TOO_LARGE',
        `messages are limited to ${String(this.deps.options.signaling.maxMessageBytes)} bytes`,
      );
      return;
    }
    if (isBinary) {
      this.#fail('INVALID_MESSAGE', 'signaling messages are JSON text frames');
      return;
    }
    const parsed = parseClientMessage(bytes.toString('utf8'));
    if (!parsed.ok) {
      if (this.#state === 'awaiting-auth') {
        this.#error(parsed.code, parsed.message, parsed.re);
        this.#close(SignalingCloseCode.AUTHENTICATION_REQUIRED, 'authenticate first');
        return;
      }
      this.#fail(parsed.code, parsed.message, parsed.re);
      return;
    }
    // One message at a time, in arrival order: a client may send `join` right behind `authenticate`.
    const message = parsed.message;
    this.#pending = this.#pending
      .then(() => (this.#state === 'closed' ? undefined : this.#dispatch(message)))
      .catch((error: unknown) => {
        this.#logger.error(
          `handling ${message.type} from ${this.#who()}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        this.#error('INTERNAL', 'the server could not handle this message', message.id);
      });
  }

  async #dispatch(message: ClientMessage): Promise<void> {
    const re = message.id;
    if (this.#state === 'awaiting-auth' && message.type !== 'authenticate') {
      this.#error('NOT_AUTHENTICATED', 'authenticate first', re);
      this.#close(SignalingCloseCode.AUTHENTICATION_REQUIRED, 'authenticate first');
      return;
    }
    switch (message.type) {
      case 'authenticate':
        await this.#authenticate(message.token, re);
        return;
      case 'join':
        this.#join(message.room, message.rtt ?? 'per-source', re);
        return;
      case 'offer':
        await this.#offer(message.sdp, re);
        return;
      case 'request-offer':
        await this.#serverOffer(re);
        return;
      case 'answer':
        this.#acceptAnswer(message.sdp, re);
        return;
      case 'candidate':
        this.#candidate(message.candidate, message.sdpMid ?? '0', re);
        return;
      case 'end-of-candidates':
        this.#requireJoined(re);
        return;
      case 'ice-restart':
        if (this.#requireJoined(re)) {
          this.deps.peers.restartIce(this.#participant as Participant);
          this.#send({ type: 'pong', ...(re ? { re } : {}) });
        }
        return;
      case 'leave':
        this.#leave(re);
        return;
      case 'ping':
        this.#send({ type: 'pong', ...(re ? { re } : {}) });
        return;
    }
  }

  async #authenticate(token: string, re: string | undefined): Promise<void> {
    if (this.#state !== 'awaiting-auth') {
      this.#fail('ALREADY_AUTHENTICATED', 'this socket is already authenticated', re);
      return;
    }
    try {
      this.#identity = await this.deps.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof TokenError)) {
        throw error;
      }
      this.#error(error.code, error.message, re);
      this.#close(
        error.code === 'TOKEN_EXPIRED'
          ? SignalingCloseCode.TOKEN_EXPIRED
          : SignalingCloseCode.TOKEN_INVALID,
        error.message,
      );
      return;
    }
    if (this.#closedMeanwhile()) {
      return;
    }
    this.deps.clock.clearTimeout(this.#authTimer);
    this.#state = 'authenticated';
    const { identity, displayName, room, roles, expiresAt } = this.#identity;
    this.#send({
      type: 'authenticated',
      ...(re ? { re } : {}),
      identity,
      displayName,
      room,
      roles,
      expiresAt,
    });
  }

  #join(room: string, rtt: 'per-source' | 'mixed', re: string | undefined): void {
    const identity = this.#identity as ParticipantIdentity;
    if (this.#state === 'joined') {
      this.#fail('ALREADY_JOINED', `already in room ${identity.room}`, re);
      return;
    }
    if (room !== identity.room) {
      this.#error('ROOM_FORBIDDEN', `the token does not admit to room ${JSON.stringify(room)}`, re);
      this.#close(SignalingCloseCode.ROOM_FORBIDDEN, 'room forbidden');
      return;
    }
    const { participant, resumed, replaced } = this.deps.rooms.join(identity, this.#signal, {
      rtt,
    });
    this.#participant = participant;
    this.#state = 'joined';
    replaced?.close(SignalingCloseCode.REPLACED, 'replaced by a newer connection');
    this.#logger.log(`${identity.identity} ${resumed ? 'rejoined' : 'joined'} ${room}`);
    this.#send({
      type: 'joined',
      ...(re ? { re } : {}),
      room,
      participantId: participant.participantId,
      resumed,
      participants: this.deps.rooms.participants(room).map((p) => p.summary()),
      iceServers: this.deps.iceServers.forParticipant(identity.identity),
      channels: this.deps.router.protocols.map((protocol, index) => ({
        protocol,
        streamId: 2 * index + 1,
      })),
      maxMessageSize: this.deps.options.webrtc.maxMessageSize,
      services: this.deps.router.describeServices(participant),
    });
  }

  async #offer(sdp: string, re: string | undefined): Promise<void> {
    if (!this.#requireJoined(re)) {
      return;
    }
    try {
      const answer = await this.deps.peers.answer(this.#participant as Participant, sdp);
      this.#send({ type: 'answer', ...(re ? { re } : {}), sdp: answer });
    } catch (error) {
      if (!(error instanceof PeerNegotiationError)) {
        throw error;
      }
      this.#fail('BAD_SDP', error.message, re);
    }
  }

  /** The server offers: a new peer connection with the msrp, t140 and bfcp channels opened in-band. */
  async #serverOffer(re: string | undefined): Promise<void> {
    if (!this.#requireJoined(re)) {
      return;
    }
    try {
      const offer = await this.deps.peers.offer(this.#participant as Participant);
      this.#send({ type: 'offer', ...(re ? { re } : {}), sdp: offer });
    } catch (error) {
      if (!(error instanceof PeerNegotiationError)) {
        throw error;
      }
      this.#fail('WRONG_STATE', error.message, re);
    }
  }

  #acceptAnswer(sdp: string, re: string | undefined): void {
    if (!this.#requireJoined(re)) {
      return;
    }
    try {
      this.deps.peers.acceptAnswer(this.#participant as Participant, sdp);
    } catch (error) {
      if (!(error instanceof PeerNegotiationError)) {
        throw error;
      }
      this.#fail(/no offer/.test(error.message) ? 'WRONG_STATE' : 'BAD_SDP', error.message, re);
    }
  }

  #candidate(candidate: string, mid: string, re: string | undefined): void {
    if (!this.#requireJoined(re)) {
      return;
    }
    if (candidate === '') {
      return; // the W3C end-of-candidates marker
    }
    try {
      this.deps.peers.addRemoteCandidate(this.#participant as Participant, candidate, mid);
    } catch (error) {
      if (!(error instanceof PeerNegotiationError)) {
        throw error;
      }
      this.#fail('BAD_CANDIDATE', error.message, re);
    }
  }

  #leave(re: string | undefined): void {
    if (this.#participant) {
      this.deps.rooms.leave(this.#participant);
      this.#participant = undefined;
    }
    this.#send({ type: 'left', ...(re ? { re } : {}) });
    this.#close(SignalingCloseCode.NORMAL, 'left');
  }

  #requireJoined(re: string | undefined): boolean {
    if (this.#state !== 'joined') {
      this.#fail('NOT_JOINED', 'join a room first', re);
      return false;
    }
    return true;
  }

  /** The server is going down. */
  closeForShutdown(): void {
    this.#close(SignalingCloseCode.GOING_AWAY, 'server shutting down');
  }

  #onClosed(): void {
    if (this.#state === 'closed' && !this.#participant) {
      return;
    }
    this.#state = 'closed';
    this.deps.clock.clearTimeout(this.#authTimer);
    this.deps.clock.clearTimeout(this.#heartbeatTimer);
    if (this.#participant) {
      this.deps.rooms.disconnected(this.#participant, this.#signal);
      this.#participant = undefined;
    }
  }

  /** An error answer that counts toward the flood limit. */
  #fail(code: SignalingErrorCode, message: string, re?: string): void {
    this.#error(code, message, re);
    this.#strike();
  }

  #strike(): void {
    this.#strikes++;
    if (this.#strikes > MAX_STRIKES) {
      this.#logger.warn(`closing signaling socket of ${this.#who()}: flooding`);
      this.#close(SignalingCloseCode.FLOOD, 'too many bad or excess messages');
    }
  }

  #error(code: SignalingErrorCode, message: string, re: string | undefined): void {
    if (!this.#loggedCodes.has(code)) {
      this.#loggedCodes.add(code);
      this.#logger.warn(`${code} from ${this.#who()}: ${message}`);
    }
    this.#send({ type: 'error', ...(re ? { re } : {}), code, message });
  }

  #send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  #close(code: number, reason: string): void {
    const participant = this.#participant;
    this.#state = 'closed';
    if (
      this.socket.readyState === this.socket.OPEN ||
      this.socket.readyState === this.socket.CONNECTING
    ) {
      this.socket.close(code, reason);
    }
    if (participant) {
      this.deps.rooms.disconnected(participant, this.#signal);
      this.#participant = undefined;
    }
    this.deps.clock.clearTimeout(this.#authTimer);
    this.deps.clock.clearTimeout(this.#heartbeatTimer);
  }

  /** True when the socket closed while an await was pending. */
  #closedMeanwhile(): boolean {
    return this.#state === 'closed';
  }

  #who(): string {
    return this.#identity ? `${this.#identity.identity}@${this.#identity.room}` : this.remote;
  }
}
