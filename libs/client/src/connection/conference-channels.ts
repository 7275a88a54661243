import type { MessageChannel, Unsubscribe } from '@parley/transport';

export type TransportKind = 'webrtc' | 'websocket';

/** The conference subprotocols, one channel each. */
export const CONFERENCE_PROTOCOLS = ['msrp', 't140', 'bfcp'] as const;
export type ConferenceProtocol = (typeof CONFERENCE_PROTOCOLS)[number];

/** A per-source T.140 channel the server opened towards us (`rtt:<participantId>`). */
export interface RemoteTextChannel {
  readonly participantId: string;
  readonly channel: MessageChannel;
}

/** The protocol channels of a participant (one per service the server offers), whatever carries them. */
export interface ConferenceChannels {
  readonly transport: TransportKind;
  readonly channels: ReadonlyMap<ConferenceProtocol, MessageChannel>;
  /** Our MSRP path (the a=dcsa path on a negotiated channel, else a fresh URI). */
  readonly msrpLocalPath: string;
  /** Per-source T.140 channels the server opens (WebRTC only). */
  onRemoteText(listener: (remote: RemoteTextChannel) => void): Unsubscribe;
  close(): void;
}

/** The label prefix of the per-source channels (docs/conference.md). */
export const REMOTE_TEXT_LABEL_PREFIX = 'rtt:';

/** Resolves once every channel is open; rejects when one closes first or after `timeoutMs`. */
export function whenAllOpen(
  channels: readonly MessageChannel[],
  setTimer: (callback: () => void, ms: number) => () => void,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: Unsubscribe[] = [];
    const finish = (error?: Error): void => {
      for (const off of offs.splice(0)) {
        off();
      }
      cancel();
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    const check = (): void => {
      if (channels.every((c) => c.state === 'open')) {
        finish();
      }
    };
    for (const channel of channels) {
      offs.push(
        channel.on('open', check),
        channel.on('close', () => {
          finish(new Error(`channel "${channel.label}" closed before opening`));
        }),
      );
    }
    const cancel = setTimer(() => {
      const waiting = channels.filter((c) => c.state !== 'open').map((c) => c.label);
      finish(new Error(`channels ${waiting.join(', ')} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}
