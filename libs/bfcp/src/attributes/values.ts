/** REQUEST-STATUS values (RFC 8855 §5.2.5 Table 4). */
export const RequestStatus = {
  Pending: 1,
  Accepted: 2,
  Granted: 3,
  Denied: 4,
  Cancelled: 5,
  Released: 6,
  Revoked: 7,
} as const;
export type RequestStatusName = keyof typeof RequestStatus;
export type RequestStatus = (typeof RequestStatus)[RequestStatusName];

/** PRIORITY values (RFC 8855 §5.2.4 Table 3). Receivers treat values above 4 as 4. */
export const Priority = {
  Lowest: 0,
  Low: 1,
  Normal: 2,
  High: 3,
  Highest: 4,
} as const;
export type PriorityName = keyof typeof Priority;
export type Priority = (typeof Priority)[PriorityName];

/** ERROR-CODE values (RFC 8855 §5.2.6 Table 5). */
export const ErrorCode = {
  ConferenceDoesNotExist: 1,
  UserDoesNotExist: 2,
  UnknownPrimitive: 3,
  UnknownMandatoryAttribute: 4,
  UnauthorizedOperation: 5,
  InvalidFloorId: 6,
  FloorRequestIdDoesNotExist: 7,
  MaximumOngoingRequestsReached: 8,
  UseTls: 9,
  UnableToParseMessage: 10,
  UseDtls: 11,
  UnsupportedVersion: 12,
  IncorrectMessageLength: 13,
  GenericError: 14,
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCode = (typeof ErrorCode)[ErrorCodeName];

const errorMeanings: Record<number, string> = {
  1: 'Conference Does Not Exist',
  2: 'User Does Not Exist',
  3: 'Unknown Primitive',
  4: 'Unknown Mandatory Attribute',
  5: 'Unauthorized Operation',
  6: 'Invalid Floor ID',
  7: 'Floor Request ID Does Not Exist',
  8: 'You have Already Reached the Maximum Number of Ongoing Floor Requests for This Floor',
  9: 'Use TLS',
  10: 'Unable to Parse Message',
  11: 'Use DTLS',
  12: 'Unsupported Version',
  13: 'Incorrect Message Length',
  14: 'Generic Error',
};

/** The RFC's wording of an error code ("Unknown error code N" for codes it does not define). */
export function errorCodeMeaning(code: number): string {
  return errorMeanings[code] ?? `Unknown error code ${code}`;
}

const statusNames = new Map<number, RequestStatusName>(
  (Object.entries(RequestStatus) as [RequestStatusName, number][]).map(([n, v]) => [v, n]),
);

export function requestStatusName(status: number): RequestStatusName | undefined {
  return statusNames.get(status);
}

/** Pending, Accepted and Granted requests are ongoing (RFC 8855 §10.1.2). */
export function isOngoingStatus(status: number): boolean {
  return (
    status === RequestStatus.Pending ||
    status === RequestStatus.Accepted ||
    status === RequestStatus.Granted
  );
}
