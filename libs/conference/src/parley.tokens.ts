/** ParleyModule options with every default applied (ResolvedParleyOptions). */
export const PARLEY_OPTIONS = Symbol('parley:resolved-options');
/** The WebRTC stack the server peers run on (WebRtcProvider). */
export const WEBRTC_PROVIDER = Symbol('parley:webrtc-provider');
/** The protocol handlers channels are routed to (ProtocolHandler[]). */
export const PROTOCOL_HANDLERS = Symbol('parley:protocol-handlers');
