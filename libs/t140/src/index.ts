export { T140Error, T140_ERROR_CODES } from './errors.js';
export type { T140ErrorCode } from './errors.js';
export { T140, SGR_RESET, MAX_SOS_BYTES } from './codec/control-codes.js';
export type { T140Token, T140TokenKind } from './codec/t140-token.js';
export { T140Tokenizer } from './codec/t140-tokenizer.js';
export type { T140TokenizerOptions } from './codec/t140-tokenizer.js';
export { Utf8StreamDecoder } from './codec/utf8-stream-decoder.js';
export { splitGraphemes, countGraphemes } from './codec/graphemes.js';
export { toWellFormed } from './codec/well-formed.js';
export { applySgr, sgrParamsFor, sameStyle } from './presentation/sgr-style.js';
export type { T140Style, T140Color } from './presentation/sgr-style.js';
export { T140Display } from './presentation/t140-display.js';
export type { T140DisplayOptions, DisplayLine, StyledRun } from './presentation/t140-display.js';
export { T140Receiver } from './receiver/t140-receiver.js';
export type {
  T140ReceiverOptions,
  T140ReceiverEvents,
  T140ControlEvent,
} from './receiver/t140-receiver.js';
export type {
  T140Change,
  T140ChangeKind,
  T140AppendChange,
  T140EraseChange,
  T140NewlineChange,
} from './receiver/t140-change.js';
export { T140Sender } from './sender/t140-sender.js';
export type { T140SenderOptions } from './sender/t140-sender.js';
export { T140Relay } from './sender/t140-relay.js';
export type { T140RelayOptions } from './sender/t140-relay.js';
export type { T140Outgoing, T140OutgoingEvents, T140DataEvent } from './sender/t140-outgoing.js';
export {
  MAX_TRANSMISSION_INTERVAL_MS,
  DEFAULT_TRANSMISSION_INTERVAL_MS,
  DEFAULT_CPS,
} from './sender/transmission-scheduler.js';
export type { TransmissionOptions } from './sender/transmission-scheduler.js';
export { diffField } from './sender/field-diff.js';
export type { FieldDiff } from './sender/field-diff.js';
export { sanitizeFieldText } from './sender/sanitize.js';
export { T140Channel } from './channel/t140-channel.js';
export type { T140ChannelOptions, T140ChannelEvents } from './channel/t140-channel.js';
export { assertT140Channel, T140_SUBPROTOCOL } from './channel/channel-rules.js';
export {
  T140_DIRECTIONS,
  isT140Direction,
  allowedAnswerDirections,
  answerDirection,
  offererDirection,
} from './sdp/direction.js';
export type { T140Direction } from './sdp/direction.js';
export { parseDcmap, serializeDcmap, encodeDcmapQuoted } from './sdp/dcmap.js';
export type { Dcmap } from './sdp/dcmap.js';
export { parseT140Channels, generateT140Attributes, effectiveCps } from './sdp/t140-sdp.js';
export type { T140ChannelDescription } from './sdp/t140-sdp.js';
export { parseRtpTextMedia, generateRtpTextMedia } from './sdp/rtp-text-media.js';
export type { RtpTextMedia } from './sdp/rtp-text-media.js';
export type { RtpPacket } from './rtp/rtp-packet.js';
export { RTP_HEADER_LENGTH } from './rtp/rtp-packet.js';
export { parseRtpPacket } from './rtp/rtp-packet-parser.js';
export { serializeRtpPacket } from './rtp/rtp-packet-serializer.js';
export type { RedBlock, RedPayload } from './rtp/red-payload.js';
export { MAX_RED_TIMESTAMP_OFFSET, MAX_RED_BLOCK_LENGTH } from './rtp/red-payload.js';
export { parseRedPayload } from './rtp/red-payload-parser.js';
export { serializeRedPayload } from './rtp/red-payload-serializer.js';
export { detectRedPayload } from './rtp/payload-detection.js';
export { RtpT140Sender } from './rtp/rtp-t140-sender.js';
export type { RtpT140SenderOptions, RtpT140SenderEvents } from './rtp/rtp-t140-sender.js';
export { RtpT140Receiver } from './rtp/rtp-t140-receiver.js';
export type {
  RtpT140ReceiverOptions,
  RtpT140ReceiverEvents,
  ReceivedRtpPacket,
} from './rtp/rtp-t140-receiver.js';
export { SingleStreamMixer } from './multiparty/single-stream-mixer.js';
export type {
  SingleStreamMixerOptions,
  SingleStreamMixerEvents,
} from './multiparty/single-stream-mixer.js';
export { T140Transcript, applyChange, replayChanges } from './multiparty/t140-transcript.js';
export type { TranscriptLine } from './multiparty/t140-transcript.js';
