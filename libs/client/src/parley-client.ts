import { newSessionId } from '@parley/msrp';
import { TypedEmitter } from '@parley/transport';
import { RestClient } from './api/rest-client.js';
import { ChatClient } from './chat/chat-client.js';
import {
  CONFERENCE_PROTOCOLS,
  type ConferenceChannels,
  type ConferenceProtocol,
  type TransportKind,
} from './connection/conference-channels.js';
import { WebRtcChannels, type ChannelNegotiation } from './connection/webrtc-channels.js';
import { WebSocketChannels } from './connection/websocket-channels.js';
import { ParleyClientError } from './errors.js';
import { FloorControl } from './floor/floor-control.js';
import { browserPlatform, type ClientPlatform } from './platform.js';
import { RealTimeText } from './rtt/real-time-text.js';
import { SignalingConnection, type SignalingCloseEvent } from './signaling/signaling-connection.js';
import type {
  AuthenticatedMessage,
  ConferenceServices,
  JoinedMessage,
  ParticipantSummary,
  ServerMessage,
} from './signaling/signaling-messages.js';

export interface ParleyClientOptions {
  /** The participant token (JWT from your backend, or `RestClient.devToken` in development). */
  readonly token: string;
  /** http[s]://host[:port] of the Parley server. Default: the page's origin. */
  readonly serverUrl?: string;
  /**
   * `auto` (default): WebRTC data channels, or the WebSocket fallbacks when the platform has no
   * WebRTC or the data channels do not open. `webrtc` / `websocket`: only that.
   */
  readonly transport?: 'auto' | 'webrtc' | 'websocket';
  /** How data channels are opened: DCEP (`in-band`, default) or `a=dcmap` in the offer (`sdp`). */
  readonly negotiation?: ChannelNegotiation;
  /**
   * Real-time text of the others: one display per participant (`per-source`, default on WebRTC),
   * or one RFC 9071 presentation (`mixed`, always on the WebSocket fallback).
   */
  readonly rtt?: 'per-source' | 'mixed';
  /** Platform services (WebSocket, RTCPeerConnection, fetch, clock). Default: the browser's. */
  readonly platform?: ClientPlatform;
  /** How long the channels may take to open. Default 15 s. */
  readonly openTimeoutMs?: number;
  /** How long to try to get the signaling connection back after it drops. Default 25 s (within the server's 30 s grace). */
  readonly reconnectWithinMs?: number;
}

export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Who we are in the room. */
export interface SelfInfo {
  readonly participantId: string;
  readonly identity: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly room: string;
}

export interface ParleyClientEvents {
  state: ClientState;
  'participant-joined': ParticipantSummary;
  /** Connected/disconnected, or another change of a participant. */
  'participant-updated': ParticipantSummary;
  'participant-left': ParticipantSummary;
  /** Something failed that does not end the session (a chat error, a lost candidate...). */
  error: Error;
  /** The session ended: after `leave()`, or the server closed it for good. */
  closed: SignalingCloseEvent;
}

/** Close codes after which reconnecting is pointless. */
const FINAL_CLOSE_CODES = new Set([1000, 4001, 4002, 4003, 4004, 4008, 4009, 4011]);

function randomHost(): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyz234567'.charAt(b & 31)).join('');
}

/**
 * A participant of a Parley room, in a browser: signaling (authenticate, join, offer/answer, trickle
 * ICE), the msrp/t140/bfcp channels (WebRTC, or WebSocket fallbacks), and on them `chat` (MSRP),
 * `rtt` (T.140) and `floor` (BFCP), plus `api` for the REST history and moderator actions.
 *
 * ```ts
 * const client = new ParleyClient({ token });
 * await client.connect();
 * client.rtt.bindTextField(document.querySelector('textarea')!);
 * client.chat.send('Hello everyone');
 * await client.floor.request(); // raise a hand
 * ```
 */
export class ParleyClient {
  readonly events = new TypedEmitter<ParleyClientEvents>();
  readonly api: RestClient;
  readonly #options: ParleyClientOptions;
  readonly #platform: ClientPlatform;
  readonly #serverUrl: string;
  readonly #participants = new Map<string, ParticipantSummary>();
  #state: ClientState = 'idle';
  #signaling: SignalingConnection | undefined;
  #authenticated: AuthenticatedMessage | undefined;
  #joined: JoinedMessage | undefined;
  #services: ConferenceServices | undefined;
  #channels: ConferenceChannels | undefined;
  #chat: ChatClient | undefined;
  #rtt: RealTimeText | undefined;
  #floor: FloorControl | undefined;
  #leaving = false;
  #tearingDown = false;
  #losing = false;

