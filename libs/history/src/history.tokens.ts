/** Injection tokens of the history stores (interfaces in stores/history-stores.ts). */
export const CONFERENCE_STORE = Symbol('parley:conference-store');
export const CHAT_STORE = Symbol('parley:chat-store');
export const RTT_STORE = Symbol('parley:rtt-store');
export const FLOOR_EVENT_STORE = Symbol('parley:floor-event-store');
