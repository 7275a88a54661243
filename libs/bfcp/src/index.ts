// @parley/bfcp: BFCP (RFC 8855) codec, transactions, floor control server and clients, SDP (RFC 8856).

// errors
export { BfcpError, BfcpParseError, BfcpErrorResponse, wireErrorCode } from './errors.js';
export type { BfcpErrorCode } from './errors.js';

// message: primitives, header, codec, ABNF validation, builders
export {
  Primitive,
  allPrimitives,
  isKnownPrimitive,
  primitiveName,
  primitiveFromName,
  isClientToServer,
  isUnreliableOnly,
} from './message/primitive.js';
export type { PrimitiveName } from './message/primitive.js';
export type { BfcpMessage, BfcpVersion, CommonHeader, HeaderFields } from './message/message.js';
export {
  decodeCommonHeader,
  COMMON_HEADER_SIZE,
  FRAGMENT_HEADER_SIZE,
  MAX_PAYLOAD_LENGTH,
} from './message/common-header.js';
export { decodeMessage, DEFAULT_MAX_MESSAGE_SIZE } from './message/message-decoder.js';
export type { DecodeOptions } from './message/message-decoder.js';
export { encodeMessage } from './message/message-encoder.js';
export { StreamDecoder } from './message/stream-decoder.js';
export type { StreamDecodeResult } from './message/stream-decoder.js';
export { validateMessage, unknownMandatoryAttributes } from './message/message-validator.js';
export type { AbnfViolation } from './message/message-validator.js';
export {
  responseHeader,
  floorRequest,
  readFloorRequest,
  floorRelease,
  floorRequestQuery,
  floorRequestStatus,
  readFloorRequestInformation,
  userQuery,
  userStatus,
  readUserStatus,
  floorQuery,
  floorStatus,
  readFloorStatus,
  chairAction,
  chairActionAck,
  hello,
  helloAck,
  readHelloAck,
  errorMessage,
  readErrorMessage,
  floorRequestStatusAck,
  floorStatusAck,
  goodbye,
  goodbyeAck,
} from './message/message-builders.js';
export type {
  MessageHeader,
  FloorRequestFields,
  UserStatusFields,
  FloorStatusFields,
  HelloAckFields,
  ErrorFields,
} from './message/message-builders.js';

// attributes
export type {
  BfcpAttribute,
  Unsigned16Attribute,
  PriorityAttribute,
  RequestStatusAttribute,
  RequestStatusValue,
  ErrorCodeAttribute,
  ErrorCodeValue,
  TextAttribute,
  SupportedAttributesAttribute,
  SupportedPrimitivesAttribute,
  GroupedAttribute,
  UnknownAttribute,
} from './attributes/attribute.js';
export { isGroupedAttribute } from './attributes/attribute.js';
export {
  AttributeType,
  allAttributeTypes,
  attributeName,
  attributeFormat,
} from './attributes/attribute-type.js';
export type {
  AttributeName,
  AttributeFormat,
  GroupedAttributeName,
  TextAttributeName,
  Unsigned16AttributeName,
} from './attributes/attribute-type.js';
export { findAttribute, findAttributes } from './attributes/attribute-lookup.js';
export {
  toFloorRequestInformation,
  fromFloorRequestInformation,
} from './attributes/floor-request-information.js';
export type {
  FloorRequestInformation,
  FloorStatusReport,
  StatusReport,
  UserInformation,
} from './attributes/floor-request-information.js';
export {
  RequestStatus,
  Priority,
  ErrorCode,
  errorCodeMeaning,
  requestStatusName,
  isOngoingStatus,
} from './attributes/values.js';
export type { RequestStatusName, PriorityName, ErrorCodeName } from './attributes/values.js';
export type { AttributeDecodeOptions, DecodeWarning } from './attributes/attribute-decoder.js';

// JSON (the CLI's format)
export {
  messageToJson,
  messageFromJson,
  fragmentToJson,
  attributeToJson,
  attributeFromJson,
} from './json/message-json.js';
export type { MessageJson, AttributeJson, FragmentJson } from './json/message-json.js';

// transactions (unreliable transports: RFC 8855 §6.2, §8)
export { UnreliableTransactions } from './transaction/unreliable-transactions.js';
export type {
  UnreliableTransactionOptions,
  UnreliableTransactionEvents,
  ReceiveResult,
} from './transaction/unreliable-transactions.js';
export { RtoEstimator, t2For } from './transaction/rto-estimator.js';
export { TransactionIdAllocator } from './transaction/transaction-id.js';
export { fragmentMessage } from './transaction/fragmenter.js';
export { Reassembler } from './transaction/reassembler.js';
export type { ReassemblerOptions } from './transaction/reassembler.js';

// connection: one BFCP connection over one MessageChannel
export { BfcpConnection } from './connection/bfcp-connection.js';
export type {
  BfcpConnectionOptions,
  BfcpConnectionEvents,
  BfcpTransportMode,
  BfcpRole,
  InvalidInput,
} from './connection/bfcp-connection.js';

// floor control: server state machine, server, clients
export { FloorControlState } from './floor-control/floor-state.js';
export type { FloorConfig } from './floor-control/floor.js';
export type {
  FloorStateOptions,
  FloorOperationResult,
  FloorSnapshot,
  NewFloorRequest,
} from './floor-control/floor-state.js';
export type { FloorRequestRecord, FloorRequestView } from './floor-control/floor-request.js';
export type {
  FloorEvent,
  FloorEventKind,
  ChairChangeEvent,
  FloorControlEvents,
} from './floor-control/floor-events.js';
export { FloorControlServer } from './floor-control/floor-control-server.js';
export type {
  FloorControlServerOptions,
  ParticipantInfo,
  AttachOptions,
} from './floor-control/floor-control-server.js';
export { ServerSession } from './floor-control/server-session.js';
export type { BfcpServerPeer, SessionHost } from './floor-control/server-session.js';
export { FloorParticipant } from './floor-control/floor-participant.js';
export type { FloorClientOptions, FloorClientEvents } from './floor-control/floor-participant.js';
export { FloorChair } from './floor-control/floor-chair.js';
export type { ChairActionOptions } from './floor-control/floor-chair.js';

// SDP: RFC 8856 and our data channel profile (docs/bfcp.md)
export {
  BFCP_PROTOS,
  parseBfcpMedia,
  generateBfcpMedia,
  bfcpAttributeValues,
  effectiveVersions,
  answerFloorControlRole,
  negotiateVersions,
} from './sdp/bfcp-sdp.js';
export type {
  BfcpProto,
  FloorControlRole,
  SdpFloor,
  BfcpSdpAttributes,
  BfcpMediaDescription,
} from './sdp/bfcp-sdp.js';
export {
  BFCP_SUBPROTOCOL,
  parseBfcpDataChannels,
  bfcpDataChannelLines,
  isProfileCompliant,
} from './sdp/bfcp-data-channel-sdp.js';
export type { BfcpDataChannel, BfcpDataChannelSdpOptions } from './sdp/bfcp-data-channel-sdp.js';
