import {
  BfcpConnection,
  FloorChair,
  FloorControlServer,
  FloorParticipant,
  RequestStatus,
} from '@parley/bfcp';
import { createLoopbackPair } from '@parley/transport';

export async function example(): Promise<string[]> {
  const log: string[] = [];
  // One floor control server per conference: floor 1 ("speak") is chaired by user 100.
  const server = new FloorControlServer({
    conferenceId: 4321,
    floors: [{ floorId: 1, name: 'speak', chairs: [100] }],
  });
  server.events.on('floor', (e) => log.push(`${e.kind} #${e.request.floorRequestId}`));

  // Each client reaches the server over a MessageChannel (here an in-memory pair; in Parley a data
  // channel with subprotocol "bfcp", or a WebSocket per RFC 8857).
  const connect = (userId: number) => {
    const { a, b } = createLoopbackPair({ protocol: 'bfcp' });
    server.attach(new BfcpConnection(a, { role: 'server' }), { userId });
    return new BfcpConnection(b, { role: 'client' });
  };
  const chair = new FloorChair(connect(100), { conferenceId: 4321, userId: 100 });
  const alice = new FloorParticipant(connect(1), { conferenceId: 4321, userId: 1 });

  await chair.subscribe([1]); // FloorQuery: the chair now sees the queue, pending requests too
  const { floorRequestId } = await alice.requestFloor({ floorIds: [1] }); // Pending
  const granted = new Promise<void>((resolve) => {
    alice.events.on('status', (s) => {
      if (s.overall?.status === RequestStatus.Granted) {
        resolve();
      }
    });
  });
  await chair.grant(floorRequestId); // ChairAction -> ChairActionAck, then a FloorRequestStatus
  await granted;
  await alice.release(floorRequestId); // FloorRelease -> Released
  return log; // requested, pending, accepted, granted, released
}
