/**
 * One MSRP request or response exactly as it travels on the wire (RFC 4975 §7, §9). A SEND request
 * carries one chunk of a message; responses are never chunked.
 */

/** The end-line flag: `+` more chunks follow, `$` last chunk (and every response), `#` message aborted. */
export type Continuation = '+' | '$' | '#';

/**
 * One header line. `value` is everything after `Name:` and the single SP the grammar requires, so
 * a non-conforming extra space (RFC 7977 examples print `From-Path:  msrps://...`) stays in the value
 * and re-serialization is byte-exact; the typed readers trim it.
 */
export interface MsrpHeader {
  readonly name: string;
  readonly value: string;
}

export interface MsrpRequest {
  readonly kind: 'request';
  readonly transactionId: string;
  /** `SEND`, `REPORT`, `NICKNAME`, `AUTH` or any other `1*UPALPHA`. */
  readonly method: string;
  /** In wire order (To-Path and From-Path first, Content-Type last when there is a body). */
  readonly headers: readonly MsrpHeader[];
  /** The body octets; `undefined` for a bodiless request (which is not the same as an empty body). */
  readonly body: Uint8Array | undefined;
  readonly continuation: Continuation;
}

export interface MsrpResponse {
  readonly kind: 'response';
  readonly transactionId: string;
  readonly status: number;
  /** The text after the status code; `undefined` when the start line has none. */
  readonly comment: string | undefined;
  readonly headers: readonly MsrpHeader[];
  readonly continuation: Continuation;
}

/** What one parse step yields: a request (one chunk) or a response. */
export type MsrpChunk = MsrpRequest | MsrpResponse;

/** The method names this library knows (RFC 4975, RFC 4976, RFC 7701). */
export const MsrpMethod = {
  SEND: 'SEND',
  REPORT: 'REPORT',
  AUTH: 'AUTH',
  NICKNAME: 'NICKNAME',
} as const;

/** Header names (RFC 4975 §9, RFC 4976, RFC 7701), as they are written on the wire. */
export const HeaderName = {
  ToPath: 'To-Path',
  FromPath: 'From-Path',
  MessageId: 'Message-ID',
  SuccessReport: 'Success-Report',
  FailureReport: 'Failure-Report',
  ByteRange: 'Byte-Range',
  Status: 'Status',
  ContentType: 'Content-Type',
  ContentId: 'Content-ID',
  ContentDescription: 'Content-Description',
  ContentDisposition: 'Content-Disposition',
  UseNickname: 'Use-Nickname',
  Expires: 'Expires',
  MinExpires: 'Min-Expires',
  MaxExpires: 'Max-Expires',
  UsePath: 'Use-Path',
  WwwAuthenticate: 'WWW-Authenticate',
  Authorization: 'Authorization',
  AuthenticationInfo: 'Authentication-Info',
} as const;

/** The value of the first header called `name` (compared case-insensitively), or undefined. */
export function getHeader(
  chunk: { readonly headers: readonly MsrpHeader[] },
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const header of chunk.headers) {
    if (header.name.length === wanted.length && header.name.toLowerCase() === wanted) {
      return header.value;
    }
  }
  return undefined;
}

/** Every value of the headers called `name`, in wire order. */
export function getHeaders(
  chunk: { readonly headers: readonly MsrpHeader[] },
  name: string,
): string[] {
  const wanted = name.toLowerCase();
  return chunk.headers.filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value);
}

/** True for MIME header names that may only appear in a request with a body (RFC 4975 §7.1). */
export function isMimeHeader(name: string): boolean {
  return name.toLowerCase().startsWith('content-');
}
