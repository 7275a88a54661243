import {
  createLoopbackPair,
  ManualClock,
  ManualScheduler,
  type MessageChannel,
} from '@parley/transport';
import { BfcpConnection, type BfcpTransportMode } from '../connection/bfcp-connection.js';
import { FloorChair } from '../floor-control/floor-chair.js';
import {
  FloorControlServer,
  type FloorControlServerOptions,
} from '../floor-control/floor-control-server.js';
import type { ServerSession } from '../floor-control/server-session.js';
import { FloorParticipant } from '../floor-control/floor-participant.js';
import type { FloorEvent } from '../floor-control/floor-events.js';
import type { BfcpMessage } from '../message/message.js';
import { decodeMessage } from '../message/message-decoder.js';

export interface Joined<C extends FloorParticipant> {
  readonly client: C;
  readonly connection: BfcpConnection;
  readonly server: BfcpConnection;
  readonly session: ServerSession;
  /** Every message the client received (decoded), in order. */
  readonly received: BfcpMessage[];
  /** The exact bytes the client received. */
  readonly receivedBytes: Uint8Array[];
  /** Sends raw bytes from the client. */
  sendRaw(bytes: Uint8Array): void;
  /** Messages received since the last call. */
  take(): BfcpMessage[];
}

/** A floor control server and clients over in-memory channels, delivered by `pump()`, on a ManualClock. */
export function floorHarness(options: Omit<FloorControlServerOptions, 'clock'>) {
  const clock = new ManualClock();
  const network = new ManualScheduler();
  const pump = () => {
    network.run(100_000);
  };
  const server = new FloorControlServer({ ...options, clock });
  const events: FloorEvent[] = [];
  server.events.on('floor', (e) => events.push(e));

  function join<C extends FloorParticipant = FloorParticipant>(
    userId: number,
    opts: {
      chair?: boolean;
      mode?: BfcpTransportMode;
      displayName?: string;
      initialTransactionId?: number;
      serverInitialTransactionId?: number;
      allowedUserIds?: number[];
      /** Drops what the client sends while it returns true. */
      dropFromClient?: (bytes: Uint8Array) => boolean;
    } = {},
  ): Joined<C> {
    const unreliable = opts.mode === 'unreliable';
    const pair = createLoopbackPair({
      label: `bfcp-${userId}`,
      protocol: 'bfcp',
      schedule: network.schedule,
      properties: unreliable ? { ordered: false, maxRetransmits: 0 } : {},
    });
    const received: BfcpMessage[] = [];
    const receivedBytes: Uint8Array[] = [];
    let taken = 0;
    pair.b.on('message', (data) => {
      if (typeof data !== 'string') {
        receivedBytes.push(data);
        received.push(decodeMessage(data, { lenient: true }));
      }
    });
    const serverConnection = new BfcpConnection(pair.a, {
      role: 'server',
      clock,
      initialTransactionId: opts.serverInitialTransactionId,
    });
    const clientChannel = opts.dropFromClient ? lossy(pair.b, opts.dropFromClient) : pair.b;
    const connection = new BfcpConnection(clientChannel, {
      role: 'client',
      clock,
      initialTransactionId: opts.initialTransactionId,
    });
    const session = server.attach(serverConnection, {
      userId,
      displayName: opts.displayName,
      allowedUserIds: opts.allowedUserIds,
    });
    const clientOptions = { conferenceId: options.conferenceId, userId };
    const client = (
      opts.chair
        ? new FloorChair(connection, clientOptions)
        : new FloorParticipant(connection, clientOptions)
    ) as C;
    return {
      client,
      connection,
      server: serverConnection,
      session,
      received,
      receivedBytes,
      sendRaw: (bytes) => {
        pair.b.send(bytes);
      },
      take: () => {
        const out = received.slice(taken);
        taken = received.length;
        return out;
      },
    };
  }

  /** Runs the network until quiet, then lets promise callbacks run. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      pump();
      await Promise.resolve();
      await new Promise<void>((resolve) => {
        queueMicrotask(resolve);
      });
    }
    pump();
  }

  return { clock, server, events, join, pump, settle };
}

/** The same channel, except that `send` drops what `drop` selects (a lossy datagram path). */
export function lossy(
  channel: MessageChannel,
  drop: (bytes: Uint8Array) => boolean,
): MessageChannel {
  return new Proxy(channel, {
    get(target, property) {
      if (property === 'send') {
        return (message: string | Uint8Array) => {
          if (typeof message !== 'string' && drop(message)) {
            return;
          }
          target.send(message);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
