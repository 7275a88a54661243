// npm run bench -- transport: (1) time from offer to the msrp, t140 and bfcp channels open against
// the real server; (2) messages/s and MB/s through one data channel, through our MessageChannel seam
// (NodeDataChannelAdapter + ChannelWriter) beside the raw node-datachannel channel; (3) idle peers
// per server process (100, 500, 1000) with the server's memory per peer.
import { BfcpConnection, FloorParticipant } from '@parley/bfcp';
import { MsrpSession } from '@parley/msrp';
import { T140Channel } from '@parley/t140';
import { ChannelWriter, messageByteLength, type MessageChannel } from '@parley/transport';
import nodeDataChannel, { type DataChannel } from 'node-datachannel';
import { machineLine } from './support/harness.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { benchSeconds, ms, printTable, rate, runPool, sleep, summarize } from './support/stats.js';
import {
  createClientPeer,
  opened,
  shutdownClientStack,
  WebRtcClient,
  type JoinTimings,
} from './support/webrtc-client.js';

const seconds = benchSeconds();
const MiB = 1024 * 1024;

// ------------------------------------------------------------------ (1) channel open time

async function openTimes(server: ServerProcess, joins: number): Promise<void> {
  const rows: string[][] = [];
  for (const [negotiated, trickleEarly] of [
    [false, false],
    [true, false],
    [false, true],
  ] as const) {
    const timings: JoinTimings[] = [];
    const tag = `${negotiated ? 'n' : 'i'}${trickleEarly ? 'e' : ''}`;
    for (let i = -2; i < joins; i++) {
      const client = await WebRtcClient.join(server, {
        identity: `open-${tag}${i + 2}`,
        room: `open-${tag}${i + 2}`,
        negotiated,
        trickleEarly,
      });
      if (i >= 0) {
        timings.push(client.timings); // the first two are warm-up
      }
      await client.leave();
    }
    const how = `${negotiated ? 'negotiated in SDP (RFC 8864 dcmap)' : 'in-band (DCEP)'}${trickleEarly ? ', client trickles before the answer' : ''}`;
    for (const [what, pick] of [
      ['authenticate + join (signaling)', (t: JoinTimings) => t.joinMs],
      ['offer -> answer', (t: JoinTimings) => t.answerMs],
      ['offer -> peer connected', (t: JoinTimings) => t.connectedMs],
      ['offer -> msrp, t140, bfcp open', (t: JoinTimings) => t.openMs],
    ] as const) {
      const values = timings.map(pick);
      const s = summarize(values);
      rows.push([
        `${how}: ${what}`,
        String(s.count),
        ms(s.p50),
        ms(s.p95),
        ms(s.max),
        String(values.filter((v) => v < 20).length),
        String(values.filter((v) => v >= 1000).length),
      ]);
    }
  }
  console.log(`\n### transport: opening the three channels\n\n${machineLine()}\n`);
  printTable(['phase', 'joins', 'p50 ms', 'p95 ms', 'max ms', 'under 20 ms', '1 s or more'], rows);
}

// ------------------------------------------------------------------ (2) throughput through one channel

interface Flow {
  /**
   * Starts sending `payload` as fast as the channel takes it, waiting while the channel buffers
   * `highWaterMark` bytes or more and resuming when it drains to a quarter of that.
   */
  start(payload: Uint8Array, highWaterMark: number): void;
  /** Stops sending (what is buffered still arrives). */
  stop(): void;
  readonly received: { messages: number; bytes: number };
  close(): void;
}

/** Sends `candidate`s to `to` once its remote description is set. */
function trickle(): {
  add: (apply: () => void) => void;
  ready: () => void;
} {
  let isReady = false;
  const pending: (() => void)[] = [];
  return {
    add: (apply) => {
      if (isReady) {
        apply();
      } else {
        pending.push(apply);
      }
    },
    ready: () => {
      isReady = true;
      for (const apply of pending.splice(0)) {
        apply();
      }
    },
  };
}

