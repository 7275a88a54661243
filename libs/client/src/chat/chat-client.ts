import {
  CPIM_CONTENT_TYPE,
  essence,
  MsrpError,
  MsrpSession,
  MsrpTransactionError,
  unwrapCpim,
  wrapCpim,
  type ReceivedMessage,
  type ReceivedReport,
} from '@parley/msrp';
import { TypedEmitter, type Clock, type MessageChannel } from '@parley/transport';
import type { RestClient } from '../api/rest-client.js';
import type { ChatMessageRecord } from '../api/rest-types.js';
import { ParleyClientError } from '../errors.js';
import { identityFromUri, participantUri, roomUri } from '../uris.js';
import type { ChatDeliveryState, ChatMessage, ChatSender } from './chat-message.js';

export interface ChatClientOptions {
  readonly channel: MessageChannel;
  /** Our MSRP path (a `;dc` or `;ws` URI). */
  readonly localPath: string;
  /** The server's MSRP path (`joined.services.msrp.path`). */
  readonly remotePath: string;
  readonly self: ChatSender;
  readonly room: string;
  /** For history paging; without it `loadEarlier` resolves with nothing. */
  readonly rest?: RestClient | undefined;
  /** Names for identities the server did not name (the participant list). */
  readonly displayNameOf?: (identity: string) => string | undefined;
  readonly clock?: Clock;
  /** Messages per history page. Default 50. */
  readonly pageSize?: number;
}

export interface ChatEvents {
  /** A message arrived, was sent, or was loaded from the history. */
  message: ChatMessage;
  /** An outgoing message's delivery state changed. */
  update: ChatMessage;
  /** The MSRP session reported a problem. */
  error: Error;
}

const decoder = new TextDecoder();

/**
 * Conversation order: by time (the switch's DateTime, the history's createdAt, our clock for our
 * own messages), then by `order` (arrival; history pages before what was already there). Arrival
 * alone is not enough: the switch may finish sending replayed messages out of order.
 */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  return a.sentAt - b.sentAt || a.order - b.order;
}

function bodyText(contentType: string, body: Uint8Array): string {
  if (essence(contentType) === CPIM_CONTENT_TYPE) {
    const cpim = unwrapCpim(body);
    return decoder.decode(cpim.body);
  }
  return decoder.decode(body);
}

/**
 * Chat through the conference's MSRP switch (RFC 7701, docs/conference.md): sends CPIM messages to
 * the room or to one participant with success reports, receives everyone else's (the recent history
 * first), tracks delivery, and pages older messages from the history API.
 */
export class ChatClient {
  readonly events = new TypedEmitter<ChatEvents>();
  readonly session: MsrpSession;
  readonly #options: ChatClientOptions;
  readonly #messages = new Map<string, ChatMessage>();
  #cursor: number | undefined;
  #exhausted = false;
  /** Conversation order: live messages count up from 1, older ones from the history API down from 0. */
  #newest = 0;
  #oldest = 1;

