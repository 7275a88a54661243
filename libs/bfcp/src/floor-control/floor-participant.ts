import { TypedEmitter, type Unsubscribe } from '@parley/transport';
import type { FloorRequestInformation } from '../attributes/floor-request-information.js';
import { isOngoingStatus } from '../attributes/values.js';
import type { BfcpConnection } from '../connection/bfcp-connection.js';
import { BfcpError, BfcpErrorResponse } from '../errors.js';
import type { BfcpMessage } from '../message/message.js';
import {
  floorQuery,
  floorRelease,
  floorRequest,
  floorRequestQuery,
  goodbye,
  hello,
  readErrorMessage,
  readFloorRequestInformation,
  readFloorStatus,
  readHelloAck,
  readUserStatus,
  userQuery,
  type FloorRequestFields,
  type FloorStatusFields,
  type HelloAckFields,
  type MessageHeader,
  type UserStatusFields,
} from '../message/message-builders.js';
import { Primitive, primitiveName } from '../message/primitive.js';

export interface FloorClientOptions {
  readonly conferenceId: number;
  /** This client's User ID (SDP a=userid, RFC 8856). */
  readonly userId: number;
}

export interface FloorClientEvents {
  /** The state of one of our floor requests changed (response or server notification). */
  status: FloorRequestInformation;
  /** A FloorStatus for a floor we subscribed to (FloorQuery). */
  floorStatus: FloorStatusFields;
  /** The server ended the BFCP connection (Goodbye; answered automatically). */
  goodbye: undefined;
}

/**
 * A floor participant (RFC 8855 §10, §12): requests and releases floors, queries requests, users
 * and floors, and tracks the state of its requests from the server's FloorRequestStatus messages.
 * Talks through a BfcpConnection with role `client`. An Error answer rejects with BfcpErrorResponse.
 */
export class FloorParticipant {
  readonly events = new TypedEmitter<FloorClientEvents>();
  readonly conferenceId: number;
  readonly userId: number;
  readonly #requests = new Map<number, FloorRequestInformation>();
  readonly #floors = new Map<number, FloorStatusFields>();
  readonly #finished = new Set<number>();
  readonly #off: Unsubscribe;

