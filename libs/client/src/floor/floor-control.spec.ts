import { afterEach, describe, expect, it } from '@jest/globals';
import { BfcpConnection, FloorControlServer, type FloorConfig } from '@parley/bfcp';
import { ManualClock } from '@parley/transport';
import { Turns } from '../__fixtures__/turns.js';
import { FloorControl } from './floor-control.js';
import type { FloorView, OwnFloorRequest } from './floor-types.js';

const CONFERENCE = 77;
const NAMES: Record<number, string> = { 1: 'speak', 2: 'share-screen' };

const closers: { close(): void }[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) {
    c.close();
  }
});

function room(floors: readonly FloorConfig[]) {
  const turns = new Turns();
  const clock = new ManualClock();
  const server = new FloorControlServer({ conferenceId: CONFERENCE, floors, clock });
  const join = async (userId: number, displayName: string, chair = false) => {
    const { a, b } = turns.pair({ protocol: 'bfcp', label: 'bfcp' });
    server.attach(new BfcpConnection(b, { role: 'server', clock }), { userId, displayName });
    const floor = new FloorControl({
      channel: a,
      conferenceId: CONFERENCE,
      userId,
      floors: floors.map((f) => ({ floorId: f.floorId, name: NAMES[f.floorId] ?? '?' })),
      chair,
      room: 'room-1',
      clock,
    });
    closers.push(floor);
    const views: FloorView[] = [];
    const own: OwnFloorRequest[] = [];
    floor.events.on('floor', (v) => views.push(v));
    floor.events.on('request', (r) => own.push(r));
    const started = floor.start();
    await turns.settle();
    await started;
    return { floor, views, own };
  };
  /** Runs an action to completion, delivering every message it causes. */
  const run = async <T>(action: Promise<T>): Promise<T> => {
    await turns.settle();
    const result = await action;
    await turns.settle();
    return result;
  };
  return { turns, clock, server, join, run };
}

describe('FloorControl', () => {
  it('raises a hand, waits for the chair, is granted; others see the holder change', async () => {
    const { join, run } = room([{ floorId: 1, chairs: [100] }, { floorId: 2 }]);
    const chair = await join(100, 'Chair', true);
    const alice = await join(1, 'Alice');
    const bob = await join(2, 'Bob');

    const request = await run(alice.floor.request());
    expect(request).toMatchObject({ floorId: 1, state: 'pending', queuePosition: undefined });
    expect(alice.floor.ownRequest(1)?.state).toBe('pending');
    // Everyone sees the pending hand (the server's default policy), and Alice her place.
    for (const viewer of [chair, alice, bob]) {
      expect(viewer.floor.floor(1)?.pending.map((e) => [e.userId, e.displayName])).toEqual([
        [1, 'Alice'],
      ]);
    }
    expect(alice.floor.placeInLine(1)).toBe(1);
    expect(bob.floor.placeInLine(1)).toBeUndefined();

    // Bob raises a hand behind her: the same line for everyone, Bob 2nd.
    const bobs = await run(bob.floor.request());
    const line = (viewer: typeof bob) =>
      viewer.floor.floor(1)?.raisedHands.map((e) => `${e.displayName}:${e.state}`);
    expect(line(bob)).toEqual(['Alice:pending', 'Bob:pending']);
    expect(line(alice)).toEqual(line(bob));
    expect(line(chair)).toEqual(line(bob));
    expect(bob.floor.placeInLine(1)).toBe(2);

    await run(chair.floor.grant(request.floorRequestId));
    expect(alice.floor.ownRequest(1)?.state).toBe('granted');
    expect(alice.own.map((r) => r.state)).toEqual(['pending', 'granted']);
    expect(alice.floor.placeInLine(1)).toBeUndefined(); // holds the floor: not in line
    expect(bob.floor.floor(1)?.holders.map((e) => e.userId)).toEqual([1]);
    expect(line(bob)).toEqual(['Bob:pending']);
    expect(bob.floor.placeInLine(1)).toBe(1); // B saw the queue change
    await run(chair.floor.deny(bobs.floorRequestId));

    await run(chair.floor.revoke(request.floorRequestId, 'time is up'));
    expect(alice.floor.ownRequest(1)).toBeUndefined();
    expect(alice.own[alice.own.length - 1]).toMatchObject({
      state: 'revoked',
      statusInfo: 'time is up',
    });
    expect(bob.floor.floor(1)?.holders).toEqual([]);
  });

  it('shows the queue in order and each participant its place; release moves the queue', async () => {
    const { join, run } = room([{ floorId: 1 }, { floorId: 2 }]); // no chair: automatic policy
    const alice = await join(1, 'Alice');
    const bob = await join(2, 'Bob');
    const carol = await join(3, 'Carol');

    expect((await run(alice.floor.request(1))).state).toBe('granted');
    await run(bob.floor.request(1));
    await run(carol.floor.request(1));
    expect(bob.floor.ownRequest(1)).toMatchObject({ state: 'accepted', queuePosition: 1 });
    expect(carol.floor.ownRequest(1)).toMatchObject({ state: 'accepted', queuePosition: 2 });
    const view = alice.floor.floor(1);
    expect(view?.holders.map((e) => e.displayName)).toEqual(['Alice']);
    expect(view?.queue.map((e) => [e.displayName, e.queuePosition])).toEqual([
      ['Bob', 1],
      ['Carol', 2],
    ]);
    expect(view?.raisedHands).toEqual(view?.queue);
    expect(carol.floor.placeInLine(1)).toBe(2);

    await run(alice.floor.release(1));
    expect(bob.floor.ownRequest(1)?.state).toBe('granted');
    expect(carol.floor.ownRequest(1)).toMatchObject({ state: 'accepted', queuePosition: 1 });
    expect(alice.floor.floor(1)?.queue.map((e) => e.displayName)).toEqual(['Carol']);

    await run(carol.floor.release(1)); // lowering a hand cancels the request
    expect(carol.floor.ownRequest(1)).toBeUndefined();
    expect(carol.own[carol.own.length - 1]?.state).toBe('cancelled');
  });

  it('lets a chair lower every hand (one Denied each without the REST API)', async () => {
    const { join, run } = room([{ floorId: 1, chairs: [100] }]);
    const chair = await join(100, 'Chair', true);
    const alice = await join(1, 'Alice');
    const bob = await join(2, 'Bob');
    await run(alice.floor.request());
    await run(bob.floor.request());
    expect(chair.floor.floor(1)?.pending).toHaveLength(2);
    await run(chair.floor.lowerAllHands(1));
    expect(chair.floor.floor(1)?.pending).toEqual([]);
    expect(alice.own[alice.own.length - 1]?.state).toBe('denied');
    expect(bob.own[bob.own.length - 1]?.state).toBe('denied');
  });

  it('refuses chair actions to a participant, and unknown floors', async () => {
    const { join } = room([{ floorId: 1 }]);
    const alice = await join(1, 'Alice');
    expect(() => alice.floor.grant(1)).toThrow(expect.objectContaining({ code: 'NOT_CHAIR' }));
    await expect(alice.floor.request(9)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