  constructor(options: ParleyClientOptions) {
    this.#options = options;
    this.#platform = options.platform ?? browserPlatform();
    this.#serverUrl = (options.serverUrl ?? globalThis.location.origin).replace(/\/+$/, '');
    this.api = new RestClient(this.#serverUrl, options.token, this.#platform.fetch);
  }

  get state(): ClientState {
    return this.#state;
  }

  get self(): SelfInfo {
    const auth = this.#need(this.#authenticated);
    return {
      participantId: this.#need(this.#joined).participantId,
      identity: auth.identity,
      displayName: auth.displayName,
      roles: auth.roles,
      room: auth.room,
    };
  }

  get isChair(): boolean {
    return this.#services?.bfcp?.chair ?? this.#authenticated?.roles.includes('chair') ?? false;
  }

  /** Whether the server offers a service (and its channel is open): `msrp` chat, `t140` text, `bfcp` floor. */
  offers(service: ConferenceProtocol): boolean {
    return this.#channels?.channels.has(service) ?? false;
  }

  /** Everyone in the room (ourselves included), by participant id. */
  get participants(): ReadonlyMap<string, ParticipantSummary> {
    return this.#participants;
  }

  participantByIdentity(identity: string): ParticipantSummary | undefined {
    return [...this.#participants.values()].find((p) => p.identity === identity);
  }

  participantByBfcpUserId(userId: number | undefined): ParticipantSummary | undefined {
    if (userId === undefined) {
      return undefined;
    }
    return [...this.#participants.values()].find((p) => p.bfcpUserId === userId);
  }

  get services(): ConferenceServices {
    return this.#need(this.#services);
  }

  get transport(): TransportKind {
    return this.#need(this.#channels).transport;
  }

  /** Chat (throws NOT_OFFERED when the server has no chat: see `offers('msrp')`). */
  get chat(): ChatClient {
    return this.#offered('msrp', this.#chat);
  }

  /** Real-time text (see `offers('t140')`). */
  get rtt(): RealTimeText {
    return this.#offered('t140', this.#rtt);
  }

  /** Floor control (see `offers('bfcp')`). */
  get floor(): FloorControl {
    return this.#offered('bfcp', this.#floor);
  }

  #offered<T>(service: ConferenceProtocol, value: T | undefined): T {
    this.#need(this.#channels);
    if (value === undefined) {
      throw new ParleyClientError('NOT_OFFERED', `the server does not offer ${service}`);
    }
    return value;
  }

  /** Authenticates, joins the token's room and opens the channels. */
  async connect(): Promise<void> {
    if (this.#state !== 'idle') {
      throw new ParleyClientError('INVALID_ARGUMENT', `connect() in state ${this.#state}`);
    }
    this.#setState('connecting');
    try {
      await this.#signalingSession();
      const joined = this.#need(this.#joined);
      const services = joined.services ?? {};
      const protocols = CONFERENCE_PROTOCOLS.filter((p) => services[p] !== undefined);
      if (protocols.length === 0) {
        throw new ParleyClientError(
          'CONNECTION_FAILED',
          'the server offers no conference service (joined.services is empty)',
        );
      }
      this.#services = services;
      const channels = await this.#openChannels(joined, protocols);
      this.#channels = channels;
      this.#startServices(channels, services);
      for (const [protocol, channel] of channels.channels) {
        channel.on('close', () => {
          this.#channelLost(protocol);
        });
      }
      this.#setState('connected');
    } catch (error) {
      this.#teardown();
      this.#setState('closed');
      throw error;
    }
  }

  /** Leaves the room for good (`leave`), closing every channel. */
  async leave(): Promise<void> {
    this.#leaving = true;
    const signaling = this.#signaling;
    if (signaling && !signaling.closed) {
      try {
        await signaling.request({ type: 'leave' }, 'left', 5_000);
      } catch {
        // closing anyway
      }
    }
    this.#teardown();
    this.#setState('closed');
  }

  #need<T>(value: T | undefined): T {
    if (value === undefined) {
      throw new ParleyClientError('NOT_CONNECTED', 'the client is not connected');
    }
    return value;
  }

  #setState(state: ClientState): void {
    if (this.#state !== state) {
      this.#state = state;
      this.events.emit('state', state);
    }
  }

