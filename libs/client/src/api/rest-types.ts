/** The REST API's JSON shapes (OpenAPI at /api/docs), as the client reads them. */

export interface ChatMessageRecord {
  /** Cursor: pass as `before` to page back. */
  readonly id: number;
  readonly messageId: string;
  readonly senderIdentity: string;
  readonly senderName: string;
  /** Private message recipients; null for the room. */
  readonly recipients: readonly string[] | null;
  readonly contentType: string;
  readonly text?: string;
  readonly bodyBase64?: string;
  readonly size: number;
  readonly status: 'accepted' | 'delivered' | 'partial' | 'failed';
  readonly deliveredTo: readonly string[];
  readonly failedTo: readonly string[];
  /** ms since the epoch */
  readonly createdAt: number;
}

export interface ChatPage {
  /** Oldest first. */
  readonly messages: readonly ChatMessageRecord[];
  /** Null at the start of the room. */
  readonly nextCursor: number | null;
}

export interface TranscriptLine {
  readonly sourceIdentity: string;
  readonly sourceName: string;
  readonly lineNumber: number;
  readonly text: string;
  readonly startedAt: number;
  readonly completedAt: number | null;
}

export interface FloorEventRecord {
  readonly id: number;
  readonly floorId: number;
  readonly floorRequestId: number | null;
  readonly kind: string;
  readonly participantIdentity: string | null;
  readonly actorIdentity: string | null;
  readonly queuePosition: number | null;
  readonly detail: string | null;
  readonly at: number;
}

export interface RoomParticipantRecord {
  readonly identity: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly online: boolean;
  readonly firstJoinedAt: number;
  readonly lastJoinedAt: number;
  readonly leftAt: number | null;
}

export interface DevTokenRequest {
  readonly identity: string;
  readonly room: string;
  readonly displayName: string;
  readonly roles?: readonly string[];
}
