import type { TimerHandle } from '@parley/transport';
import type { RequestStatus } from '../attributes/values.js';

/** A floor request as the floor control server keeps it. */
export interface FloorRequestRecord {
  /** Floor Request ID, unique in the conference (RFC 8855 §13.1.1). */
  readonly id: number;
  /** User ID of the participant (or chair) that sent the FloorRequest. */
  readonly requesterId: number;
  /** Who gets the floor: the requester, or the BENEFICIARY-ID of a third-party request. */
  readonly beneficiaryId: number;
  /** Requested floors; the request is atomic over them (RFC 8855 §4.1). */
  readonly floorIds: readonly number[];
  /** PRIORITY as the requester sent it (reported back in FLOOR-REQUEST-INFORMATION). */
  readonly requestedPriority: number | undefined;
  /** Priority the queue uses: the requested one (default Normal) capped by policy, at most 4. */
  readonly priority: number;
  readonly participantProvidedInfo: string | undefined;
  /** Arrival order (ties in priority are served first come, first served). */
  readonly seq: number;
  /** Overall status: Pending, Accepted, Granted, then a terminal status. */
  status: RequestStatus;
  /** Floors whose chair, or the automatic policy, accepted the request. */
  readonly approved: Set<number>;
  /** STATUS-INFO of the last decision (a chair's text, "maximum holding time reached"...). */
  statusInfo: string | undefined;
  grantedAt: number | undefined;
  holdTimer: TimerHandle;
  /** Queue position last reported to the participant (0 = none). */
  reportedPosition: number;
  /** Status last reported to the participant. */
  reportedStatus: RequestStatus | undefined;
}

/** A read-only view of a floor request, for events and snapshots. */
export interface FloorRequestView {
  readonly floorRequestId: number;
  readonly requesterId: number;
  readonly beneficiaryId: number;
  readonly floorIds: readonly number[];
  readonly priority: number;
  readonly status: RequestStatus;
  /** Position in the queue (1 = next) while Accepted; 0 otherwise. */
  readonly queuePosition: number;
  readonly participantProvidedInfo?: string | undefined;
  readonly statusInfo?: string | undefined;
  readonly grantedAt?: number | undefined;
}