  #wsBase(): string {
    return this.#serverUrl.replace(/^http/, 'ws');
  }

  /** Opens signaling, authenticates and joins; resolves with whether the server resumed us. */
  async #signalingSession(): Promise<boolean> {
    const signaling = await SignalingConnection.open(`${this.#wsBase()}/signaling`, this.#platform);
    this.#signaling = signaling;
    signaling.events.on('message', (message) => {
      this.#onServerMessage(message);
    });
    this.#authenticated = await signaling.request(
      { type: 'authenticate', token: this.#options.token },
      'authenticated',
    );
    const mixed = this.#options.rtt === 'mixed';
    const previous = this.#joined?.participantId;
    const joined = await signaling.request(
      { type: 'join', room: this.#authenticated.room, ...(mixed ? { rtt: 'mixed' } : {}) },
      'joined',
    );
    this.#joined = joined;
    const before = new Map(this.#participants);
    this.#participants.clear();
    for (const participant of joined.participants) {
      this.#participants.set(participant.participantId, participant);
    }
    if (previous !== undefined) {
      // Back after a drop: tell what changed meanwhile, as if we had seen it happen.
      for (const [id, gone] of before) {
        if (!this.#participants.has(id)) {
          this.events.emit('participant-left', gone);
        }
      }
      for (const [id, participant] of this.#participants) {
        this.events.emit(
          before.has(id) ? 'participant-updated' : 'participant-joined',
          participant,
        );
      }
    }
    signaling.events.on('close', (event) => {
      this.#onSignalingClosed(signaling, event);
    });
    return joined.resumed && previous === joined.participantId;
  }

  async #openChannels(
    joined: JoinedMessage,
    protocols: readonly ConferenceProtocol[],
  ): Promise<ConferenceChannels> {
    const transport = this.#options.transport ?? 'auto';
    const openTimeoutMs = this.#options.openTimeoutMs ?? 15_000;
    const host = `${randomHost()}.invalid`;
    const session = newSessionId();
    const websocket = () =>
      WebSocketChannels.open({
        platform: this.#platform,
        wsBase: this.#wsBase(),
        token: this.#options.token,
        maxMessageSize: Math.min(joined.maxMessageSize || 65536, 65536),
        msrpLocalPath: `msrps://${host}/${session};ws`,
        openTimeoutMs,
        protocols,
      });
    if (
      transport === 'websocket' ||
      (transport === 'auto' && !this.#platform.createPeerConnection)
    ) {
      return websocket();
    }
    try {
      return await WebRtcChannels.open({
        signaling: this.#need(this.#signaling),
        platform: this.#platform,
        joined,
        negotiation: this.#options.negotiation ?? 'in-band',
        protocols,
        msrpLocalPath: `msrps://${host}:9/${session};dc`,
        receiveCps: 30,
        openTimeoutMs,
      });
    } catch (error) {
      if (transport === 'webrtc') {
        throw error;
      }
      this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
      return websocket();
    }
  }

  #startServices(channels: ConferenceChannels, services: ConferenceServices): void {
    const auth = this.#need(this.#authenticated);
    const clock = this.#platform.clock;
    const report = (error: Error): void => {
      this.events.emit('error', error);
    };
    const msrp = channels.channels.get('msrp');
    if (msrp && services.msrp) {
      this.#chat = new ChatClient({
        channel: msrp,
        localPath: channels.msrpLocalPath,
        remotePath:
          channels.transport === 'websocket'
            ? (services.msrp.webSocketPath ?? services.msrp.path.replace(/;dc$/, ';ws'))
            : services.msrp.path,
        self: { identity: auth.identity, displayName: auth.displayName },
        room: auth.room,
        rest: this.api,
        displayNameOf: (identity) => this.participantByIdentity(identity)?.displayName,
        clock,
      });
      this.#chat.events.on('error', report);
    }
    const t140 = channels.channels.get('t140');
    if (t140 && services.t140) {
      const mixed = channels.transport === 'websocket' || this.#options.rtt === 'mixed';
      const rtt = new RealTimeText({
        channel: t140,
        cps: services.t140.cps ?? 30,
        mode: mixed ? 'mixed' : 'per-source',
        clock,
      });
      this.#rtt = rtt;
      channels.onRemoteText(({ participantId, channel }) => {
        rtt.attachRemote(participantId, channel);
      });
    }
    const bfcp = channels.channels.get('bfcp');
    if (bfcp && services.bfcp) {
      this.#floor = new FloorControl({
        channel: bfcp,
        conferenceId: services.bfcp.conferenceId,
        userId: services.bfcp.userId,
        floors: services.bfcp.floors,
        chair: services.bfcp.chair,
        room: auth.room,
        rest: this.api,
        clock,
      });
      this.#floor.events.on('error', report);
      this.#floor.start().catch(report);
    }
  }

  #onServerMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'participant-joined':
        this.#participants.set(message.participant.participantId, message.participant);
        this.events.emit('participant-joined', message.participant);
        return;
      case 'participant-updated':
        this.#participants.set(message.participant.participantId, message.participant);
        this.events.emit('participant-updated', message.participant);
        return;
      case 'participant-left': {
        const gone = this.#participants.get(message.participantId);
        this.#participants.delete(message.participantId);
        if (gone) {
          this.events.emit('participant-left', gone);
        }
        return;
      }
      case 'error':
        if (message.re === undefined) {
          this.events.emit(
            'error',
            new ParleyClientError('SIGNALING_ERROR', `${message.code}: ${message.message}`, {
              serverCode: message.code,
            }),
          );
        }
        return;
      default:
        return;
    }
  }

  #onSignalingClosed(signaling: SignalingConnection, event: SignalingCloseEvent): void {
    if (signaling !== this.#signaling || this.#state === 'closed' || this.#losing) {
      return; // (a lost channel is already ending the session, with this close as its reason)
    }
    if (this.#leaving || this.#state !== 'connected' || FINAL_CLOSE_CODES.has(event.code)) {
      this.#teardown();
      this.#setState('closed');
      this.events.emit('closed', event);
      return;
    }
    void this.#reconnect(event);
  }

  /** Read after an await: a lost channel may have closed the session meanwhile. */
  #stillReconnecting(): boolean {
    return this.#state === 'reconnecting';
  }

  /**
   * A protocol channel closed under us (the server restarted, ICE failed, a moderator removed us):
   * the session is over. The signaling socket usually says why a moment later (4011 removed,
   * 1001 shutting down...): wait a little for it, so the reason is the server's.
   */
  #channelLost(protocol: ConferenceProtocol): void {
    if (this.#leaving || this.#tearingDown || this.#state === 'closed' || this.#losing) {
      return;
    }
    this.#losing = true;
    const signaling = this.#signaling;
    const finish = (event: SignalingCloseEvent): void => {
      if (this.#state === 'closed') {
        return;
      }
      this.#teardown();
      this.#setState('closed');
      this.events.emit('closed', event);
    };
    const lost = { code: 1006, reason: `the ${protocol} channel closed` };
    if (!signaling || signaling.closed) {
      finish(signaling?.closed ?? lost);
      return;
    }
    const clock = this.#platform.clock;
    const timer = clock.setTimeout(() => {
      off();
      finish(lost);
    }, 1_000);
    const off = signaling.events.on('close', (event) => {
      clock.clearTimeout(timer);
      off();
      finish(event);
    });
  }

  /** The signaling socket dropped: get it back within the grace period, keeping the channels. */
  async #reconnect(lastClose: SignalingCloseEvent): Promise<void> {
    this.#setState('reconnecting');
    const clock = this.#platform.clock;
    const deadline = clock.now() + (this.#options.reconnectWithinMs ?? 25_000);
    let delay = 500;
    while (clock.now() < deadline && !this.#leaving && this.#stillReconnecting()) {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 4_000);
      try {
        const resumed = await this.#signalingSession();
        if (!this.#stillReconnecting()) {
          return; // closed meanwhile (a channel was lost)
        }
        if (resumed) {
          this.#setState('connected');
          return;
        }
        break; // a new participant id: our channels belong to the old one
      } catch (error) {
        if (error instanceof ParleyClientError && error.code === 'AUTH_FAILED') {
          break;
        }
      }
    }
    if (this.#state === 'closed') {
      return;
    }
    this.#teardown();
    this.#setState('closed');
    this.events.emit('closed', lastClose);
  }

  #teardown(): void {
    this.#tearingDown = true;
    this.#chat?.close();
    this.#rtt?.close();
    this.#floor?.close();
    this.#channels?.close();
    const signaling = this.#signaling;
    if (signaling && !signaling.closed) {
      if (!this.#leaving && this.#joined) {
        // Abandoning the session: say so, or the server keeps a ghost for its grace period.
        try {
          signaling.send({ type: 'leave' });
        } catch {
          // closing anyway
        }
      }
      signaling.close();
    }
  }
}
