/**
 * MSRP status codes (RFC 4975 §10, RFC 4976 §10.3, RFC 7701 §10.3) with the comment this library
 * writes after them.
 */
export const MsrpStatus = {
  OK: 200,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RECIPIENT_NOT_FOUND: 404,
  TIMEOUT: 408,
  STOP_SENDING: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OUT_OF_BOUNDS: 423,
  MALFORMED_NICKNAME: 424,
  NICKNAME_IN_USE: 425,
  PRIVATE_MESSAGES_NOT_SUPPORTED: 428,
  NO_SUCH_SESSION: 481,
  NOT_IMPLEMENTED: 501,
  WRONG_CONNECTION: 506,
} as const;

const COMMENTS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Recipient Not Found',
  408: 'Request Timeout',
  413: 'Message Too Large',
  415: 'Unsupported Media Type',
  423: 'Parameter Out Of Bounds',
  424: 'Malformed Nickname',
  425: 'Nickname Reserved Or Already In Use',
  428: 'Private Messages Not Supported',
  481: 'Session Does Not Exist',
  501: 'Not Implemented',
  506: 'Session Bound To Another Connection',
};

/** The comment written after `status` in responses and Status headers (e.g. "OK" for 200). */
export function statusComment(status: number): string | undefined {
  return COMMENTS[status];
}