/** Two node-datachannel peers, raw native API, one channel; back-pressure by bufferedAmount as ChannelWriter does. */
async function rawFlow(): Promise<Flow> {
  const config = { iceServers: [], bindAddress: '127.0.0.1' };
  const a = new nodeDataChannel.PeerConnection('raw-a', config);
  const b = new nodeDataChannel.PeerConnection('raw-b', config);
  const toA = trickle();
  const toB = trickle();
  a.onLocalDescription((sdp, type) => {
    b.setRemoteDescription(sdp, type);
    toB.ready();
  });
  b.onLocalDescription((sdp, type) => {
    a.setRemoteDescription(sdp, type);
    toA.ready();
  });
  a.onLocalCandidate((candidate, mid) => {
    toB.add(() => {
      b.addRemoteCandidate(candidate, mid);
    });
  });
  b.onLocalCandidate((candidate, mid) => {
    toA.add(() => {
      a.addRemoteCandidate(candidate, mid);
    });
  });
  const received = { messages: 0, bytes: 0 };
  const incoming = new Promise<DataChannel>((resolve) => {
    b.onDataChannel((dc) => {
      dc.onMessage((message) => {
        received.messages++;
        received.bytes +=
          typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
      });
      resolve(dc);
    });
  });
  const dc = a.createDataChannel('bench', { protocol: 'bench' });
  await new Promise<void>((resolve) => {
    dc.onOpen(resolve);
  });
  // Held until close: a native channel whose JS object is collected may be closed.
  const receiving = await incoming;
  let running = false;
  let payload: Uint8Array = new Uint8Array(0);
  let high = MiB;
  const pump = (): void => {
    while (running && dc.bufferedAmount() < high) {
      dc.sendMessageBinary(payload);
    }
  };
  dc.onBufferedAmountLow(pump);
  return {
    received,
    start: (p, highWaterMark) => {
      payload = p;
      high = highWaterMark;
      dc.setBufferedAmountLowThreshold(highWaterMark / 4);
      running = true;
      pump();
    },
    stop: () => {
      running = false;
    },
    close: () => {
      receiving.close();
      dc.close();
      a.close();
      b.close();
    },
  };
}

/**
 * The same through our seam: both peers from NodeDataChannelProvider (the server's stack), the
 * MessageChannel adapters on both ends. Two senders over the one channel: `writer` awaits
 * ChannelWriter.write per message (what the engines do); `adapter` calls MessageChannel.send in a
 * loop while bufferedAmount is under the high-water mark and resumes on `bufferedamountlow` (the
 * raw loop's shape).
 */
async function seamFlows(): Promise<{ writer: Flow; adapter: Flow }> {
  const a = createClientPeer('seam-a');
  const b = createClientPeer('seam-b');
  const toA = trickle();
  const toB = trickle();
  a.on('candidate', ({ candidate, mid }) => {
    toB.add(() => {
      b.addRemoteCandidate(candidate, mid);
    });
  });
  b.on('candidate', ({ candidate, mid }) => {
    toA.add(() => {
      a.addRemoteCandidate(candidate, mid);
    });
  });
  const received = { messages: 0, bytes: 0 };
  const incoming = new Promise<MessageChannel>((resolve) => {
    b.on('data-channel', (channel) => {
      channel.on('message', (message) => {
        received.messages++;
        received.bytes += messageByteLength(message);
      });
      resolve(channel);
    });
  });
  const sender = a.createDataChannel('bench', { protocol: 'bench' });
  const answer = await b.answer(await a.offer());
  toB.ready();
  a.acceptAnswer(answer);
  toA.ready();
  await opened(sender, 'seam sender');
  await opened(await incoming, 'seam receiver');
  // One writer per high-water mark (the default one is ChannelWriter's: 1 MiB high / 256 KiB low).
  const writers = new Map<number, ChannelWriter>([[MiB, new ChannelWriter(sender)]]);
  const writerFor = (highWaterMark: number): ChannelWriter => {
    let writer = writers.get(highWaterMark);
    if (!writer) {
      writer = new ChannelWriter(sender, { highWaterMark, lowWaterMark: highWaterMark / 4 });
      writers.set(highWaterMark, writer);
    }
    sender.bufferedAmountLowThreshold = highWaterMark / 4;
    return writer;
  };
  const close = (): void => {
    a.close();
    b.close();
  };

  const sending = { writer: false };
  let loop: Promise<void> = Promise.resolve();
  const writerFlow: Flow = {
    received,
    start: (payload, highWaterMark) => {
      const writer = writerFor(highWaterMark);
      sending.writer = true;
      loop = (async () => {
        while (sending.writer) {
          await writer.write(payload);
        }
      })();
    },
    stop: () => {
      sending.writer = false;
      loop.catch((error: unknown) => {
        console.error(`seam sender: ${String(error)}`);
      });
    },
    close,
  };

  let pumping = false;
  let payload: Uint8Array = new Uint8Array(0);
  let high = MiB;
  const pump = (): void => {
    while (pumping && sender.bufferedAmount < high) {
      sender.send(payload);
    }
  };
  sender.on('bufferedamountlow', pump);
  const adapterFlow: Flow = {
    received,
    start: (p, highWaterMark) => {
      payload = p;
      high = highWaterMark;
      sender.bufferedAmountLowThreshold = highWaterMark / 4;
      pumping = true;
      pump();
    },
    stop: () => {
      pumping = false;
    },
    close,
  };
  return { writer: writerFlow, adapter: adapterFlow };
}

