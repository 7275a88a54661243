// A session on one end of an in-memory channel, and a raw MSRP peer on the other end that sends
// hand-written bytes and records every chunk it receives. Delivery turns run when `flush` says so.
import {
  createLoopbackPair,
  ManualClock,
  ManualScheduler,
  type LoopbackOptions,
} from '@parley/transport';
import { decodeChunk } from '../codec/chunk-parser.js';
import type { MsrpChunk } from '../message/msrp-chunk.js';
import { MsrpSession } from '../session/msrp-session.js';
import type { MsrpSessionEvents, MsrpSessionOptions } from '../session/session-types.js';

export const ALICE = 'msrps://alice.example.com:54111/si438dsaodes;dc';
export const BOB = 'msrps://bob.example.com:51444/di551fsaodes;dc';

const encoder = new TextEncoder();

/** Runs delivery turns and pending promise callbacks until nothing is left to do. */
export async function settle(network: ManualScheduler): Promise<void> {
  for (let round = 0; round < 100_000; round++) {
    // A macrotask boundary: every pending promise callback runs before it (no timer, no sleep).
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
    if (!network.runNext()) {
      return;
    }
  }
  throw new Error('settle: still busy after 100000 turns');
}

type ChannelOptions = Pick<LoopbackOptions, 'maxMessageSize' | 'bytesPerTurn'>;

/** A loopback pair for MSRP whose delivery turns run on `flush()`, and a ManualClock. */
function manualLoopback(channel: ChannelOptions) {
  const network = new ManualScheduler();
  const pair = createLoopbackPair({ protocol: 'msrp', schedule: network.schedule, ...channel });
  return { pair, network, clock: new ManualClock(), flush: () => settle(network) };
}

export type Recorded = { [K in keyof MsrpSessionEvents]: MsrpSessionEvents[K][] };

export function record(session: MsrpSession): Recorded {
  const recorded: Recorded = {
    message: [],
    progress: [],
    aborted: [],
    report: [],
    sendFailed: [],
    error: [],
    close: [],
  };
  for (const name of Object.keys(recorded) as (keyof MsrpSessionEvents)[]) {
    session.on(name, ((payload: never) => {
      (recorded[name] as unknown[]).push(payload);
    }) as never);
  }
  return recorded;
}

export function rawPeerHarness(
  options: Partial<MsrpSessionOptions> = {},
  channel: ChannelOptions = {},
) {
  const { pair, network, clock, flush } = manualLoopback(channel);
  const session = new MsrpSession({
    channel: pair.a,
    localPath: BOB,
    remotePath: ALICE,
    clock,
    ...options,
  });
  const events = record(session);
  const wire: MsrpChunk[] = [];
  pair.b.on('message', (message) => {
    wire.push(decodeChunk(typeof message === 'string' ? encoder.encode(message) : message));
  });
  return {
    session,
    peer: pair.b,
    clock,
    events,
    wire,
    network,
    /** Sends raw MSRP text (CRLF line ends are written as \r\n by the caller). */
    send(text: string | Uint8Array): void {
      pair.b.send(typeof text === 'string' ? encoder.encode(text) : text);
    },
    flush,
  };
}

/** Two sessions (alice on a, bob on b) over one loopback pair with manual turns. */
export function sessionPair(
  aliceOptions: Partial<MsrpSessionOptions> = {},
  bobOptions: Partial<MsrpSessionOptions> = {},
  channel: ChannelOptions = {},
) {
  const { pair, network, clock, flush } = manualLoopback(channel);
  const alice = new MsrpSession({
    channel: pair.a,
    localPath: ALICE,
    remotePath: BOB,
    clock,
    ...aliceOptions,
  });
  const bob = new MsrpSession({
    channel: pair.b,
    localPath: BOB,
    remotePath: ALICE,
    clock,
    ...bobOptions,
  });
  return { alice, bob, pair, clock, network, flush };
}

/** A SEND as text, CRLF line ends. */
export function sendText(options: {
  tid: string;
  body?: string;
  messageId?: string;
  range?: string;
  flag?: '+' | '$' | '#';
  toPath?: string;
  fromPath?: string;
  contentType?: string;
  extra?: string[];
}): string {
  const lines = [
    `MSRP ${options.tid} SEND`,
    `To-Path: ${options.toPath ?? BOB}`,
    `From-Path: ${options.fromPath ?? ALICE}`,
    `Message-ID: ${options.messageId ?? 'msg0001'}`,
    ...(options.range === undefined ? [] : [`Byte-Range: ${options.range}`]),
    ...(options.extra ?? []),
  ];
  if (options.body === undefined) {
    return `${lines.join('\r\n')}\r\n-------${options.tid}${options.flag ?? '$'}\r\n`;
  }
  lines.push(`Content-Type: ${options.contentType ?? 'text/plain'}`);
  return `${lines.join('\r\n')}\r\n\r\n${options.body}\r\n-------${options.tid}${options.flag ?? '$'}\r\n`;
}
