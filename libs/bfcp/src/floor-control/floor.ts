import type { FloorRequestRecord } from './floor-request.js';

/** How one floor is governed. */
export interface FloorConfig {
  readonly floorId: number;
  /** A human name (e.g. "speak", "share screen"); not sent in BFCP. */
  readonly name?: string | undefined;
  /** How many may hold the floor at once. Default 1. */
  readonly maxHolders?: number | undefined;
  /** A grant is revoked after this many ms (STATUS-INFO says why). Default: no limit. */
  readonly maxHoldingTimeMs?: number | undefined;
  /** User IDs of the floor's chairs. While none of them is present, the automatic policy decides. */
  readonly chairs?: readonly number[] | undefined;
  /**
   * Grant accepted requests in queue order whenever the floor has room (default true). With false,
   * only a chair (ChairAction Granted, or `grant`/`grantNext`) grants.
   */
  readonly autoGrant?: boolean | undefined;
}

/**
 * One floor's bookkeeping (RFC 8855 §4): its holders, its queue of accepted requests (priority,
 * then arrival, or where a chair put them) and the pending requests that wait for a chair.
 */
export class Floor {
  readonly floorId: number;
  readonly name: string | undefined;
  readonly maxHolders: number;
  readonly maxHoldingTimeMs: number | undefined;
  readonly autoGrant: boolean;
  readonly chairs: Set<number>;
  /** Accepted requests, in queue order. */
  readonly queue: FloorRequestRecord[] = [];
  /** Granted requests, oldest first. */
  readonly holders: FloorRequestRecord[] = [];
  /** Pending requests (waiting for this floor's chair or another floor's), in arrival order. */
  readonly pending: FloorRequestRecord[] = [];

  constructor(config: FloorConfig) {
    this.floorId = config.floorId;
    this.name = config.name;
    this.maxHolders = Math.max(1, config.maxHolders ?? 1);
    this.maxHoldingTimeMs = config.maxHoldingTimeMs;
    this.autoGrant = config.autoGrant ?? true;
    this.chairs = new Set(config.chairs ?? []);
  }

  /** True when as many hold the floor as may. */
  get full(): boolean {
    return this.holders.length >= this.maxHolders;
  }

  /** Queue position (1 = next) of a request, 0 when it is not queued here. */
  positionOf(record: FloorRequestRecord): number {
    return this.queue.indexOf(record) + 1;
  }

  /**
   * Puts a request into the queue: at `position` (1 = head) when a chair gives one, else after every
   * request of the same or a higher priority.
   */
  enqueue(record: FloorRequestRecord, position: number): void {
    if (position > 0) {
      this.queue.splice(Math.min(position - 1, this.queue.length), 0, record);
      return;
    }
    let index = this.queue.length;
    while (index > 0 && (this.queue[index - 1] as FloorRequestRecord).priority < record.priority) {
      index--;
    }
    this.queue.splice(index, 0, record);
  }

  /** Moves a queued request to `position` (1 = head). */
  moveTo(record: FloorRequestRecord, position: number): void {
    removeFrom(this.queue, record);
    this.queue.splice(Math.min(position - 1, this.queue.length), 0, record);
  }

  /** Makes a request a holder (out of the queue and the pending list). */
  grant(record: FloorRequestRecord): void {
    removeFrom(this.queue, record);
    removeFrom(this.pending, record);
    this.holders.push(record);
  }

  /** Takes a request off the pending list. */
  unpend(record: FloorRequestRecord): void {
    removeFrom(this.pending, record);
  }

  /** Takes a request off the floor: out of the queue, the holders and the pending list. */
  remove(record: FloorRequestRecord): void {
    removeFrom(this.queue, record);
    removeFrom(this.holders, record);
    removeFrom(this.pending, record);
  }
}

function removeFrom(list: FloorRequestRecord[], record: FloorRequestRecord): void {
  const index = list.indexOf(record);
  if (index >= 0) {
    list.splice(index, 1);
  }
}
