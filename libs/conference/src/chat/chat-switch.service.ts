import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CHAT_STORE, type ChatMessageRecord, type ChatStore } from '@parley/history';
import {
  CPIM_CONTENT_TYPE,
  decodeChunk,
  essence,
  formatPath,
  MsrpSession,
  MsrpStatus,
  parseMsrpAttributes,
  readPaths,
  unwrapCpim,
  wrapCpim,
  type MsrpDecision,
  type MsrpUri,
  type NicknameContext,
  type ReceivedMessage,
  type SendDecisionContext,
} from '@parley/msrp';
import {
  systemClock,
  type ChannelMessage,
  type DataChannelDescription,
  type MessageChannel,
} from '@parley/transport';
import { randomBytes } from 'node:crypto';
import { ChannelRouter } from '../channels/channel-router.service.js';
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
import { RateLimiters } from '../limits/rate-limiter.js';
import { participantUri, readChatUri, roomUri, switchPath } from './chat-uris.js';
import { HoldingChannel } from './holding-channel.js';

/** What the switch accepts in a SEND (RFC 7701 §5.2: message/cpim; plain text means "to the room"). */
const ACCEPT_TYPES = ['message/cpim', 'text/plain'];
const NICKNAME = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,64}$/u;

type ReadContent =
  | {
      readonly ok: true;
      readonly contentType: string;
      readonly body: Uint8Array;
      readonly recipients: string[] | null;
    }
  | { readonly ok: false; readonly status: number; readonly comment: string };

interface SwitchSession {
  readonly session: MsrpSession;
  readonly participant: Participant;
}

/**
 * The room's chat: an MSRP switch (RFC 7701). Every participant's `msrp` channel becomes an
 * MsrpSession with the switch as the far end. A SEND is stored, then answered 200 (an acknowledged
 * message is never lost), then relayed as message/cpim to every other participant — or to one, for
 * a private message — with the original Message-ID; REPORTs tell the sender what was delivered.
 */
/** Identities for a REPORT comment: the first few, then how many more (comments stay short). */
function namesForComment(identities: readonly string[], shown = 5): string {
  const listed = identities.slice(0, shown).join(', ');
  const more = identities.length - shown;
  return more > 0 ? `${listed} and ${String(more)} more` : listed;
}

@Injectable()
export class ChatSwitch implements ProtocolHandler, OnModuleInit {
  readonly protocol = 'msrp';
  readonly #logger = new Logger('ChatSwitch');
  /** Sessions by participant id (a participant may have a data channel and a WebSocket). */
  readonly #sessions = new Map<string, Set<SwitchSession>>();
  /** Remote paths offered in SDP, by participant and stream id, until the channel attaches. */
  readonly #offeredPaths = new Map<string, MsrpUri[]>();
  /** Session ids of the switch's path per participant (stable while the participant is in the room). */
  readonly #sessionIds = new Map<string, string>();
  /** Messages stored and answered 200, waiting for the session's `message` event to be relayed. */
  readonly #pendingFanOut = new Map<string, ChatMessageRecord>();
  /** Each participant's message rate, over all its sessions. */
  readonly #rates: RateLimiters;

