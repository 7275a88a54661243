/** A floor request's status (RFC 8855 §5.2.5 REQUEST-STATUS), by name. */
export type FloorRequestState =
  'pending' | 'accepted' | 'granted' | 'denied' | 'cancelled' | 'released' | 'revoked';

/** One request on a floor, as a FloorStatus showed it. */
export interface FloorQueueEntry {
  readonly floorRequestId: number;
  /** The BFCP User ID of the participant the request is for. */
  readonly userId: number | undefined;
  /** The display name the server gave (USER-DISPLAY-NAME), if any. */
  readonly displayName: string | undefined;
  readonly state: FloorRequestState;
  /** 1 = next; only for accepted (queued) requests. */
  readonly queuePosition: number | undefined;
  readonly statusInfo: string | undefined;
}

/** A floor as its last FloorStatus showed it. */
export interface FloorView {
  readonly floorId: number;
  readonly name: string;
  /** Who holds the floor now. */
  readonly holders: readonly FloorQueueEntry[];
  /** Accepted requests, in queue order. */
  readonly queue: readonly FloorQueueEntry[];
  /**
   * Requests waiting for a chair's decision, in arrival order. Parley's server shows them to
   * everyone by default (`pendingVisibleTo`); a server may keep them for chairs only.
   */
  readonly pending: readonly FloorQueueEntry[];
  /** Every raised hand in line order: the queue, then the pending requests (1st = next). */
  readonly raisedHands: readonly FloorQueueEntry[];
}

/** Our own request on a floor. */
export interface OwnFloorRequest {
  readonly floorId: number;
  readonly floorRequestId: number;
  readonly state: FloorRequestState;
  /** Our place in the queue (1 = next) while accepted. */
  readonly queuePosition: number | undefined;
  /** Why (STATUS-INFO), e.g. the chair's reason for a denial. */
  readonly statusInfo: string | undefined;
}
