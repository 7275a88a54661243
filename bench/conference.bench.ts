// npm run bench -- conference: (1) chat fan-out through the MSRP switch in rooms of 10, 50 and 100
// participants (messages/s delivered, latency from the sender's send to each recipient's receive);
// (2) real-time text relayed between 100 typists (latency from a typist's T140Sender `data` event to
// a viewer's receiver `change` event), against the real server in a child process.
import { participantUri, roomUri } from '@parley/conference';
import { wrapCpim } from '@parley/msrp';
import { T140Channel, T140Receiver, type T140Change } from '@parley/t140';
import type { MessageChannel } from '@parley/transport';
import { ChatClient } from './support/chat-client.js';
import { machineLine } from './support/harness.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import {
  benchSeconds,
  ms,
  printTable,
  rate,
  runPool,
  sleep,
  summarize,
  waitFor,
  loadLine,
  fsyncMedianMs,
  type Summary,
} from './support/stats.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { shutdownClientStack, WebRtcClient } from './support/webrtc-client.js';

const seconds = benchSeconds();

/** CPU use of the server process and of this (client) process between two calls, % of one core. */
interface Cpu {
  /** The server process, every thread. */
  readonly server: number;
  /** The server's main thread (its JavaScript event loop). */
  readonly serverJs: number;
  /** This process: the clients. */
  readonly client: number;
  /** p99 of this process's event-loop delay (how late the clients handle what arrives), ms. */
  readonly clientLoopDelayP99: number;
}

function cpuMeter(server: ServerProcess): () => Cpu {
  const s0 = server.sample();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  return () => {
    delay.disable();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const s1 = server.sample();
    return {
      server: (100 * (s1.cpuSeconds - s0.cpuSeconds)) / wall,
      serverJs: (100 * (s1.mainThreadCpuSeconds - s0.mainThreadCpuSeconds)) / wall,
      client: (100 * (c.user + c.system)) / 1e6 / wall,
      clientLoopDelayP99: delay.percentile(99) / 1e6,
    };
  };
}

/** "55 (48)": all threads, and the JavaScript thread in parentheses. */
const serverCpu = (cpu: Cpu): string => `${cpu.server.toFixed(0)} (${cpu.serverJs.toFixed(0)})`;

// ------------------------------------------------------------------ (1) chat fan-out

interface InFlight {
  readonly sentAt: number;
  remaining: number;
  readonly done: () => void;
}

/** The participants of one room and the bookkeeping of what reached whom, when. */
class ChatRoom {
  readonly inFlight = new Map<string, InFlight>();
  /** MSRP body size of the last message sent (octets). */
  lastSize = 0;
  /** Receive time and latency (ms) of every delivery since the last reset. */
  deliveries: { at: number; latency: number }[] = [];
  #seq = 0;

  constructor(
    readonly room: string,
    readonly clients: readonly ChatClient[],
  ) {
    for (const client of clients) {
      client.session.on('message', (message) => {
        const now = performance.now();
        const flight = this.inFlight.get(message.messageId);
        if (!flight) {
          return; // history sent when the channel opened
        }
        this.deliveries.push({ at: now, latency: now - flight.sentAt });
        if (--flight.remaining === 0) {
          this.inFlight.delete(message.messageId);
          flight.done();
        }
      });
    }
  }

  /** Sends one room message from `sender`; resolves once every other participant received it. */
  send(sender: ChatClient): Promise<void> {
    const seq = ++this.#seq;
    const body = wrapCpim({
      from: { uri: participantUri(sender.identity) },
      to: [{ uri: roomUri(this.room) }],
      contentType: 'text/plain;charset=utf-8',
      body: `message ${seq} from ${sender.identity}: the quick brown fox jumps over the lazy dog`,
    });
    return new Promise<void>((resolve, reject) => {
      const outgoing = sender.session.send({ contentType: 'message/cpim', body });
      this.lastSize = outgoing.size;
      this.inFlight.set(outgoing.messageId, {
        sentAt: performance.now(),
        remaining: this.clients.length - 1,
        done: resolve,
      });
      outgoing.acknowledged.catch(reject);
    });
  }
}

