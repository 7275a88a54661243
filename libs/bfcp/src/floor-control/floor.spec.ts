import { describe, expect, it } from '@jest/globals';
import { RequestStatus } from '../attributes/values.js';
import { Floor } from './floor.js';
import type { FloorRequestRecord } from './floor-request.js';

function record(id: number, priority: number): FloorRequestRecord {
  return {
    id,
    requesterId: id,
    beneficiaryId: id,
    floorIds: [1],
    requestedPriority: priority,
    priority,
    participantProvidedInfo: undefined,
    seq: id,
    status: RequestStatus.Accepted,
    approved: new Set([1]),
    statusInfo: undefined,
    grantedAt: undefined,
    holdTimer: undefined,
    reportedPosition: 0,
    reportedStatus: undefined,
  };
}

describe('Floor: queue, holders and pending requests', () => {
  it('queues by priority, then arrival; a chair position goes first; moves and removals', () => {
    const floor = new Floor({ floorId: 1 });
    const [a, b, c, d, e] = [record(1, 2), record(2, 2), record(3, 4), record(4, 0), record(5, 2)];
    for (const r of [a, b, c, d]) {
      floor.enqueue(r, 0);
    }
    expect(floor.queue.map((r) => r.id)).toEqual([3, 1, 2, 4]);
    floor.enqueue(e, 2);
    expect(floor.queue.map((r) => r.id)).toEqual([3, 5, 1, 2, 4]);
    floor.enqueue(record(6, 2), 99);
    expect(floor.positionOf(d)).toBe(5);
    floor.moveTo(d, 1);
    expect(floor.queue.map((r) => r.id)).toEqual([4, 3, 5, 1, 2, 6]);
    expect(floor.full).toBe(false);
    floor.grant(d);
    expect(floor.full).toBe(true);
    expect(floor.positionOf(d)).toBe(0);
    expect(floor.holders).toEqual([d]);
    floor.pending.push(a);
    floor.remove(a);
    floor.remove(d);
    expect(floor.pending).toEqual([]);
    expect(floor.holders).toEqual([]);
    expect(floor.queue.map((r) => r.id)).toEqual([3, 5, 2, 6]);
  });

  it('takes its configuration with defaults', () => {
    const floor = new Floor({ floorId: 7, maxHolders: 0, chairs: [3] });
    expect(floor).toMatchObject({ floorId: 7, maxHolders: 1, autoGrant: true });
    expect([...floor.chairs]).toEqual([3]);
  });
});
