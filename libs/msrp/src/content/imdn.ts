import { MsrpError } from '../errors.js';
import { cpimHeaderValues, type CpimHeader, type CpimMessage } from './cpim.js';
import { elementNames, escapeXml, XmlDocument } from './xml-text.js';

/** RFC 5438. */
export const IMDN_CPIM_NAMESPACE = 'urn:ietf:params:imdn';
export const IMDN_XML_NAMESPACE = 'urn:ietf:params:xml:ns:imdn';
export const IMDN_CONTENT_TYPE = 'message/imdn+xml';

export type DispositionRequest =
  'positive-delivery' | 'negative-delivery' | 'display' | 'processing';

/** What an IM asks for (RFC 5438 §6): its imdn.Message-ID, DateTime and the notifications wanted. */
export interface ImdnRequest {
  readonly messageId: string;
  readonly dateTime: string | undefined;
  readonly notifications: readonly DispositionRequest[];
}

/**
 * The CPIM headers of an IM that asks for notifications (RFC 5438 §6.3): `NS: imdn <urn:ietf:params:imdn>`,
 * `imdn.Message-ID`, `DateTime`, `imdn.Disposition-Notification`. Pass them as `headers` to `wrapCpim`
 * (and leave its `dateTime` unset).
 */
export function imdnRequestHeaders(request: {
  readonly messageId: string;
  readonly dateTime: string;
  readonly notifications: readonly DispositionRequest[];
}): CpimHeader[] {
  return [
    { name: 'NS', parameters: '', value: `imdn <${IMDN_CPIM_NAMESPACE}>` },
    { name: 'imdn.Message-ID', parameters: '', value: request.messageId },
    { name: 'DateTime', parameters: '', value: request.dateTime },
    {
      name: 'imdn.Disposition-Notification',
      parameters: '',
      value: request.notifications.join(', '),
    },
  ];
}

/** The IMDN request of a CPIM message, whatever prefix it declared for the namespace; undefined if none. */
export function readImdnRequest(message: CpimMessage): ImdnRequest | undefined {
  const messageId = cpimHeaderValues(message, 'Message-ID', IMDN_CPIM_NAMESPACE)[0]?.trim();
  const wanted = cpimHeaderValues(message, 'Disposition-Notification', IMDN_CPIM_NAMESPACE)[0];
  if (messageId === undefined || wanted === undefined) {
    return undefined;
  }
  const notifications = wanted
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t): t is DispositionRequest =>
      ['positive-delivery', 'negative-delivery', 'display', 'processing'].includes(t),
    );
  if (notifications.length === 0) {
    return undefined;
  }
  return { messageId, dateTime: cpimHeaderValues(message, 'DateTime')[0], notifications };
}

export type ImdnNotification =
  | { readonly kind: 'delivery'; readonly status: 'delivered' | 'failed' | 'forbidden' | 'error' }
  | { readonly kind: 'display'; readonly status: 'displayed' | 'forbidden' | 'error' }
  | {
      readonly kind: 'processing';
      readonly status: 'processed' | 'stored' | 'forbidden' | 'error';
    };

/** An IMDN document (RFC 5438 §7.2): about which IM, and what happened to it. */
export interface Imdn {
  readonly messageId: string;
  readonly dateTime: string;
  readonly recipientUri?: string | undefined;
  readonly originalRecipientUri?: string | undefined;
  readonly subject?: string | undefined;
  readonly notification: ImdnNotification;
}

const STATUSES: Record<ImdnNotification['kind'], readonly string[]> = {
  delivery: ['delivered', 'failed', 'forbidden', 'error'],
  display: ['displayed', 'forbidden', 'error'],
  processing: ['processed', 'stored', 'forbidden', 'error'],
};

export function buildImdn(imdn: Imdn): string {
  const optional = (name: string, value: string | undefined) =>
    value === undefined ? '' : `  <${name}>${escapeXml(value)}</${name}>\n`;
  const element = `${imdn.notification.kind}-notification`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<imdn xmlns="${IMDN_XML_NAMESPACE}">\n` +
    `  <message-id>${escapeXml(imdn.messageId)}</message-id>\n` +
    `  <datetime>${escapeXml(imdn.dateTime)}</datetime>\n` +
    optional('recipient-uri', imdn.recipientUri) +
    optional('original-recipient-uri', imdn.originalRecipientUri) +
    optional('subject', imdn.subject) +
    `  <${element}>\n    <status>\n      <${imdn.notification.status}/>\n    </status>\n  </${element}>\n</imdn>\n`
  );
}

/** Reads an IMDN document. Throws `MsrpError('INVALID_XML')`. */
export function parseImdn(xml: string): Imdn {
  const doc = new XmlDocument(xml, 'imdn', IMDN_XML_NAMESPACE);
  const messageId = doc.text('message-id');
  const dateTime = doc.text('datetime');
  if (messageId === undefined || dateTime === undefined) {
    throw new MsrpError('INVALID_XML', 'an IMDN needs <message-id> and <datetime>');
  }
  const kinds = (['delivery', 'display', 'processing'] as const).filter((k) =>
    doc.has(`${k}-notification`),
  );
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    throw new MsrpError('INVALID_XML', 'an IMDN carries exactly one notification');
  }
  const status = elementNames(doc.inner('status') ?? '')[0];
  if (status === undefined || !STATUSES[kind].includes(status)) {
    throw new MsrpError('INVALID_XML', `<${kind}-notification> has no valid status`);
  }
  return {
    messageId,
    dateTime,
    recipientUri: doc.text('recipient-uri'),
    originalRecipientUri: doc.text('original-recipient-uri'),
    subject: doc.text('subject'),
    notification: { kind, status } as ImdnNotification,
  };
}

/**
 * The CPIM headers of an IMDN (RFC 5438 §7.1): a new imdn.Message-ID and never a
 * Disposition-Notification. Wrap with `wrapCpim({ ..., headers, contentType: IMDN_CONTENT_TYPE,
 * contentHeaders: [['Content-Disposition', 'notification']], body: buildImdn(...) })`.
 */
export function imdnNotificationHeaders(imdnMessageId: string, dateTime?: string): CpimHeader[] {
  return [
    { name: 'NS', parameters: '', value: `imdn <${IMDN_CPIM_NAMESPACE}>` },
    { name: 'imdn.Message-ID', parameters: '', value: imdnMessageId },
    ...(dateTime === undefined ? [] : [{ name: 'DateTime', parameters: '', value: dateTime }]),
  ];
}