  constructor(
    private readonly router: ChannelRouter,
    private readonly rooms: RoomRegistry,
    @Inject(CHAT_STORE) private readonly store: ChatStore,
    @Inject(PARLEY_OPTIONS) private readonly options: ResolvedParleyOptions,
  ) {
    this.#rates = new RateLimiters(
      options.chat.messagesPerSecond,
      options.chat.messageBurst,
      systemClock,
    );
  }

  onModuleInit(): void {
    this.router.register(this);
    this.rooms.on('participant-left', (participant) => {
      this.#sessionIds.delete(participant.participantId);
      this.#rates.delete(participant.participantId);
      for (const { session } of this.#sessions.get(participant.participantId) ?? []) {
        session.close();
      }
      this.#sessions.delete(participant.participantId);
      const nickname = participant.published.get('nickname');
      if (nickname !== undefined) {
        participant.published.delete('nickname');
      }
    });
  }

  describe(participant: Participant): Record<string, unknown> {
    return {
      path: this.#localPath(participant, 'dc'),
      webSocketPath: this.#localPath(participant, 'ws'),
      historyCount: this.options.chat.historyCount,
      acceptTypes: ACCEPT_TYPES,
      maxMessageBytes: this.options.chat.maxMessageBytes,
    };
  }

  refuseProperties(properties: MessageChannel['properties']): string | undefined {
    return refuseUnlessReliableOrdered('msrp', properties);
  }

  /** RFC 8873 §4: the offer's dcsa must carry path, msrp-cema and setup; the answer gives ours. */
  negotiate(offered: DataChannelDescription, owner: ChannelOwner): NegotiationDecision {
    let attributes;
    try {
      attributes = parseMsrpAttributes(offered.attributes);
    } catch (error) {
      return {
        accept: false,
        reason: `bad MSRP dcsa attributes: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (!attributes.cema) {
      return { accept: false, reason: 'RFC 8873 §4.2: a=dcsa msrp-cema is mandatory' };
    }
    this.#offeredPaths.set(`${owner.participantId}/${String(offered.dcmap.streamId)}`, [
      ...attributes.path,
    ]);
    const participant = this.rooms.find(owner.identity.room, owner.participantId);
    const path = participant ? this.#localPath(participant, 'dc') : switchPath('unknown', 'dc');
    return {
      accept: true,
      attributes: [
        'msrp-cema',
        `setup:${attributes.setup === 'passive' ? 'active' : 'passive'}`,
        `accept-types:${ACCEPT_TYPES.join(' ')}`,
        'accept-wrapped-types:*',
        `max-size:${String(this.options.chat.maxMessageBytes)}`,
        `path:${path}`,
      ],
    };
  }

  attach(channel: MessageChannel, owner: ChannelOwner): void {
    const participant = this.rooms.find(owner.identity.room, owner.participantId);
    if (!participant) {
      channel.close();
      return;
    }
    const transport = owner.transport === 'websocket' ? 'ws' : 'dc';
    const key = `${owner.participantId}/${String(channel.properties.id)}`;
    const offered = channel.properties.negotiated ? this.#offeredPaths.get(key) : undefined;
    this.#offeredPaths.delete(key);
    // Messages wait until the session exists (and the history it will replay is read).
    const holding = new HoldingChannel(channel, (first: ChannelMessage) => {
      if (offered) {
        return;
      }
      // In-band and WebSocket channels carry no SDP: the first request's From-Path names the peer.
      let fromPath: MsrpUri[];
      try {
        const bytes = typeof first === 'string' ? new TextEncoder().encode(first) : first;
        fromPath = readPaths(decodeChunk(bytes)).fromPath;
      } catch (error) {
        this.#logger.warn(
          `closing msrp channel of ${owner.identity.identity}: first message is not an MSRP request (${error instanceof Error ? error.message : String(error)})`,
        );
        channel.close();
        return;
      }
      void this.#start(holding, participant, transport, fromPath);
    });
    if (offered) {
      void this.#start(holding, participant, transport, offered);
    }
  }

  #localPath(participant: Participant, transport: 'dc' | 'ws'): string {
    let id = this.#sessionIds.get(participant.participantId);
    if (!id) {
      id = randomBytes(12).toString('base64url');
      this.#sessionIds.set(participant.participantId, id);
    }
    return switchPath(id, transport);
  }

  /**
   * Creates the participant's switch session. The history it replays is read first, before any of
   * the session's own requests is handled, so a participant's first message is never replayed back.
   */
  async #start(
    channel: HoldingChannel,
    participant: Participant,
    transport: 'dc' | 'ws',
    remotePath: readonly MsrpUri[],
  ): Promise<void> {
    const history = await this.#history(participant);
    if (channel.state === 'closed') {
      return;
    }
    if (this.rooms.find(participant.room, participant.participantId) !== participant) {
      channel.close(); // the participant left while its history was read
      return;
    }
    const session = new MsrpSession({
      channel,
      localPath: this.#localPath(participant, transport),
      remotePath,
      acceptTypes: ACCEPT_TYPES,
      maxMessageSize: this.options.chat.maxMessageBytes,
      autoSuccessReport: false,
      hooks: {
        acceptSend: (context) => this.#acceptSend(participant, context),
        nickname: (context) => this.#nickname(participant, context),
      },
    });
    const switchSession: SwitchSession = { session, participant };
    let set = this.#sessions.get(participant.participantId);
    if (!set) {
      set = new Set();
      this.#sessions.set(participant.participantId, set);
    }
    set.add(switchSession);
    // Bounded: a client that keeps opening sessions (reconnect loops, a flood of /msrp sockets)
    // loses its oldest ones.
    for (const old of [...set].slice(
      0,
      Math.max(0, set.size - this.options.chat.maxSessionsPerParticipant),
    )) {
      this.#logger.warn(
        `${participant.identity.identity} has more than ${String(this.options.chat.maxSessionsPerParticipant)} chat sessions: closing the oldest`,
      );
      set.delete(old);
      old.session.close();
    }
    session.on('message', (message) => {
      this.#onAccepted(switchSession, message);
    });
    session.on('error', (error) => {
      this.#logger.debug(`msrp session of ${participant.identity.identity}: ${error.message}`);
    });
    session.on('close', () => {
      this.#sessions.get(participant.participantId)?.delete(switchSession);
    });
    this.#logger.log(
      `${participant.identity.identity} chat session open in ${participant.room} (peer ${formatPath(remotePath)})`,
    );
    channel.release();
    void this.#replay(switchSession, history);
  }

  /** Recent messages visible to a participant, oldest first. */
  async #history(participant: Participant): Promise<ChatMessageRecord[]> {
    if (this.options.chat.historyCount === 0) {
      return [];
    }
    try {
      const page = await this.store.pageMessages(participant.room, {
        visibleTo: participant.identity.identity,
        limit: this.options.chat.historyCount,
      });
      return page.messages;
    } catch (error) {
      this.#logger.error(
        `could not read history for ${participant.identity.identity}: ${String(error)}`,
      );
      return [];
    }
  }

  /** Sends the history one message after the other, so it arrives oldest first. */
  async #replay(
    { session, participant }: SwitchSession,
    messages: readonly ChatMessageRecord[],
  ): Promise<void> {
    for (const message of messages) {
      try {
        await session.send({
          contentType: CPIM_CONTENT_TYPE,
          body: this.#wrap(message),
          messageId: message.messageId,
          failureReport: 'no',
        }).acknowledged;
      } catch (error) {
        this.#logger.debug(
          `history replay to ${participant.identity.identity} stopped: ${String(error)}`,
        );
        return;
      }
    }
  }

  /** Stores a complete message before the 200 of its last chunk (RFC 7701 switch + our durability rule). */
  async #acceptSend(participant: Participant, context: SendDecisionContext): Promise<MsrpDecision> {
    if (!context.complete || !context.message) {
      return MsrpStatus.OK;
    }
    const message = context.message;
    const content = this.#readContent(participant, message);
    if (!content.ok) {
      return { status: content.status, comment: content.comment };
    }
    if (message.duplicate) {
      return MsrpStatus.OK;
    }
    if (!this.#rates.for(participant.participantId).take()) {
      return {
        status: MsrpStatus.FORBIDDEN,
        comment: `too many messages: at most ${String(this.options.chat.messagesPerSecond)} a second`,
      };
    }
    const nickname = participant.published.get('nickname');
    try {
      const stored = await this.store.saveMessage({
        room: participant.room,
        messageId: message.messageId,
        senderIdentity: participant.identity.identity,
        senderName: typeof nickname === 'string' ? nickname : participant.identity.displayName,
        recipients: content.recipients,
        contentType: content.contentType,
        body: content.body,
        createdAt: Date.now(),
      });
      this.#pendingFanOut.set(`${participant.participantId}/${message.messageId}`, stored);
      return MsrpStatus.OK;
    } catch (error) {
      if (/UNIQUE|duplicate key/i.test(String(error))) {
        return MsrpStatus.OK; // the same Message-ID again (a retransmission): already stored
      }
      this.#logger.error(
        `could not store message ${message.messageId} from ${participant.identity.identity}: ${String(error)}`,
      );
      return { status: MsrpStatus.FORBIDDEN, comment: 'the message could not be stored' };
    }
  }

  /** What the sender meant: the content and its recipients, or the status that refuses it. */
  #readContent(participant: Participant, message: ReceivedMessage): ReadContent {
    const type = essence(message.contentType);
    if (type === 'text/plain') {
      return { ok: true, contentType: message.contentType, body: message.body, recipients: null };
    }
    if (type !== CPIM_CONTENT_TYPE) {
      return {
        ok: false,
        status: MsrpStatus.UNSUPPORTED_MEDIA_TYPE,
        comment: 'send message/cpim or text/plain',
      };
    }
    let cpim;
    try {
      cpim = unwrapCpim(message.body);
    } catch (error) {
      return {
        ok: false,
        status: MsrpStatus.BAD_REQUEST,
        comment: `bad message/cpim: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (cpim.to.length !== 1) {
      return {
        ok: false,
        status: MsrpStatus.PRIVATE_MESSAGES_NOT_SUPPORTED,
        comment: 'a message goes to the room or to exactly one participant (RFC 7701 §6.2)',
      };
    }
    const to = readChatUri((cpim.to[0] as { uri: string }).uri);
    if (!to) {
      return { ok: false, status: MsrpStatus.RECIPIENT_NOT_FOUND, comment: 'unknown recipient' };
    }
    if ('room' in to) {
      if (to.room !== participant.room) {
        return { ok: false, status: MsrpStatus.RECIPIENT_NOT_FOUND, comment: 'not this room' };
      }
      return { ok: true, contentType: cpim.contentType, body: cpim.body, recipients: null };
    }
    const present = this.rooms
      .participants(participant.room)
      .some((p) => p.identity.identity === to.identity);
    if (!present || to.identity === participant.identity.identity) {
      return {
        ok: false,
        status: MsrpStatus.RECIPIENT_NOT_FOUND,
        comment: `${to.identity} is not in the room`,
      };
    }
    return { ok: true, contentType: cpim.contentType, body: cpim.body, recipients: [to.identity] };
  }

  /** After the 200: tell the sender (success REPORT), relay, record the delivery. */
  #onAccepted(from: SwitchSession, message: ReceivedMessage): void {
    const key = `${from.participant.participantId}/${message.messageId}`;
    const stored = this.#pendingFanOut.get(key);
    this.#pendingFanOut.delete(key);
    if (!stored) {
      return; // a duplicate, already relayed
    }
    const targets = this.rooms
      .participants(stored.room)
      .filter(
        (p) =>
          p !== from.participant &&
          (stored.recipients === null || stored.recipients.includes(p.identity.identity)),
      );
    if (stored.recipients === null) {
      // A room message is accepted once stored: the switch took responsibility for it.
      from.session.sendReport(message, MsrpStatus.OK);
    }
    void this.#relay(stored, targets).then(({ deliveredTo, failedTo }) => {
      const status =
        failedTo.length === 0 ? 'delivered' : deliveredTo.length === 0 ? 'failed' : 'partial';
      if (stored.recipients !== null) {
        // A private message: its one recipient decides success or failure.
        from.session.sendReport(
          message,
          failedTo.length === 0 ? MsrpStatus.OK : MsrpStatus.RECIPIENT_NOT_FOUND,
          failedTo.length === 0 ? {} : { comment: 'recipient not reachable' },
        );
      } else if (failedTo.length > 0) {
        // The success REPORT said the switch took the message; this one says who it could not
        // reach (RFC 4975 §7.1.2: a failure REPORT unless the sender asked for none).
        // 408 when nobody got it; 404 (RFC 7701: recipient not found) when some did not.
        if (deliveredTo.length === 0) {
          from.session.sendReport(message, MsrpStatus.TIMEOUT, {
            comment: 'no participant could be reached',
          });
        } else {
          from.session.sendReport(message, MsrpStatus.RECIPIENT_NOT_FOUND, {
            comment: `not delivered to ${namesForComment(failedTo)}`,
          });
        }
      }
      this.store
        .recordDelivery(stored.room, stored.messageId, { deliveredTo, failedTo, status })
        .catch((error: unknown) => {
          this.#logger.error(`could not record delivery of ${stored.messageId}: ${String(error)}`);
        });
    });
  }

  async #relay(
    stored: ChatMessageRecord,
    targets: readonly Participant[],
  ): Promise<{ deliveredTo: string[]; failedTo: string[] }> {
    const body = this.#wrap(stored);
    const outcomes = await Promise.all(
      targets.map(async (target) => {
        const sessions = [...(this.#sessions.get(target.participantId) ?? [])];
        if (sessions.length === 0) {
          return { identity: target.identity.identity, delivered: false };
        }
        const results = await Promise.allSettled(
          sessions.map(
            ({ session }) =>
              session.send({ contentType: CPIM_CONTENT_TYPE, body, messageId: stored.messageId })
                .acknowledged,
          ),
        );
        return {
          identity: target.identity.identity,
          delivered: results.some((r) => r.status === 'fulfilled'),
        };
      }),
    );
    return {
      deliveredTo: outcomes.filter((o) => o.delivered).map((o) => o.identity),
      failedTo: outcomes.filter((o) => !o.delivered).map((o) => o.identity),
    };
  }

  /** A stored message as recipients get it: message/cpim from the sender, to the room or to them. */
  #wrap(message: ChatMessageRecord): Uint8Array {
    const to =
      message.recipients === null
        ? { uri: roomUri(message.room) }
        : { uri: participantUri(message.recipients[0] as string) };
    return wrapCpim({
      from: { name: message.senderName, uri: participantUri(message.senderIdentity) },
      to: [to],
      dateTime: new Date(message.createdAt).toISOString(),
      contentType: message.contentType,
      body: message.body,
    });
  }

  /** RFC 7701 §7: a nickname unique in the room. */
  #nickname(participant: Participant, context: NicknameContext): MsrpDecision {
    const nickname = context.nickname.trim();
    if (nickname === '') {
      participant.published.delete('nickname');
      this.#announce(participant);
      return MsrpStatus.OK;
    }
    if (!NICKNAME.test(nickname)) {
      return {
        status: MsrpStatus.MALFORMED_NICKNAME,
        comment: 'nicknames are 1-64 printable characters',
      };
    }
    const taken = this.rooms
      .participants(participant.room)
      .some(
        (p) =>
          p !== participant &&
          String(p.published.get('nickname') ?? '').toLowerCase() === nickname.toLowerCase(),
      );
    if (taken) {
      return { status: MsrpStatus.NICKNAME_IN_USE, comment: 'nickname in use' };
    }
    participant.published.set('nickname', nickname);
    this.#announce(participant);
    return MsrpStatus.OK;
  }

  #announce(participant: Participant): void {
    this.rooms.broadcast(participant.room, {
      type: 'participant-updated',
      participant: participant.summary(),
    });
  }
}
