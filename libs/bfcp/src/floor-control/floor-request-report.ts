import type {
  FloorRequestInformation,
  UserInformation,
} from '../attributes/floor-request-information.js';
import { RequestStatus } from '../attributes/values.js';
import type { FloorRequestRecord } from './floor-request.js';
import type { FloorControlState } from './floor-state.js';

/** Queue Position is 8 bits on the wire: places beyond 255 are reported as 255. */
export function wirePosition(position: number): number {
  return Math.min(255, position);
}

/**
 * FLOOR-REQUEST-INFORMATION for a request. `request`: what its participant sees in
 * FloorRequestStatus (beneficiary and requester only for third-party requests, as in RFC 8855
 * Figure 2); `full`: what FloorStatus, UserStatus and FloorRequestQuery answers carry (beneficiary
 * always, Figure 3). Per-floor REQUEST-STATUS only for multi-floor requests.
 */
export function describeRequest(
  state: FloorControlState,
  record: FloorRequestRecord,
  view: 'request' | 'full',
  position: number,
  user: (userId: number) => UserInformation,
): FloorRequestInformation {
  const thirdParty = record.beneficiaryId !== record.requesterId;
  const multi = record.floorIds.length > 1;
  return {
    floorRequestId: record.id,
    overall: {
      status: record.status,
      queuePosition: wirePosition(position),
      statusInfo: record.statusInfo,
    },
    floors: record.floorIds.map((floorId) => {
      if (!multi) {
        return { floorId };
      }
      const status =
        record.status === RequestStatus.Pending
          ? record.approved.has(floorId)
            ? RequestStatus.Accepted
            : RequestStatus.Pending
          : record.status;
      return {
        floorId,
        status,
        queuePosition:
          status === RequestStatus.Accepted
            ? wirePosition(state.floorQueuePosition(record, floorId))
            : 0,
      };
    }),
    beneficiary: view === 'full' || thirdParty ? user(record.beneficiaryId) : undefined,
    requestedBy: thirdParty ? user(record.requesterId) : undefined,
    priority: record.requestedPriority,
    participantProvidedInfo: record.participantProvidedInfo,
  };
}
