import { formatPath, type MsrpUri } from '../uri/msrp-uri.js';
import { formatByteRange, type ByteRange } from './byte-range.js';
import { HeaderName, type MsrpHeader, type MsrpRequest, type MsrpResponse } from './msrp-chunk.js';
import { formatStatusHeader } from './report-headers.js';
import { statusComment } from './status-codes.js';

/**
 * The response to `request` (RFC 4975 §7.2): same transaction id; To-Path = the first From-Path URI
 * for a SEND (previous hop only), the whole From-Path for other methods; From-Path = `localUri`.
 */
export function buildResponse(
  request: MsrpRequest,
  requestFromPath: readonly MsrpUri[],
  localUri: MsrpUri,
  status: number,
  comment: string | undefined = statusComment(status),
  extraHeaders: readonly MsrpHeader[] = [],
): MsrpResponse {
  const toPath = request.method === 'SEND' ? requestFromPath.slice(0, 1) : requestFromPath;
  return {
    kind: 'response',
    transactionId: request.transactionId,
    status,
    comment,
    headers: [
      { name: HeaderName.ToPath, value: formatPath(toPath) },
      { name: HeaderName.FromPath, value: formatPath([localUri]) },
      ...extraHeaders,
    ],
    continuation: '$',
  };
}

export interface ReportParameters {
  readonly transactionId: string;
  /** The From-Path of the reported SEND (the REPORT goes back along it). */
  readonly toPath: readonly MsrpUri[];
  readonly fromPath: readonly MsrpUri[];
  readonly messageId: string;
  readonly byteRange: ByteRange;
  /** 200 for a success report, an error code for a failure report. */
  readonly status: number;
  readonly comment?: string | undefined;
}

/** A bodiless REPORT (RFC 4975 §7.1.2-§7.1.4): Status `000 <code> <comment>`. */
export function buildReport(params: ReportParameters): MsrpRequest {
  return {
    kind: 'request',
    transactionId: params.transactionId,
    method: 'REPORT',
    headers: [
      { name: HeaderName.ToPath, value: formatPath(params.toPath) },
      { name: HeaderName.FromPath, value: formatPath(params.fromPath) },
      { name: HeaderName.MessageId, value: params.messageId },
      { name: HeaderName.ByteRange, value: formatByteRange(params.byteRange) },
      {
        name: HeaderName.Status,
        value: formatStatusHeader({
          namespace: '000',
          code: params.status,
          comment: params.comment ?? statusComment(params.status),
        }),
      },
    ],
    body: undefined,
    continuation: '$',
  };
}