interface ChatFigures {
  readonly messagesPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly latencies: number[];
  readonly cpu: Cpu;
}

/**
 * Runs `senders` closed loops for `windowSeconds`: each sends a message, waits until all the others
 * received it, and sends the next. Counts deliveries received in the window.
 */
async function chatLoad(
  server: ServerProcess,
  room: ChatRoom,
  senders: number,
  windowSeconds: number,
): Promise<ChatFigures> {
  room.deliveries = [];
  let running = true;
  let messages = 0;
  let t0 = 0;
  let t1 = 0;
  const loops = Array.from({ length: senders }, async (_, i) => {
    let k = i;
    while (running) {
      // One sender at a time rotates through the room; several senders each keep their own.
      const sender = room.clients[k % room.clients.length] as ChatClient;
      k += senders;
      const sentAt = performance.now();
      await room.send(sender);
      if (sentAt >= t0 && t0 > 0 && (t1 === 0 || sentAt < t1)) {
        messages++;
      }
    }
  });
  await sleep(Math.min(1000, windowSeconds * 200)); // warm-up
  room.deliveries = [];
  const meter = cpuMeter(server);
  t0 = performance.now();
  await sleep(windowSeconds * 1000);
  t1 = performance.now();
  const cpu = meter();
  running = false;
  await Promise.all(loops);
  const inWindow = room.deliveries.filter((d) => d.at >= t0 && d.at < t1);
  const elapsed = (t1 - t0) / 1000;
  return {
    messagesPerSecond: messages / elapsed,
    deliveriesPerSecond: inWindow.length / elapsed,
    latencies: inWindow.map((d) => d.latency),
    cpu,
  };
}

interface ChatRun {
  readonly rows: string[][];
  readonly note: string;
  readonly bodySize: number;
  readonly windowSeconds: number;
}

/** Rooms of each size, one after another, on a fresh server whose sqlite file is under `databaseParent`. */
async function chatFanOut(
  sizes: readonly number[],
  disk: string,
  databaseParent?: string,
): Promise<ChatRun> {
  const server = await startServerProcess({}, databaseParent);
  const windowSeconds = Math.max(3, 3 * seconds);
  const rows: string[][] = [];
  const load = loadLine();
  const fsyncMs = fsyncMedianMs(databaseParent);
  let bodySize = 0;
  try {
    for (const size of sizes) {
      const name = `chat-${size}`;
      const clients: ChatClient[] = [];
      await runPool(size, 10, async (i) => {
        clients.push(await ChatClient.join(server, `${name}-p${i}`, name));
      });
      const room = new ChatRoom(name, clients);
      for (let i = 0; i < 10; i++) {
        await room.send(clients[i % size] as ChatClient); // warm-up
      }
      for (const [mode, senders] of [
        ['one message at a time', 1],
        ['everyone sends, 1 in flight each', size],
      ] as const) {
        const f = await chatLoad(server, room, senders, windowSeconds);
        const s = summarize(f.latencies);
        rows.push([
          disk,
          String(size),
          mode,
          rate(f.messagesPerSecond),
          rate(f.deliveriesPerSecond),
          ms(s.p50),
          ms(s.p99),
          ms(s.max),
          serverCpu(f.cpu),
          f.cpu.client.toFixed(0),
          ms(f.cpu.clientLoopDelayP99),
        ]);
      }
      bodySize = room.lastSize;
      await Promise.all(clients.map((c) => c.leave()));
    }
  } finally {
    await server.stop();
  }
  return {
    rows,
    bodySize,
    windowSeconds,
    note: `${disk}: a 200-byte write + fsync there took ${ms(fsyncMs)} ms (median); load average at the start ${load}`,
  };
}

