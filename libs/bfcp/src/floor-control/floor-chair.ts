import type { FloorRequestInformation } from '../attributes/floor-request-information.js';
import { RequestStatus } from '../attributes/values.js';
import { BfcpError } from '../errors.js';
import { chairAction } from '../message/message-builders.js';
import { Primitive } from '../message/primitive.js';
import { FloorParticipant } from './floor-participant.js';

export interface ChairActionOptions {
  /**
   * Floors the decision applies to. Default: every floor of the request, as last seen in a
   * FloorStatus, or else as a FloorRequestQuery reports them.
   */
  readonly floorIds?: readonly number[] | undefined;
  /** STATUS-INFO for the participant (why it was denied...). */
  readonly statusInfo?: string | undefined;
}

/**
 * A floor chair (RFC 8855 §11): everything a participant does, plus ChairAction decisions. Subscribe
 * to the floors it chairs (`subscribe`) to see the queue, pending requests included.
 */
export class FloorChair extends FloorParticipant {
  /** Accepts a request into the queue; `queuePosition` 0 lets the server choose (RFC 8855 §13.6). */
  accept(
    floorRequestId: number,
    queuePosition = 0,
    options: ChairActionOptions = {},
  ): Promise<void> {
    return this.#act(floorRequestId, RequestStatus.Accepted, queuePosition, options);
  }

  grant(floorRequestId: number, options: ChairActionOptions = {}): Promise<void> {
    return this.#act(floorRequestId, RequestStatus.Granted, 0, options);
  }

  /** Refuses a request that is not granted (RFC 8855 §11.1). */
  deny(floorRequestId: number, options: ChairActionOptions = {}): Promise<void> {
    return this.#act(floorRequestId, RequestStatus.Denied, 0, options);
  }

  /** Takes a granted floor away (RFC 8855 §11.1). */
  revoke(floorRequestId: number, options: ChairActionOptions = {}): Promise<void> {
    return this.#act(floorRequestId, RequestStatus.Revoked, 0, options);
  }

  /**
   * The requests on a floor as the last FloorStatus showed them: holders first, then the queue in
   * order, then pending requests (chairs see those).
   */
  queue(floorId: number): readonly FloorRequestInformation[] {
    return this.floors.get(floorId)?.requests ?? [];
  }

  async #act(
    floorRequestId: number,
    status: RequestStatus,
    queuePosition: number,
    options: ChairActionOptions,
  ): Promise<void> {
    let floorIds = options.floorIds ?? this.#floorsOf(floorRequestId);
    if (floorIds.length === 0) {
      // Not seen in a FloorStatus yet: ask the server (a chair may query requests on its floors).
      floorIds = (await this.queryRequest(floorRequestId)).floors.map((f) => f.floorId);
    }
    if (floorIds.length === 0) {
      throw new BfcpError('INVALID_ARGUMENT', `floor request ${floorRequestId} names no floor`);
    }
    await this.request(
      chairAction(this.header(), {
        floorRequestId,
        floors: floorIds.map((floorId) => ({
          floorId,
          status,
          queuePosition,
          statusInfo: options.statusInfo,
        })),
      }),
      Primitive.ChairActionAck,
    );
  }

  #floorsOf(floorRequestId: number): readonly number[] {
    for (const status of this.floors.values()) {
      const found = status.requests.find((r) => r.floorRequestId === floorRequestId);
      if (found) {
        return found.floors.map((f) => f.floorId);
      }
    }
    return [...(this.requests.get(floorRequestId)?.floors.map((f) => f.floorId) ?? [])];
  }
}