interface Rate {
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  /** CPU time of this process (every thread: JS and libdatachannel's) per message received, µs. */
  readonly cpuMicrosPerMessage: number;
}

/** How long each flow took to deliver what was still buffered when its sender stopped: [size, ms]. */
const drainMs: [number, number][] = [];

/** Runs the flow for a warm-up, then counts what arrives over `windowSeconds`, then lets it drain. */
async function measureFlow(
  flow: Flow,
  size: number,
  highWaterMark: number,
  windowSeconds: number,
): Promise<Rate> {
  const payload = new Uint8Array(size).fill(0x61);
  flow.start(payload, highWaterMark);
  await sleep(200);
  const m0 = flow.received.messages;
  const b0 = flow.received.bytes;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await sleep(windowSeconds * 1000);
  const m1 = flow.received.messages;
  const b1 = flow.received.bytes;
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  flow.stop();
  // Drained when nothing arrived for 200 ms.
  const drainStart = performance.now();
  let last = -1;
  while (flow.received.messages !== last) {
    last = flow.received.messages;
    await sleep(200);
  }
  drainMs.push([size, performance.now() - drainStart]);
  const elapsed = (t1 - t0) / 1000;
  return {
    messagesPerSecond: (m1 - m0) / elapsed,
    bytesPerSecond: (b1 - b0) / elapsed,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / (m1 - m0),
  };
}

/** The median of each figure over the runs. */
function median(rates: readonly Rate[]): Rate {
  const mid = (values: number[]): number =>
    values.sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
  return {
    messagesPerSecond: mid(rates.map((r) => r.messagesPerSecond)),
    bytesPerSecond: mid(rates.map((r) => r.bytesPerSecond)),
    cpuMicrosPerMessage: mid(rates.map((r) => r.cpuMicrosPerMessage)),
  };
}

async function throughput(): Promise<void> {
  const windowSeconds = Math.max(1, seconds);
  const rounds = 3;
  const raw = await rawFlow();
  const seam = await seamFlows();
  const rows: string[][] = [];
  // 10-byte messages wait at 64 KiB (6 554 messages) instead of ChannelWriter's default 1 MiB: with
  // 100 000 tiny messages queued, libdatachannel drains erratically (seconds, up to 24 s seen).
  for (const [label, size, highWaterMark] of [
    ['10 B', 10, 64 * 1024],
    ['1 KiB', 1024, MiB],
    ['64 KiB', 64 * 1024, MiB],
  ] as const) {
    // Alternate the three flows and keep each one's medians: the machine is shared and noisy.
    const flows = [
      ['raw node-datachannel', raw],
      ['NodeDataChannelAdapter, send loop', seam.adapter],
      ['NodeDataChannelAdapter + ChannelWriter', seam.writer],
    ] as const;
    const runs: Rate[][] = flows.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, [, flow]] of flows.entries()) {
        runs[i]?.push(await measureFlow(flow, size, highWaterMark, windowSeconds));
      }
    }
    const medians = runs.map(median);
    const base = medians[0] as Rate;
    for (const [i, [name]] of flows.entries()) {
      const m = medians[i] as Rate;
      const all = (runs[i] as Rate[]).map((r) => r.messagesPerSecond);
      rows.push([
        `${label} (${highWaterMark / 1024} KiB): ${name}`,
        rate(m.messagesPerSecond),
        `${rate(Math.min(...all))} - ${rate(Math.max(...all))}`,
        (m.bytesPerSecond / 1e6).toFixed(1),
        m.cpuMicrosPerMessage.toFixed(1),
        (m.messagesPerSecond / base.messagesPerSecond).toFixed(2),
        (m.cpuMicrosPerMessage / base.cpuMicrosPerMessage).toFixed(2),
      ]);
    }
  }
  raw.close();
  seam.writer.close();
  console.log(
    `\n### transport: one reliable ordered data channel, one process\n\n${machineLine()}\n`,
  );
  printTable(
    [
      'message (high-water mark): sender',
      'msgs/s',
      'msgs/s, min - max',
      'MB/s',
      'CPU µs/msg',
      'msgs/s vs raw',
      'CPU vs raw',
    ],
    rows,
  );
  const drains = (size: number): string => {
    const s = summarize(drainMs.filter(([b]) => b === size).map(([, t]) => t - 200));
    return `${(s.p50 / 1000).toFixed(1)} s (max ${(s.max / 1000).toFixed(1)} s)`;
  };
  console.log(
    `\nAfter a sender stops, what the channel still buffered (up to the high-water mark) arrived within: 10 B ${drains(10)}, 1 KiB ${drains(1024)}, 64 KiB ${drains(65536)} (median; resolution 0.2 s).`,
  );
  console.log(
    `\nMedians of ${rounds} alternating runs of ${windowSeconds} s each (after a 200 ms warm-up); both peers in this process, on 127.0.0.1; CPU = this process, all threads, per message received.`,
  );
}

