import type { BfcpAttribute, GroupedAttribute } from './attribute.js';
import { findAttribute, findAttributes, grouped, text } from './attribute-lookup.js';

/** A user as BENEFICIARY-INFORMATION or REQUESTED-BY-INFORMATION describe one. */
export interface UserInformation {
  readonly userId: number;
  readonly displayName?: string | undefined;
  readonly uri?: string | undefined;
}

/** REQUEST-STATUS plus STATUS-INFO, as carried by OVERALL-REQUEST-STATUS and FLOOR-REQUEST-STATUS. */
export interface StatusReport {
  readonly status?: number | undefined;
  readonly queuePosition?: number | undefined;
  readonly statusInfo?: string | undefined;
}

export interface FloorStatusReport extends StatusReport {
  readonly floorId: number;
}

/**
 * FLOOR-REQUEST-INFORMATION (RFC 8855 §5.2.15) as a plain object: the state of one floor request,
 * overall and per floor. `fromFloorRequestInformation` writes it in ABNF order.
 */
export interface FloorRequestInformation {
  readonly floorRequestId: number;
  readonly overall?: StatusReport | undefined;
  readonly floors: readonly FloorStatusReport[];
  readonly beneficiary?: UserInformation | undefined;
  readonly requestedBy?: UserInformation | undefined;
  /** The priority the requester asked for (not necessarily what the server applies). */
  readonly priority?: number | undefined;
  readonly participantProvidedInfo?: string | undefined;
}

function readStatus(attributes: readonly BfcpAttribute[]): StatusReport {
  const rs = findAttribute(attributes, 'REQUEST-STATUS');
  const info = findAttribute(attributes, 'STATUS-INFO');
  return {
    status: rs?.value.status,
    queuePosition: rs?.value.queuePosition,
    statusInfo: info?.value,
  };
}

function readUser(attribute: GroupedAttribute | undefined): UserInformation | undefined {
  if (!attribute) {
    return undefined;
  }
  return {
    userId: attribute.value,
    displayName: findAttribute(attribute.attributes, 'USER-DISPLAY-NAME')?.value,
    uri: findAttribute(attribute.attributes, 'USER-URI')?.value,
  };
}

export function toFloorRequestInformation(attribute: GroupedAttribute): FloorRequestInformation {
  const a = attribute.attributes;
  const overall = findAttribute(a, 'OVERALL-REQUEST-STATUS');
  return {
    floorRequestId: attribute.value,
    overall: overall ? readStatus(overall.attributes) : undefined,
    floors: findAttributes(a, 'FLOOR-REQUEST-STATUS').map((f) => ({
      floorId: f.value,
      ...readStatus(f.attributes),
    })),
    beneficiary: readUser(findAttribute(a, 'BENEFICIARY-INFORMATION')),
    requestedBy: readUser(findAttribute(a, 'REQUESTED-BY-INFORMATION')),
    priority: findAttribute(a, 'PRIORITY')?.value,
    participantProvidedInfo: findAttribute(a, 'PARTICIPANT-PROVIDED-INFO')?.value,
  };
}

function writeStatus(report: StatusReport): BfcpAttribute[] {
  const out: BfcpAttribute[] = [];
  if (report.status !== undefined) {
    out.push({
      type: 'REQUEST-STATUS',
      mandatory: true,
      value: { status: report.status, queuePosition: report.queuePosition ?? 0 },
    });
  }
  if (report.statusInfo !== undefined) {
    out.push(text('STATUS-INFO', report.statusInfo));
  }
  return out;
}

function writeUser(
  type: 'BENEFICIARY-INFORMATION' | 'REQUESTED-BY-INFORMATION',
  user: UserInformation,
): GroupedAttribute {
  const inner: BfcpAttribute[] = [];
  if (user.displayName !== undefined) {
    inner.push(text('USER-DISPLAY-NAME', user.displayName));
  }
  if (user.uri !== undefined) {
    inner.push(text('USER-URI', user.uri));
  }
  return grouped(type, user.userId, inner);
}

export function fromFloorRequestInformation(info: FloorRequestInformation): GroupedAttribute {
  const inner: BfcpAttribute[] = [];
  if (info.overall) {
    inner.push(grouped('OVERALL-REQUEST-STATUS', info.floorRequestId, writeStatus(info.overall)));
  }
  for (const floor of info.floors) {
    inner.push(grouped('FLOOR-REQUEST-STATUS', floor.floorId, writeStatus(floor)));
  }
  if (info.beneficiary) {
    inner.push(writeUser('BENEFICIARY-INFORMATION', info.beneficiary));
  }
  if (info.requestedBy) {
    inner.push(writeUser('REQUESTED-BY-INFORMATION', info.requestedBy));
  }
  if (info.priority !== undefined) {
    inner.push({ type: 'PRIORITY', mandatory: true, value: info.priority });
  }
  if (info.participantProvidedInfo !== undefined) {
    inner.push(text('PARTICIPANT-PROVIDED-INFO', info.participantProvidedInfo));
  }
  return grouped('FLOOR-REQUEST-INFORMATION', info.floorRequestId, inner);
}

export { writeUser as userInformationAttribute };