function printChat(runs: readonly ChatRun[]): void {
  console.log(
    `\n### conference: chat fan-out (MSRP switch, /msrp WebSocket clients)\n\n${machineLine()}\n`,
  );
  printTable(
    [
      'sqlite on',
      'room',
      'load',
      'messages/s',
      'deliveries/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'server CPU % (JS thread)',
      'clients CPU %',
      'clients loop delay p99 ms',
    ],
    runs.flatMap((r) => r.rows),
  );
  console.log(
    `\n${runs[0]?.windowSeconds ?? 0} s per row after a warm-up. A message is a message/cpim SEND of ${runs[0]?.bodySize ?? 0} octets to the room; the switch stores it (sqlite), answers 200, relays it to every other participant and records the delivery. Latency: the sender's send() to each recipient's 'message' event. CPU: % of one core over the window. ${runs.map((r) => r.note).join('. ')}.`,
  );
}

// ------------------------------------------------------------------ (2) real-time text relay

/** The relay's transmission interval (T140Relay's default, RFC 8865 §5.3 / T.140's 300 ms). */
const RELAY_INTERVAL_MS = 300;

interface Typist {
  readonly identity: string;
  readonly client: WebRtcClient;
  readonly rtt: T140Channel;
  /** End (cumulative characters, a line end counts one) and times of each `data` event. */
  readonly sent: { readonly end: number; readonly at: number; readonly wall: number }[];
  sentUnits: number;
  words: number;
}

/** One observation: a `data` event of `source` shown at a viewer. */
interface RttSample {
  readonly source: Typist;
  readonly event: number;
  /** data event -> viewer change, ms. */
  readonly total: number;
}

function units(text: string): number {
  let n = 0;
  for (const c of text) {
    if (c !== '\uFEFF') {
      n++;
    }
  }
  return n;
}

interface ServerChange {
  readonly sourceIdentity: string;
  readonly at: number;
  readonly kind: string;
  readonly text: string;
}

/**
 * When the server's receiver produced each data event's last character (server clock, ms since the
 * epoch), from the stored transcript (GET /api/conferences/<room>/rtt-changes). The transcript is
 * written in batches: polls until it holds every event, and says how long after `stoppedAt` that was.
 */
