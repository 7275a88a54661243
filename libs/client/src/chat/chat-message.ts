/**
 * Where an outgoing message stands. `sending`: queued or in transit; `sent`: the switch answered 200,
 * so it is stored (docs/conference.md: stored before it is acknowledged); `delivered`: the switch's
 * success REPORT (a private message: its recipient got it; a room message: the switch took
 * responsibility for it); `failed`: not accepted, or a failure REPORT (the recipient, or for a room
 * message everyone, could not be reached: 408, or no success REPORT first); `partial`: some
 * recipients of a room message did not get it (a failure REPORT after its success REPORT, or the
 * history API's delivery record).
 */
export type ChatDeliveryState = 'sending' | 'sent' | 'delivered' | 'partial' | 'failed';

export interface ChatSender {
  readonly identity: string;
  readonly displayName: string;
}

export interface ChatMessage {
  /** The MSRP Message-ID (the same at every participant and in the history API). */
  readonly messageId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly sender: ChatSender;
  /** The recipient's identity for a private message; undefined for the room. */
  readonly privateTo: string | undefined;
  /** The message text (always text: render it with textContent, never as HTML). */
  readonly text: string;
  /** When it was sent (CPIM DateTime, or the history's createdAt), ms since the epoch. */
  readonly sentAt: number;
  /** Outgoing messages: where delivery stands. Incoming: `delivered`. */
  readonly state: ChatDeliveryState;
  /** Why it failed: an MSRP status code and its comment. */
  readonly failure?: { readonly status: number; readonly reason: string };
  /** True for messages loaded from the history API rather than received live. */
  readonly fromHistory: boolean;
  /**
   * Arrival order here, used to order messages with the same `sentAt` (messages paged from the
   * history API come before everything already there). Not comparable across clients.
   */
  readonly order: number;
}
