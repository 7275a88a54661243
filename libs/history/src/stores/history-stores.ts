import type { ChatDeliveryStatus } from '../entities/chat-message.entity.js';
import type { RttChangeKind } from '../entities/rtt-change.entity.js';

export type { ChatDeliveryStatus, RttChangeKind };

/** Ports the conference services use; TypeORM stays inside @parley/history. */

export interface ConferenceRecord {
  readonly room: string;
  readonly createdAt: number;
  readonly lastActivityAt: number;
}

export interface ParticipantRecord {
  readonly room: string;
  readonly identity: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly firstJoinedAt: number;
  readonly lastJoinedAt: number;
  readonly leftAt: number | null;
}

export interface ConferenceStore {
  /** Records that `identity` joined `room` (creating the conference on first use). */
  recordJoin(participant: {
    room: string;
    identity: string;
    displayName: string;
    roles: readonly string[];
    at: number;
  }): Promise<void>;
  recordLeave(room: string, identity: string, at: number): Promise<void>;
  /** Conferences, most recently active first; only those `identity` took part in when given. */
  listConferences(options?: { identity?: string; limit?: number }): Promise<ConferenceRecord[]>;
  findConference(room: string): Promise<ConferenceRecord | undefined>;
  listParticipants(room: string): Promise<ParticipantRecord[]>;
  /** Whether `identity` ever joined `room`. */
  isParticipant(room: string, identity: string): Promise<boolean>;
}

export interface NewChatMessage {
  readonly room: string;
  readonly messageId: string;
  readonly senderIdentity: string;
  readonly senderName: string;
  /** null: the whole room. */
  readonly recipients: readonly string[] | null;
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly createdAt: number;
}

export interface ChatMessageRecord extends NewChatMessage {
  /** Cursor: increases with every message stored. */
  readonly id: number;
  readonly size: number;
  readonly status: ChatDeliveryStatus;
  readonly deliveredTo: readonly string[];
  readonly failedTo: readonly string[];
}

export interface ChatPage {
  /** Oldest first. */
  readonly messages: ChatMessageRecord[];
  /** Pass as `before` for the previous page; null at the beginning of the room. */
  readonly nextCursor: number | null;
}

export interface ChatStore {
  /** Stores a message durably. Resolves only once it is committed. */
  saveMessage(message: NewChatMessage): Promise<ChatMessageRecord>;
  recordDelivery(
    room: string,
    messageId: string,
    outcome: {
      deliveredTo: readonly string[];
      failedTo: readonly string[];
      status: ChatDeliveryStatus;
    },
  ): Promise<void>;
  /** Messages visible to `identity` (everyone's, plus private ones to or from it), newest `limit` before `before`. */
  pageMessages(
    room: string,
    options: { visibleTo?: string; before?: number; limit: number },
  ): Promise<ChatPage>;
}

export interface RttChangeRecord {
  readonly room: string;
  readonly sourceIdentity: string;
  readonly at: number;
  readonly kind: RttChangeKind;
  readonly text: string;
  readonly count: number;
}

export interface RttLineRecord {
  readonly room: string;
  readonly sourceIdentity: string;
  readonly sourceName: string;
  readonly lineNumber: number;
  readonly text: string;
  readonly startedAt: number;
  /** null while the line is still being typed. */
  readonly completedAt: number | null;
}

export interface RttStore {
  appendChanges(changes: readonly RttChangeRecord[]): Promise<void>;
  /** Inserts or updates a line (by room, source and line number). */
  saveLine(line: RttLineRecord): Promise<void>;
  /** Lines in the order they were started. */
  transcript(room: string, options?: { since?: number; until?: number }): Promise<RttLineRecord[]>;
  /** Changes in the order they were stored, after the cursor `after` (a change's id). */
  changes(
    room: string,
    options?: { sourceIdentity?: string; since?: number; after?: number; limit?: number },
  ): Promise<StoredRttChange[]>;
  /** The next line number of a source (0 for a new source), to continue numbering after a restart. */
  nextLineNumber(room: string, sourceIdentity: string): Promise<number>;
}

export interface StoredRttChange extends RttChangeRecord {
  readonly id: number;
}

export interface FloorEventRecord {
  readonly room: string;
  readonly floorId: number;
  readonly floorRequestId: number | null;
  readonly kind: string;
  readonly participantIdentity: string | null;
  readonly actorIdentity: string | null;
  readonly queuePosition: number | null;
  readonly detail: string | null;
  readonly at: number;
}

export interface StoredFloorEvent extends FloorEventRecord {
  readonly id: number;
}

export interface FloorEventStore {
  record(event: FloorEventRecord): Promise<void>;
  /** Events in order, after the cursor `after`. */
  events(room: string, options?: { after?: number; limit?: number }): Promise<StoredFloorEvent[]>;
}