  constructor(options: ChatClientOptions) {
    this.#options = options;
    this.session = new MsrpSession({
      channel: options.channel,
      localPath: options.localPath,
      remotePath: options.remotePath,
      acceptTypes: ['message/cpim', 'text/plain'],
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.session.on('message', (message) => {
      this.#receive(message);
    });
    this.session.on('report', (report) => {
      this.#report(report);
    });
    this.session.on('error', (error) => {
      this.events.emit('error', error);
    });
    // The switch learns our path from our first request (RFC 8873 §4.4: the active side's bodiless SEND).
    const greet = (): void => {
      this.session.sendBodiless().catch((error: unknown) => {
        this.events.emit('error', error instanceof Error ? error : new Error(String(error)));
      });
    };
    if (options.channel.state === 'open') {
      greet();
    } else {
      options.channel.on('open', greet);
    }
  }

  /** Every message known, oldest first. */
  get messages(): ChatMessage[] {
    return [...this.#messages.values()].sort(compareMessages);
  }

  /** False once the history API said there is nothing older. */
  get hasEarlier(): boolean {
    return !this.#exhausted && this.#options.rest !== undefined;
  }

  /**
   * Sends `text` to the room, or privately to the participant `to` (an identity). Resolves with the
   * message at once (state `sending`); `update` events follow.
   */
  send(text: string, options: { readonly to?: string } = {}): ChatMessage {
    if (text.trim() === '') {
      throw new ParleyClientError('INVALID_ARGUMENT', 'an empty message is not sent');
    }
    const { self, room } = this.#options;
    const now = Date.now();
    const body = wrapCpim({
      from: { uri: participantUri(self.identity), name: self.displayName },
      to: [{ uri: options.to === undefined ? roomUri(room) : participantUri(options.to) }],
      dateTime: new Date(now).toISOString(),
      contentType: 'text/plain;charset=utf-8',
      body: text,
    });
    const outgoing = this.session.send({
      contentType: CPIM_CONTENT_TYPE,
      body,
      successReport: true,
    });
    const message: ChatMessage = {
      messageId: outgoing.messageId,
      direction: 'outgoing',
      sender: self,
      privateTo: options.to,
      text,
      sentAt: now,
      state: 'sending',
      fromHistory: false,
      order: ++this.#newest,
    };
    this.#messages.set(message.messageId, message);
    this.events.emit('message', message);
    outgoing.acknowledged.then(
      () => {
        this.#setState(message.messageId, 'sent');
      },
      (error: unknown) => {
        const status = error instanceof MsrpTransactionError ? error.status : 0;
        const reason = error instanceof Error ? error.message : String(error);
        this.#setState(message.messageId, 'failed', { status, reason });
      },
    );
    // Failure REPORTs arrive as `report` events too; `done` only needs its rejection handled.
    outgoing.done.catch(() => undefined);
    return message;
  }

  /** Asks the switch for a nickname (RFC 7701 §7): resolves with the MSRP status (200, 424, 425...). */
  async setNickname(nickname: string): Promise<number> {
    const response = await this.session.requestNickname(nickname);
    return response.status;
  }

  /**
   * Loads the page of messages before the oldest one loaded from the history API (the most recent
   * page the first time). Resolves with the messages that were new here.
   */
  async loadEarlier(): Promise<ChatMessage[]> {
    const rest = this.#options.rest;
    if (!rest || this.#exhausted) {
      return [];
    }
    const page = await rest.messages(this.#options.room, {
      ...(this.#cursor === undefined ? {} : { before: this.#cursor }),
      limit: this.#options.pageSize ?? 50,
    });
    if (page.nextCursor === null) {
      this.#exhausted = true;
    } else {
      this.#cursor = page.nextCursor;
    }
    // What the page has that we lack is older than everything we have (the recent messages came
    // live or replayed on joining): it goes before them, in the page's order.
    const fresh = page.messages
      .map((record) => this.#fromRecord(record))
      .filter(
        (m): m is Omit<ChatMessage, 'order'> => m !== undefined && !this.#messages.has(m.messageId),
      );
    this.#oldest -= fresh.length;
    const added = fresh.map((m, index) => ({ ...m, order: this.#oldest + index }));
    for (const message of added) {
      this.#messages.set(message.messageId, message);
      this.events.emit('message', message);
    }
    return added;
  }

  close(): void {
    this.session.close();
  }

  #fromRecord(record: ChatMessageRecord): Omit<ChatMessage, 'order'> | undefined {
    let text = record.text;
    if (text === undefined) {
      return undefined;
    }
    if (essence(record.contentType) === CPIM_CONTENT_TYPE) {
      try {
        text = bodyText(record.contentType, new TextEncoder().encode(text));
      } catch {
        // keep the stored text
      }
    }
    const self = this.#options.self.identity;
    const outgoing = record.senderIdentity === self;
    const privateTo =
      record.recipients === null || record.recipients.length === 0
        ? undefined
        : (record.recipients.find((r) => r !== record.senderIdentity) ?? record.recipients[0]);
    const state: ChatDeliveryState = !outgoing
      ? 'delivered'
      : record.status === 'accepted'
        ? 'sent'
        : record.status;
    return {
      messageId: record.messageId,
      direction: outgoing ? 'outgoing' : 'incoming',
      sender: { identity: record.senderIdentity, displayName: record.senderName },
      privateTo,
      text,
      sentAt: record.createdAt,
      state,
      fromHistory: true,
    };
  }

  #receive(received: ReceivedMessage): void {
    if (received.duplicate || this.#messages.has(received.messageId)) {
      return;
    }
    let text: string;
    let sender: ChatSender = { identity: '', displayName: 'Parley' };
    let privateTo: string | undefined;
    let sentAt = Date.now();
    try {
      if (essence(received.contentType) === CPIM_CONTENT_TYPE) {
        const cpim = unwrapCpim(received.body);
        text = decoder.decode(cpim.body);
        const identity = cpim.from ? identityFromUri(cpim.from.uri) : undefined;
        if (identity !== undefined) {
          sender = {
            identity,
            displayName: cpim.from?.name ?? this.#options.displayNameOf?.(identity) ?? identity,
          };
        }
        const to = cpim.to[0] ? identityFromUri(cpim.to[0].uri) : undefined;
        privateTo = to;
        if (cpim.dateTime !== undefined) {
          const parsed = Date.parse(cpim.dateTime);
          if (!Number.isNaN(parsed)) {
            sentAt = parsed;
          }
        }
      } else {
        text = decoder.decode(received.body);
      }
    } catch (error) {
      this.events.emit(
        'error',
        error instanceof Error ? error : new MsrpError('INVALID_CPIM', String(error)),
      );
      return;
    }
    const outgoing = sender.identity === this.#options.self.identity;
    const message: ChatMessage = {
      messageId: received.messageId,
      direction: outgoing ? 'outgoing' : 'incoming',
      sender,
      privateTo,
      text,
      sentAt,
      state: outgoing ? 'sent' : 'delivered',
      fromHistory: false,
      order: ++this.#newest,
    };
    this.#messages.set(message.messageId, message);
    this.events.emit('message', message);
  }

  #report(report: ReceivedReport): void {
    const message = this.#messages.get(report.messageId);
    if (!message || message.direction !== 'outgoing') {
      return;
    }
    if (report.status === 200) {
      if (message.state === 'sending' || message.state === 'sent') {
        this.#setState(message.messageId, 'delivered');
      }
      return;
    }
    const failure = { status: report.status, reason: report.comment ?? `status ${report.status}` };
    this.#setState(message.messageId, deliveryAfterFailureReport(message, report.status), failure);
  }

  #setState(
    messageId: string,
    state: ChatDeliveryState,
    failure?: { readonly status: number; readonly reason: string },
  ): void {
    const message = this.#messages.get(messageId);
    if (!message || (message.state === state && failure === undefined)) {
      return;
    }
    // A late 200 never undoes a delivery report or a failure.
    if (state === 'sent' && message.state !== 'sending') {
      return;
    }
    const updated: ChatMessage = { ...message, state, ...(failure ? { failure } : {}) };
    this.#messages.set(messageId, updated);
    this.events.emit('update', updated);
  }
}

/** MSRP 408: the switch's failure REPORT for a room message that no participant could get. */
const NO_ONE_REACHED = 408;

/**
 * A message's state after a failure REPORT (RFC 4975 §7.1.2; RFC 7701 for the switch), by the
 * switch's rules (docs/web-client.md, "Delivery state"):
 * - a private message has one recipient: `failed`;
 * - a room message the switch had already reported a success for (it took the message, and some
 *   recipients got it) is `partial`, unless the failure is 408, the switch's "no participant could
 *   be reached", which is `failed`; a failure REPORT with no success REPORT before it is `failed`;
 * - a message already `partial` stays `partial` (each later failure names more recipients).
 */
export function deliveryAfterFailureReport(
  message: Pick<ChatMessage, 'privateTo' | 'state'>,
  status: number,
): ChatDeliveryState {
  if (message.privateTo !== undefined) {
    return 'failed';
  }
  if (message.state === 'partial') {
    return 'partial';
  }
  return message.state === 'delivered' && status !== NO_ONE_REACHED ? 'partial' : 'failed';
}
