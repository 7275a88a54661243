import { MsrpError } from '../errors.js';

/** `Success-Report` values (RFC 4975 §7.1.1); absent = `no`. */
export type SuccessReport = 'yes' | 'no';
/** `Failure-Report` values (RFC 4975 §7.1.1); absent = `yes`. */
export type FailureReport = 'yes' | 'no' | 'partial';

export function parseSuccessReport(value: string | undefined): SuccessReport {
  if (value === undefined) {
    return 'no';
  }
  const v = value.trim();
  if (v === 'yes' || v === 'no') {
    return v;
  }
  throw new MsrpError('INVALID_HEADER_VALUE', `Success-Report "${value}" is not yes or no`);
}

export function parseFailureReport(value: string | undefined): FailureReport {
  if (value === undefined) {
    return 'yes';
  }
  const v = value.trim();
  if (v === 'yes' || v === 'no' || v === 'partial') {
    return v;
  }
  throw new MsrpError(
    'INVALID_HEADER_VALUE',
    `Failure-Report "${value}" is not yes, no or partial`,
  );
}

/** `Status: namespace SP status-code [SP comment]` of a REPORT (RFC 4975 §7.1.2, §9). */
export interface ReportStatus {
  /** `000` = the MSRP response codes. */
  readonly namespace: string;
  readonly code: number;
  readonly comment: string | undefined;
}

const STATUS = /^([0-9]{3}) ([0-9]{3})(?: (.*))?$/;

export function parseStatusHeader(value: string): ReportStatus {
  const match = STATUS.exec(value.trim());
  if (!match) {
    throw new MsrpError(
      'INVALID_HEADER_VALUE',
      `Status "${value}" is not "namespace code [comment]"`,
    );
  }
  return { namespace: match[1] ?? '000', code: Number(match[2]), comment: match[3] };
}

export function formatStatusHeader(status: ReportStatus): string {
  const code = String(status.code).padStart(3, '0');
  return status.comment === undefined
    ? `${status.namespace} ${code}`
    : `${status.namespace} ${code} ${status.comment}`;
}
