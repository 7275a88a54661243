// npm run bench -- bfcp: BFCP codec throughput and floor control server decisions.
import {
  decodeMessage,
  encodeMessage,
  floorRequest,
  floorRequestStatus,
  FloorControlServer,
  type BfcpMessage,
  type BfcpServerPeer,
} from '@parley/bfcp';
import { ManualClock } from '@parley/transport';
import { measure, report, type Measurement } from './support/harness.js';

const status = floorRequestStatus(
  { conferenceId: 4321, transactionId: 0, userId: 234 },
  {
    floorRequestId: 789,
    overall: { status: 2, queuePosition: 3, statusInfo: 'third in the queue' },
    floors: [{ floorId: 1 }],
    beneficiary: { userId: 154, displayName: 'Ada Lovelace', uri: 'sip:ada@example.com' },
    priority: 2,
    participantProvidedInfo: 'a question about the slides',
  },
);
const bytes = encodeMessage(status);

const rows: Measurement[] = [
  measure(
    `encode FloorRequestStatus (grouped FRI, ${bytes.length} B)`,
    () => encodeMessage(status),
    {
      bytesPerOp: bytes.length,
    },
  ),
  measure(
    `decode FloorRequestStatus (grouped FRI, ${bytes.length} B)`,
    () => decodeMessage(bytes),
    {
      bytesPerOp: bytes.length,
    },
  ),
];

/** A server with `participants` users queued on one floor; each peer encodes what it is sent. */
function queuedServer(participants: number, notifyQueueMoves: boolean) {
  const clock = new ManualClock();
  const server = new FloorControlServer({
    conferenceId: 1,
    clock,
    notifyQueueMoves,
    floors: [{ floorId: 1 }],
  });
  let sentBytes = 0;
  const peer: BfcpServerPeer = {
    respond: (_request: BfcpMessage, response: BfcpMessage) => {
      sentBytes += encodeMessage(response).length;
    },
    notify: (message: BfcpMessage) => {
      sentBytes += encodeMessage(message).length;
      return Promise.resolve();
    },
  };
  const sessions = Array.from({ length: participants }, (_, i) =>
    server.attachPeer(peer, { userId: i + 1, displayName: `participant ${i + 1}` }),
  );
  let tid = 1;
  const request = (i: number) => {
    sessions[i]!.receive(
      floorRequest(
        { conferenceId: 1, transactionId: tid++ & 0xffff || 1, userId: i + 1 },
        { floorIds: [1] },
      ),
    );
  };
  sessions.forEach((_, i) => {
    request(i);
  });
  let holder = 0;
  /** One decision: the moderator grants the next in line (revoking the holder), who re-queues. */
  const decide = () => {
    server.grantNext(1);
    request(holder);
    holder = (holder + 1) % participants;
  };
  return { server, decide, sent: () => sentBytes };
}

for (const notify of [true, false]) {
  const { decide, server } = queuedServer(1000, notify);
  if (server.snapshot()[0]!.queue.length !== 999) {
    throw new Error('setup: 999 should be queued');
  }
  rows.push(
    measure(
      `server decisions, 1000 queued on one floor (${notify ? 'every queue move announced' : 'status changes only'})`,
      decide,
    ),
  );
}

report('bfcp', rows, [
  {
    note: 'A decision = grantNext (revoke the holder, grant the head of the queue) + the revoked user re-queues;',
  },
  {
    note: 'it includes building and encoding every FloorRequestStatus it triggers (999 queue moves when announced).',
  },
]);
