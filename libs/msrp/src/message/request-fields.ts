import { MsrpError } from '../errors.js';
import { parsePath, type MsrpUri } from '../uri/msrp-uri.js';
import { parseByteRange, type ByteRange } from './byte-range.js';
import { getHeader, HeaderName, type MsrpChunk, type MsrpRequest } from './msrp-chunk.js';
import {
  parseFailureReport,
  parseStatusHeader,
  parseSuccessReport,
  type FailureReport,
  type ReportStatus,
  type SuccessReport,
} from './report-headers.js';
import { isIdent } from './transaction-id.js';

/** The typed reading of the headers every RFC 4975 request carries. */
export interface RequestFields {
  readonly toPath: readonly MsrpUri[];
  readonly fromPath: readonly MsrpUri[];
  readonly messageId: string | undefined;
  readonly byteRange: ByteRange | undefined;
  readonly successReport: SuccessReport;
  readonly failureReport: FailureReport;
  readonly status: ReportStatus | undefined;
  readonly contentType: string | undefined;
}

/** The To-Path and From-Path of a request or response. Throws `MsrpError` when absent or invalid. */
export function readPaths(chunk: MsrpChunk): { toPath: MsrpUri[]; fromPath: MsrpUri[] } {
  const to = getHeader(chunk, HeaderName.ToPath);
  const from = getHeader(chunk, HeaderName.FromPath);
  if (to === undefined || from === undefined) {
    throw new MsrpError('INVALID_HEADER_VALUE', 'To-Path and From-Path are mandatory');
  }
  return { toPath: parsePath(to), fromPath: parsePath(from) };
}

/**
 * Reads and checks the RFC 4975 headers of a request. Throws `MsrpError` (`INVALID_HEADER_VALUE`,
 * `INVALID_URI`): the receiver answers 400.
 */
export function readRequestFields(request: MsrpRequest): RequestFields {
  const { toPath, fromPath } = readPaths(request);
  const messageId = getHeader(request, HeaderName.MessageId)?.trim();
  if (messageId !== undefined && !isIdent(messageId)) {
    throw new MsrpError(
      'INVALID_HEADER_VALUE',
      `Message-ID "${messageId}" is not 4-32 ident characters`,
    );
  }
  const range = getHeader(request, HeaderName.ByteRange);
  const status = getHeader(request, HeaderName.Status);
  return {
    toPath,
    fromPath,
    messageId,
    byteRange: range === undefined ? undefined : parseByteRange(range),
    successReport: parseSuccessReport(getHeader(request, HeaderName.SuccessReport)),
    failureReport: parseFailureReport(getHeader(request, HeaderName.FailureReport)),
    status: status === undefined ? undefined : parseStatusHeader(status),
    contentType: getHeader(request, HeaderName.ContentType)?.trim(),
  };
}
