import type { FloorRequestView } from './floor-request.js';

/** What happened to a floor request. */
export type FloorEventKind =
  /** A FloorRequest was admitted (first event of every request). */
  | 'requested'
  /** It waits for a chair's decision. */
  | 'pending'
  /** A chair or the automatic policy accepted it into the queue (with its queue position). */
  | 'accepted'
  /** Its queue position changed while it waited. */
  | 'queued'
  | 'granted'
  | 'denied'
  | 'revoked'
  | 'released'
  | 'cancelled';

/** One floor event, as the conference stores it. */
export interface FloorEvent {
  readonly kind: FloorEventKind;
  readonly conferenceId: number;
  readonly request: FloorRequestView;
  /**
   * Who caused it: the participant's User ID (request, release), the chair's User ID (ChairAction or
   * moderator API with an actor), or undefined for the server itself (automatic policy, holding time).
   */
  readonly actorId: number | undefined;
  /** STATUS-INFO given with the decision, if any. */
  readonly reason: string | undefined;
  /** Clock time (ms) of the event. */
  readonly at: number;
}

/** A chair was added to or removed from a floor, or a chair's presence changed. */
export interface ChairChangeEvent {
  readonly floorId: number;
  readonly userId: number;
  readonly chair: boolean;
}

export interface FloorControlEvents {
  floor: FloorEvent;
  chair: ChairChangeEvent;
}
