import { describe, expect, it } from '@jest/globals';
import { floorHarness, type Joined } from '../__fixtures__/harness.js';
import type { FloorRequestInformation } from '../attributes/floor-request-information.js';
import { RequestStatus, requestStatusName } from '../attributes/values.js';
import { BfcpErrorResponse } from '../errors.js';
import { chairAction } from '../message/message-builders.js';
import type { FloorChair } from './floor-chair.js';
import type { FloorParticipant } from './floor-participant.js';

const CONF = 77;

/** Every FloorRequestStatus a participant saw, as "Status/position". */
function history(p: FloorParticipant): string[] {
  const seen: string[] = [];
  p.events.on('status', (info: FloorRequestInformation) => {
    seen.push(
      `${requestStatusName(info.overall?.status ?? 0)}/${info.overall?.queuePosition ?? '-'}`,
    );
  });
  return seen;
}

describe('chair scenario: five participants, one floor, a chair', () => {
  it('reports the right queue position on every FloorRequestStatus; grant, revoke, deny; Error 5 for a non-chair', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1, chairs: [100] }] });
    const chair = h.join<FloorChair>(100, { chair: true });
    const ps: Joined<FloorParticipant>[] = [1, 2, 3, 4, 5].map((id) => h.join(id));
    const seen = ps.map((p) => history(p.client));
    await Promise.all([chair.client.subscribe([1]), h.settle()]);

    // Everyone raises a hand: Pending, the chair sees all five pending requests in order.
    const ids: number[] = [];
    for (const p of ps) {
      const request = p.client.requestFloor({ floorIds: [1] });
      await h.settle();
      ids.push((await request).floorRequestId);
    }
    expect(chair.client.queue(1).map((r) => [r.floorRequestId, r.overall?.status])).toEqual(
      ids.map((id) => [id, RequestStatus.Pending]),
    );

    // The chair accepts all five in order: the first is granted at once (floor free), the rest queue.
    for (const id of ids) {
      await Promise.all([chair.client.accept(id), h.settle()]);
    }
    expect(seen).toEqual([
      ['Pending/0', 'Granted/0'],
      ['Pending/0', 'Accepted/1'],
      ['Pending/0', 'Accepted/2'],
      ['Pending/0', 'Accepted/3'],
      ['Pending/0', 'Accepted/4'],
    ]);

    // Revoke the holder: participant 2 is granted, everyone behind moves up one place.
    await Promise.all([chair.client.revoke(ids[0]!, { statusInfo: 'time is up' }), h.settle()]);
    expect(seen.map((s) => s.slice(2))).toEqual([
      ['Revoked/0'],
      ['Granted/0'],
      ['Accepted/1'],
      ['Accepted/2'],
      ['Accepted/3'],
    ]);
    expect(ps[0]!.received.at(-1)).toBeDefined();

    // Deny participant 4 (position 2): participant 5 moves to 2, participant 3 stays 1.
    await Promise.all([chair.client.deny(ids[3]!), h.settle()]);
    expect(seen.map((s) => s.slice(3))).toEqual([[], [], [], ['Denied/0'], ['Accepted/2']]);

    // Grant participant 5 directly: the floor is taken from participant 2 (revoked), 3 stays first.
    await Promise.all([chair.client.grant(ids[4]!), h.settle()]);
    expect(seen[1]!.at(-1)).toBe('Revoked/0');
    expect(seen[4]!.at(-1)).toBe('Granted/0');
    expect(seen[2]!.at(-1)).toBe('Accepted/1');

    // A participant tries a ChairAction: Error 5, and nothing changes.
    const attempt = ps[2]!.connection.request(
      chairAction(
        { conferenceId: CONF, transactionId: 999, userId: 3 },
        { floorRequestId: ids[2]!, floors: [{ floorId: 1, status: RequestStatus.Granted }] },
      ),
    );
    await h.settle();
    const answer = await attempt;
    expect(answer.primitive).toBe(13);
    expect(answer.attributes[0]).toMatchObject({ type: 'ERROR-CODE', value: { code: 5 } });
    expect(seen[2]!.at(-1)).toBe('Accepted/1');

    // Through the chair client API, the same misuse rejects with BfcpErrorResponse code 5.
    const fake = h.join<FloorChair>(3, { chair: true });
    await Promise.all([fake.client.subscribe([1]), h.settle()]);
    const rejected = fake.client.grant(ids[2]!).catch((e: unknown) => e);
    await h.settle();
    expect(await rejected).toBeInstanceOf(BfcpErrorResponse);
    expect(await rejected).toMatchObject({ errorCode: 5 });

    // The stored event log tells the same story.
    const kinds = h.events.filter((e) => e.request.floorRequestId === ids[1]).map((e) => e.kind);
    expect(kinds).toEqual(['requested', 'pending', 'accepted', 'granted', 'revoked']);
    const moved = h.events.filter((e) => e.request.floorRequestId === ids[2]);
    expect(moved.map((e) => [e.kind, e.request.queuePosition])).toEqual([
      ['requested', 0],
      ['pending', 0],
      ['accepted', 2],
      ['queued', 1],
    ]);
    const revoke = h.events.find(
      (e) => e.kind === 'revoked' && e.request.floorRequestId === ids[0],
    );
    expect(revoke).toMatchObject({ actorId: 100, reason: 'time is up', conferenceId: CONF });
  });

  it('orders the queue by priority, then arrival, and honours a chair-given position', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1, autoGrant: false }] });
    const ps = [1, 2, 3, 4].map((id) => h.join(id));
    const ids: number[] = [];
    for (const [i, priority] of [2, 3, 2, 4].entries()) {
      const r = ps[i]!.client.requestFloor({ floorIds: [1], priority });
      await h.settle();
      ids.push((await r).floorRequestId);
    }
    const order = () =>
      h.server.snapshot()[0]!.queue.map((r) => [r.beneficiaryId, r.queuePosition]);
    expect(order()).toEqual([
      [4, 1],
      [2, 2],
      [1, 3],
      [3, 4],
    ]);
    h.server.setChair(1, 9, true);
    const chair = h.join<FloorChair>(9, { chair: true });
    await Promise.all([chair.client.subscribe([1]), h.settle()]);
    await Promise.all([chair.client.accept(ids[2]!, 1), h.settle()]);
    expect(order()).toEqual([
      [3, 1],
      [4, 2],
      [2, 3],
      [1, 4],
    ]);
    expect(ps[3]!.client.requests.get(ids[3]!)?.overall).toMatchObject({ queuePosition: 2 });
  });
});
