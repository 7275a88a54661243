// @parley/msrp: MSRP (RFC 4975) with the data-channel (RFC 8873) and WebSocket (RFC 7977) rules.

// Errors
export { MsrpError, MsrpParseError, MsrpTransactionError } from './errors.js';
export type { MsrpErrorCode, PartialChunk } from './errors.js';

// Wire model
export {
  HeaderName,
  MsrpMethod,
  getHeader,
  getHeaders,
  isMimeHeader,
} from './message/msrp-chunk.js';
export type {
  Continuation,
  MsrpChunk,
  MsrpHeader,
  MsrpRequest,
  MsrpResponse,
} from './message/msrp-chunk.js';
export { parseByteRange, formatByteRange } from './message/byte-range.js';
export type { ByteRange } from './message/byte-range.js';
export {
  parseSuccessReport,
  parseFailureReport,
  parseStatusHeader,
  formatStatusHeader,
} from './message/report-headers.js';
export type { SuccessReport, FailureReport, ReportStatus } from './message/report-headers.js';
export {
  parseMediaType,
  formatMediaType,
  essence,
  isAcceptedType,
  unquote,
  quoteIfNeeded,
} from './message/content-type.js';
export type { MediaType } from './message/content-type.js';
export { MsrpStatus, statusComment } from './message/status-codes.js';
export {
  isIdent,
  randomIdent,
  newTransactionId,
  newMessageId,
  newSessionId,
} from './message/transaction-id.js';
export { parseUseNickname, formatUseNickname } from './message/use-nickname.js';
export { readRequestFields, readPaths } from './message/request-fields.js';
export type { RequestFields } from './message/request-fields.js';
export { buildResponse, buildReport } from './message/chunk-builders.js';
export type { ReportParameters } from './message/chunk-builders.js';

// URIs
export {
  parseMsrpUri,
  formatMsrpUri,
  parsePath,
  formatPath,
  msrpUriEquals,
  msrpUriKey,
} from './uri/msrp-uri.js';
export type { MsrpUri } from './uri/msrp-uri.js';

// Codec
export {
  MsrpParser,
  decodeChunk,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_CHUNK_BODY_BYTES,
} from './codec/chunk-parser.js';
export type { MsrpParserOptions } from './codec/chunk-parser.js';
export { serializeChunk, formatHead } from './codec/chunk-serializer.js';
export type { SerializeOptions } from './codec/chunk-serializer.js';
export { EndLineScanner } from './codec/end-line-scanner.js';

// Chunking and reassembly
export {
  buildSendChunk,
  chunkMessage,
  maxChunkBody,
  INTERRUPTIBLE_ABOVE,
} from './chunking/send-chunks.js';
export type { OutgoingContent } from './chunking/send-chunks.js';
export { ReassemblyBuffer } from './chunking/reassembly-buffer.js';
export { RangeSet } from './chunking/range-set.js';

// Sessions
export { MsrpSession } from './session/msrp-session.js';
export { MsrpSessionRegistry } from './session/msrp-session-registry.js';
export type { MsrpSessionBinding } from './session/msrp-session-registry.js';
export type {
  MsrpSessionOptions,
  MsrpSessionEvents,
  MsrpSessionHooks,
  MsrpDecision,
  SendDecisionContext,
  NicknameContext,
  RequestContext,
  SendOptions,
  SendResult,
  OutgoingMessage,
  ReceivedMessage,
  ReceivedReport,
  ReportedMessage,
  ReportOptions,
  ProgressEvent,
  IncomingAbortEvent,
  SendFailedEvent,
} from './session/session-types.js';

// SDP (RFC 4975 §8, RFC 6135, RFC 6714, RFC 7701 §8, RFC 8864, RFC 8873)
export {
  parseMsrpAttributes,
  formatMsrpAttributes,
  parseFormatList,
  splitAttribute,
} from './sdp/msrp-attributes.js';
export type { MsrpMediaAttributes, SetupRole, Direction } from './sdp/msrp-attributes.js';
export { parseDcmap, formatDcmap } from './sdp/dcmap.js';
export type { Dcmap } from './sdp/dcmap.js';
export { parseMsrpDataChannels, formatMsrpDataChannel } from './sdp/msrp-data-channel.js';
export type { MsrpDataChannelDescription } from './sdp/msrp-data-channel.js';

// Content (RFC 3862 CPIM, RFC 5438 IMDN, RFC 3994 isComposing)
export {
  CPIM_CONTENT_TYPE,
  parseCpim,
  formatCpim,
  wrapCpim,
  unwrapCpim,
  parseCpimAddress,
  formatCpimAddress,
  cpimNamespaces,
  cpimHeaderValues,
} from './content/cpim.js';
export type {
  CpimHeader,
  CpimMessage,
  CpimAddress,
  CpimContent,
  UnwrappedCpim,
} from './content/cpim.js';
export {
  IMDN_CPIM_NAMESPACE,
  IMDN_XML_NAMESPACE,
  IMDN_CONTENT_TYPE,
  imdnRequestHeaders,
  readImdnRequest,
  buildImdn,
  parseImdn,
  imdnNotificationHeaders,
} from './content/imdn.js';
export type { DispositionRequest, ImdnRequest, ImdnNotification, Imdn } from './content/imdn.js';
export {
  IS_COMPOSING_CONTENT_TYPE,
  IS_COMPOSING_NAMESPACE,
  buildIsComposing,
  parseIsComposing,
  ComposingSender,
  ComposingReceiver,
} from './content/is-composing.js';
export type {
  ComposingState,
  IsComposing,
  ComposingSenderOptions,
  ComposingReceiverEvents,
} from './content/is-composing.js';