// ------------------------------------------------------------------ (3) idle peers per process

interface IdleClient {
  readonly client: WebRtcClient;
  readonly chat: MsrpSession;
  readonly rtt: T140Channel;
}

/** A participant alone in its room: three channels open, MSRP bodiless SEND answered, BFCP Hello acknowledged, then idle. */
async function idleJoin(server: ServerProcess, index: number): Promise<IdleClient> {
  const client = await WebRtcClient.join(server, {
    identity: `idle-${index}`,
    room: `idle-${index}`,
  });
  const chat = new MsrpSession({
    channel: client.channels.msrp,
    localPath: client.localPath,
    remotePath: client.services.msrp.path,
  });
  await chat.sendBodiless();
  const rtt = new T140Channel(client.channels.t140);
  const floor = new FloorParticipant(new BfcpConnection(client.channels.bfcp, { role: 'client' }), {
    conferenceId: client.services.bfcp.conferenceId,
    userId: client.services.bfcp.userId,
  });
  await floor.hello();
  return { client, chat, rtt };
}

async function idlePeers(levels: readonly number[]): Promise<void> {
  const server = await startServerProcess();
  const settle = async (): Promise<void> => {
    await sleep(3000);
  };
  // Warm-up: one participant through the whole path, then gone (lazy initialisation is not per peer).
  const warm = await idleJoin(server, -1);
  await warm.client.leave();
  await settle();
  const base = server.sample();
  const clients: IdleClient[] = [];
  const rows: string[][] = [];
  for (const level of levels) {
    const from = clients.length;
    const joinStart = performance.now();
    await runPool(level - from, 8, async (i) => {
      clients.push(await idleJoin(server, from + i));
    });
    const joinsPerSecond = (level - from) / ((performance.now() - joinStart) / 1000);
    await settle();
    const before = server.sample();
    const idleWindow = 5;
    await sleep(idleWindow * 1000);
    const after = server.sample();
    rows.push([
      String(level),
      (after.rss / MiB).toFixed(0),
      ((after.rss - base.rss) / level / 1024).toFixed(0),
      String(after.threads),
      `${((100 * (after.cpuSeconds - before.cpuSeconds)) / idleWindow).toFixed(1)} (${((100 * (after.mainThreadCpuSeconds - before.mainThreadCpuSeconds)) / idleWindow).toFixed(1)})`,
      joinsPerSecond.toFixed(0),
    ]);
  }
  console.log(`\n### transport: idle peers in one server process\n\n${machineLine()}\n`);
  console.log(
    `Server before the peers (after one warm-up peer came and went): ${(base.rss / MiB).toFixed(0)} MiB RSS, ${base.threads} threads.\n`,
  );
  printTable(
    [
      'peers',
      'server RSS MiB',
      'server KiB/peer',
      'server threads',
      'server CPU % idle (JS thread)',
      'joins/s (8 at a time)',
    ],
    rows,
  );
  await server.stop();
  for (const { client } of clients) {
    client.close();
  }
}

// ------------------------------------------------------------------

// BENCH_PARTS=open,throughput,idle runs only those parts (default: all three).
const parts = new Set((process.env['BENCH_PARTS'] ?? 'open,throughput,idle').split(','));
if (parts.has('open')) {
  const server = await startServerProcess();
  try {
    await openTimes(server, 20);
  } finally {
    await server.stop();
  }
}
if (parts.has('throughput')) {
  await throughput();
}
if (parts.has('idle')) {
  await idlePeers(
    (process.env['BENCH_IDLE_PEERS'] ?? '100,500,1000').split(',').map((n) => Number(n)),
  );
}
await shutdownClientStack();
console.log(`\n${machineLine()}`);