  constructor(
    readonly connection: BfcpConnection,
    options: FloorClientOptions,
  ) {
    this.conferenceId = options.conferenceId;
    this.userId = options.userId;
    this.#off = connection.events.on('message', (m) => {
      this.#onNotification(m);
    });
  }

  /** Our ongoing floor requests, by Floor Request ID, as last reported by the server. */
  get requests(): ReadonlyMap<number, FloorRequestInformation> {
    return this.#requests;
  }

  /** The last FloorStatus of each floor we subscribed to. */
  get floors(): ReadonlyMap<number, FloorStatusFields> {
    return this.#floors;
  }

  /** Hello / HelloAck (RFC 8855 §12.4): the primitives and attributes the server supports. */
  async hello(): Promise<HelloAckFields> {
    return readHelloAck(await this.request(hello(this.header()), Primitive.HelloAck));
  }

  /** Sends a FloorRequest; resolves with the first FloorRequestStatus (its Floor Request ID). */
  async requestFloor(fields: FloorRequestFields): Promise<FloorRequestInformation> {
    const response = await this.request(
      floorRequest(this.header(), fields),
      Primitive.FloorRequestStatus,
    );
    return this.#track(response);
  }

  /** FloorRelease: releases a granted floor or cancels a waiting request. */
  async release(floorRequestId: number): Promise<FloorRequestInformation> {
    const response = await this.request(
      floorRelease(this.header(), floorRequestId),
      Primitive.FloorRequestStatus,
    );
    return this.#track(response);
  }

  /** The same message as `release`: a FloorRelease cancels requests not yet granted. */
  cancel(floorRequestId: number): Promise<FloorRequestInformation> {
    return this.release(floorRequestId);
  }

  async queryRequest(floorRequestId: number): Promise<FloorRequestInformation> {
    const response = await this.request(
      floorRequestQuery(this.header(), floorRequestId),
      Primitive.FloorRequestStatus,
    );
    const info = readFloorRequestInformation(response);
    if (!info) {
      throw new BfcpError('INVALID_STATE', 'FloorRequestStatus without FLOOR-REQUEST-INFORMATION');
    }
    return info;
  }

  /** UserQuery: a user's floor requests (ours when `beneficiaryId` is absent). */
  async queryUser(beneficiaryId?: number): Promise<UserStatusFields> {
    return readUserStatus(
      await this.request(userQuery(this.header(), beneficiaryId), Primitive.UserStatus),
    );
  }

  /**
   * FloorQuery: subscribes to these floors (replacing earlier subscriptions; none = unsubscribe).
   * Resolves with the first FloorStatus; later ones arrive as `floorStatus` events.
   */
  async subscribe(floorIds: readonly number[]): Promise<FloorStatusFields> {
    this.#floors.clear();
    const response = await this.request(floorQuery(this.header(), floorIds), Primitive.FloorStatus);
    const status = readFloorStatus(response);
    this.#storeFloor(status);
    return status;
  }

  /**
   * Goodbye / GoodbyeAck: ends the BFCP connection politely (required on unreliable transports,
   * RFC 8855 §6.2; harmless on reliable ones). The connection stays open for the caller to close.
   */
  async goodbye(): Promise<void> {
    await this.request(goodbye(this.header()), Primitive.GoodbyeAck);
  }

  /** Stops listening to the connection (does not close it). */
  dispose(): void {
    this.#off();
  }

  /** A header for our next request: our IDs and a fresh Transaction ID. */
  protected header(): MessageHeader {
    return {
      conferenceId: this.conferenceId,
      userId: this.userId,
      transactionId: this.connection.nextTransactionId(),
    };
  }

  /** Sends a request; an Error answer rejects with BfcpErrorResponse, another primitive with INVALID_STATE. */
  protected async request(message: BfcpMessage, expected: Primitive): Promise<BfcpMessage> {
    const response = await this.connection.request(message);
    if (response.primitive === Primitive.Error) {
      const e = readErrorMessage(response);
      throw new BfcpErrorResponse(e.code, e.info, e.unknownAttributes);
    }
    if (response.primitive !== expected) {
      throw new BfcpError(
        'INVALID_STATE',
        `expected ${primitiveName(expected) ?? expected}, got ${primitiveName(response.primitive) ?? response.primitive}`,
      );
    }
    return response;
  }

  #track(response: BfcpMessage): FloorRequestInformation {
    const info = readFloorRequestInformation(response);
    if (!info) {
      throw new BfcpError('INVALID_STATE', 'FloorRequestStatus without FLOOR-REQUEST-INFORMATION');
    }
    this.#update(info);
    return info;
  }

  #update(info: FloorRequestInformation): void {
    const status = info.overall?.status;
    if (this.#finished.has(info.floorRequestId)) {
      return; // a stale notification that crossed our FloorRelease (RFC 8855 §10.2)
    }
    if (status !== undefined && !isOngoingStatus(status)) {
      this.#requests.delete(info.floorRequestId);
      this.#finished.add(info.floorRequestId);
      if (this.#finished.size > 256) {
        const oldest = this.#finished.values().next().value;
        if (oldest !== undefined) {
          this.#finished.delete(oldest);
        }
      }
    } else {
      this.#requests.set(info.floorRequestId, info);
    }
    this.events.emit('status', info);
  }

  #storeFloor(status: FloorStatusFields): void {
    if (status.floorId !== undefined) {
      this.#floors.set(status.floorId, status);
    }
    this.events.emit('floorStatus', status);
  }

  #onNotification(m: BfcpMessage): void {
    if (m.conferenceId !== this.conferenceId || m.userId !== this.userId) {
      return;
    }
    switch (m.primitive) {
      case Primitive.FloorRequestStatus: {
        const info = readFloorRequestInformation(m);
        if (info) {
          this.#update(info);
        }
        return;
      }
      case Primitive.FloorStatus:
        this.#storeFloor(readFloorStatus(m));
        return;
      case Primitive.Goodbye:
        this.events.emit('goodbye');
        return;
      default:
        return;
    }
  }
}