async function serverReceiveTimes(
  server: ServerProcess,
  room: string,
  typists: readonly Typist[],
  stoppedAt: number,
): Promise<{ times: Map<Typist, number[]>; caughtUpSeconds: number }> {
  const token = await server.token('rtt-reader', room);
  const deadline = performance.now() + 60_000;
  for (;;) {
    const response = await fetch(`${server.url}/api/conferences/${room}/rtt-changes?limit=10000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`rtt-changes: HTTP ${response.status}`);
    }
    const changes = (await response.json()) as ServerChange[];
    const times = new Map<Typist, number[]>();
    let complete = true;
    for (const typist of typists) {
      let cumulative = 0;
      const at: number[] = [];
      for (const change of changes) {
        if (change.sourceIdentity !== typist.identity) {
          continue;
        }
        cumulative +=
          change.kind === 'append' ? units(change.text) : change.kind === 'newline' ? 1 : 0;
        while (at.length < typist.sent.length && (typist.sent[at.length]?.end ?? 0) <= cumulative) {
          at.push(change.at);
        }
      }
      complete &&= at.length === typist.sent.length;
      times.set(typist, at);
    }
    if (complete || performance.now() > deadline) {
      return {
        times,
        caughtUpSeconds: complete ? (performance.now() - stoppedAt) / 1000 : Number.NaN,
      };
    }
    await sleep(250);
  }
}

interface RttResult {
  readonly typists: number;
  readonly total: Summary;
  readonly own: Summary;
  readonly inbound: Summary;
  readonly relayedPerSecond: number;
  readonly cpu: Cpu;
  readonly transcriptCaughtUpSeconds: number;
  readonly joinSeconds: number;
  readonly notOpened: number;
  readonly windowSeconds: number;
  readonly load: string;
}

/**
 * `typists` participants on WebRTC in one room, in per-source mode: the server opens, towards each,
 * one channel per other typist (typists x (typists - 1) relayed channels). Each types a 5-character
 * word once a second (every eighth ends the line), the typists spread evenly over the second. The
 * first `watchers` participants read every source with a T140Receiver; the others count messages.
 */
async function rttRelay(typists: number, watchers: number): Promise<RttResult> {
  const server = await startServerProcess();
  const room = 'rtt';
  const periodMs = 1000;
  const samples: RttSample[] = [];
  let measuring = false;
  const all: Typist[] = [];
  const byParticipant = new Map<string, Typist>();
  let remoteOpen = 0;
  /** Per-source channels towards the viewers that never opened (a libdatachannel anomaly, rare). */
  let notOpened: number;
  let relayed = 0;
  const watch = (viewerIndex: number, channel: MessageChannel): void => {
    const match = /^rtt:(.+)$/.exec(channel.label);
    if (!match) {
      return;
    }
    channel.on('message', () => {
      if (measuring) {
        relayed++;
      }
    });
    if (viewerIndex >= watchers) {
      return;
    }
    const sourceId = match[1] as string;
    let received = 0;
    let next = 0;
    const t140 = new T140Channel(channel, { receiver: new T140Receiver({ source: sourceId }) });
    if (channel.state === 'open') {
      remoteOpen++; // already open when handed over: T140Channel's `open` went out in its constructor
    } else {
      t140.on('open', () => {
        remoteOpen++;
      });
    }
    t140.receiver.on('change', (change: T140Change) => {
      const now = performance.now();
      received += change.kind === 'append' ? units(change.text) : change.kind === 'newline' ? 1 : 0;
      const source = byParticipant.get(sourceId);
      while (source && next < source.sent.length) {
        const event = source.sent[next] as { end: number; at: number };
        if (event.end > received) {
          break;
        }
        if (measuring) {
          samples.push({ source, event: next, total: now - event.at });
        }
        next++;
      }
    });
  };
  const load = loadLine();
  let joinSeconds: number;
  let cpu: Cpu;
  const windowSeconds = Math.max(10, 10 * seconds);
  let server2: { times: Map<Typist, number[]>; caughtUpSeconds: number };
  try {
    const joinStart = performance.now();
    for (let i = 0; i < typists; i++) {
      const client = await WebRtcClient.join(server, {
        identity: `typist-${i}`,
        room,
        onRemoteChannel: (channel) => {
          watch(i, channel);
        },
      });
      const rtt = new T140Channel(client.channels.t140, {
        senderOptions: { cps: client.services.t140.cps },
      });
      const typist: Typist = {
        identity: `typist-${i}`,
        client,
        rtt,
        sent: [],
        sentUnits: 0,
        words: 0,
      };
      rtt.sender.on('data', ({ text }) => {
        typist.sentUnits += units(text);
        typist.sent.push({ end: typist.sentUnits, at: performance.now(), wall: Date.now() });
      });
      all.push(typist);
      byParticipant.set(client.participantId, typist);
    }
    joinSeconds = (performance.now() - joinStart) / 1000;
    const expected = Math.min(watchers, typists) * (typists - 1);
    // Every per-source channel towards the viewers open, or no progress for 5 s (see notOpened).
    let seen = -1;
    let stalledSince = performance.now();
    await waitFor(
      () => {
        if (remoteOpen !== seen) {
          seen = remoteOpen;
          stalledSince = performance.now();
        }
        return remoteOpen >= expected || performance.now() - stalledSince > 5000;
      },
      `${expected} per-source channels to open at the viewers (have ${remoteOpen})`,
      120_000,
      50,
    );
    notOpened = expected - remoteOpen;

    // Each typist types a word once per period, the typists spread evenly over the period (by the
    // clock, not by counting timer ticks, which run late when the process is busy).
    const start = performance.now();
    const due = all.map((_, i) => start + (i * periodMs) / all.length);
    const typing = setInterval(() => {
      const now = performance.now();
      for (const [i, typist] of all.entries()) {
        if ((due[i] as number) > now) {
          continue;
        }
        due[i] = (due[i] as number) + periodMs;
        typist.words++;
        if (typist.words % 8 === 0) {
          typist.rtt.sender.insert('word');
          typist.rtt.sender.newline();
        } else {
          typist.rtt.sender.insert('word ');
        }
      }
    }, 5);
    await sleep(2000); // warm-up
    measuring = true;
    const meter = cpuMeter(server);
    await sleep(windowSeconds * 1000);
    cpu = meter();
    measuring = false;
    clearInterval(typing);
    const stoppedAt = performance.now();
    await sleep(RELAY_INTERVAL_MS * 3); // the last words arrive
    server2 = await serverReceiveTimes(server, room, all, stoppedAt);
  } finally {
    await server.stop();
    for (const typist of all) {
      typist.client.close();
    }
  }
  const inbound: number[] = [];
  for (const sample of samples) {
    const serverAt = server2.times.get(sample.source)?.[sample.event];
    const event = sample.source.sent[sample.event];
    if (serverAt !== undefined && event) {
      inbound.push(serverAt - event.wall);
    }
  }
  return {
    typists,
    total: summarize(samples.map((x) => x.total)),
    own: summarize(samples.map((x) => x.total - RELAY_INTERVAL_MS)),
    inbound: summarize(inbound),
    relayedPerSecond: relayed / windowSeconds,
    cpu,
    transcriptCaughtUpSeconds: server2.caughtUpSeconds,
    joinSeconds,
    notOpened,
    windowSeconds,
    load,
  };
}

function printRtt(results: readonly RttResult[]): void {
  console.log(`\n### conference: real-time text relay\n\n${machineLine()}\n`);
  const rows: string[][] = [];
  for (const r of results) {
    for (const [what, s] of [
      ["total: typist's `data` event -> viewer's `change`", r.total],
      [`the relay's own share: total - its ${RELAY_INTERVAL_MS} ms interval`, r.own],
      ["inbound part: `data` event -> server's receiver (server clock)", r.inbound],
    ] as const) {
      rows.push([
        String(r.typists),
        what,
        String(s.count),
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        ms(s.max),
      ]);
    }
  }
  printTable(['typists', 'latency', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows);
  console.log('');
  printTable(
    [
      'typists',
      'relayed channels',
      'characters/s in',
      'relayed messages/s',
      'server CPU % (JS thread)',
      'clients CPU %',
      'clients loop delay p99 ms',
      'transcript complete after s',
      'join s',
      'watched channels that never opened',
    ],
    results.map((r) => [
      String(r.typists),
      String(r.typists * (r.typists - 1)),
      String(r.typists * 5),
      rate(r.relayedPerSecond),
      serverCpu(r.cpu),
      r.cpu.client.toFixed(0),
      ms(r.cpu.clientLoopDelayP99),
      r.transcriptCaughtUpSeconds.toFixed(1),
      r.joinSeconds.toFixed(1),
      String(r.notOpened),
    ]),
  );
  console.log(
    `\nWebRTC (node-datachannel) participants in one room, per-source relay; each types a 5-character word once a second; ${results[0]?.windowSeconds ?? 0} s measured after a 2 s warm-up. Latency samples come from up to 10 viewers reading every source; "inbound" uses the time stamps of the stored transcript (1 ms resolution). CPU: % of one core over the window. Load average at the start: ${results.map((r) => `${r.typists} typists: ${r.load}`).join('; ')}.`,
  );
}

// ------------------------------------------------------------------

// BENCH_PARTS=chat,rtt runs only those parts (default: both).
const parts = new Set((process.env['BENCH_PARTS'] ?? 'chat,rtt').split(','));
if (parts.has('chat')) {
  const sizes = (process.env['BENCH_ROOM_SIZES'] ?? '10,50,100').split(',').map(Number);
  // The same on tmpfs, where fsync costs nothing: what the disk takes from the figures.
  printChat([await chatFanOut(sizes, 'disk (ext4)'), await chatFanOut(sizes, 'tmpfs', '/dev/shm')]);
}
if (parts.has('rtt')) {
  const results: RttResult[] = [];
  for (const typists of (process.env['BENCH_TYPISTS'] ?? '10,100').split(',').map(Number)) {
    results.push(await rttRelay(typists, 10));
  }
  printRtt(results);
}
await shutdownClientStack();
console.log(`\n${machineLine()}`);
