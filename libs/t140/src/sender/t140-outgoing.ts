import type { Listener, Unsubscribe } from '@parley/transport';

/** One piece of T.140 text handed to the transport (a data-channel message, an RTP T140block). */
export interface T140DataEvent {
  readonly text: string;
  readonly at: number;
}

export interface T140OutgoingEvents {
  data: T140DataEvent;
}

/** What T140Channel (and the RTP packetiser) need from a sender: T140Sender or T140Relay. */
export interface T140Outgoing {
  on<K extends keyof T140OutgoingEvents>(
    event: K,
    listener: Listener<T140OutgoingEvents[K]>,
  ): Unsubscribe;
  /** Largest piece (UTF-8 bytes) one `data` event may carry. */
  maxMessageBytes: number;
  /** Pauses or resumes transmission; text keeps being accepted while paused. */
  setTransmitting(enabled: boolean): void;
  /** The peer's cps changed (new SDP). */
  setCps(cps: number): void;
  /** Sends what may be sent now, without waiting for the interval (cps still applies). */
  flush(): void;
  /** True while text waits to be sent. */
  readonly pending: boolean;
  /** Stops the timers; nothing more is sent. */
  close(): void;
}
