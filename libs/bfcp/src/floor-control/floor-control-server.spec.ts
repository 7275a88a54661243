import { describe, expect, it } from '@jest/globals';
import { floorHarness } from '../__fixtures__/harness.js';
import { RequestStatus, requestStatusName } from '../attributes/values.js';
import { BfcpErrorResponse } from '../errors.js';
import { encodeMessage } from '../message/message-encoder.js';
import {
  chairAction,
  floorRelease,
  floorRequest,
  floorRequestQuery,
  floorRequestStatus,
  hello,
  readErrorMessage,
  readFloorRequestInformation,
  readHelloAck,
} from '../message/message-builders.js';
import { allPrimitives, Primitive } from '../message/primitive.js';
import type { BfcpMessage } from '../message/message.js';
import type { FloorChair } from './floor-chair.js';
import type { FloorParticipant } from './floor-participant.js';
import { FloorControlServer } from './floor-control-server.js';

const CONF = 9;
const head = (userId: number, transactionId = 5) => ({ conferenceId: CONF, transactionId, userId });

async function errorFor(send: () => Promise<BfcpMessage>, settle: () => Promise<void>) {
  const response = send();
  await settle();
  const m = await response;
  expect(m.primitive).toBe(Primitive.Error);
  return readErrorMessage(m);
}

describe('the floor control server answers every misuse with the right Error (RFC 8855 §13)', () => {
  const setup = () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 1, chairs: [50] }, { floorId: 2 }],
    });
    const p = h.join(7);
    return { h, p };
  };

  it('1 Conference Does Not Exist', async () => {
    const { h, p } = setup();
    const e = await errorFor(
      () => p.connection.request(hello({ ...head(7), conferenceId: 8 })),
      h.settle,
    );
    expect(e.code).toBe(1);
  });

  it('2 User Does Not Exist: a third-party request for an unknown beneficiary (by a chair)', async () => {
    const { h } = setup();
    const chair = h.join(50);
    const e = await errorFor(
      () => chair.connection.request(floorRequest(head(50), { floorIds: [1], beneficiaryId: 404 })),
      h.settle,
    );
    expect(e.code).toBe(2);
  });

  it('3 Unknown Primitive: a server primitive sent to the server', async () => {
    const { h, p } = setup();
    const e = await errorFor(
      () =>
        p.connection.request(
          floorRequestStatus(head(7), { floorRequestId: 1, floors: [{ floorId: 1 }] }),
        ),
      h.settle,
    );
    expect(e.code).toBe(3);
  });

  it('3 Unknown Primitive: a vendor primitive, answered by the connection', async () => {
    const { h, p } = setup();
    const bytes = encodeMessage({ ...hello(head(7, 31)), primitive: 91 });
    p.sendRaw(bytes);
    await h.settle();
    expect(readErrorMessage(p.received.at(-1)!)).toMatchObject({ code: 3 });
    expect(p.received.at(-1)).toMatchObject({ transactionId: 31, userId: 7, conferenceId: CONF });
  });

  it('4 Unknown Mandatory Attribute, naming the attributes', async () => {
    const { h, p } = setup();
    const request = floorRequest(head(7), { floorIds: [1] });
    const e = await errorFor(
      () =>
        p.connection.request({
          ...request,
          attributes: [
            ...request.attributes,
            { type: 'UNKNOWN', typeId: 85, mandatory: true, value: new Uint8Array([1, 2]) },
            { type: 'UNKNOWN', typeId: 86, mandatory: false, value: new Uint8Array([]) },
          ],
        }),
      h.settle,
    );
    expect(e).toMatchObject({ code: 4, unknownAttributes: [85] });
    // Without the M bit, an unknown attribute is ignored and the request processed.
    const ok = p.connection.request({
      ...request,
      transactionId: 6,
      attributes: [
        ...request.attributes,
        { type: 'UNKNOWN', typeId: 85, mandatory: false, value: new Uint8Array(0) },
      ],
    });
    await h.settle();
    expect((await ok).primitive).toBe(Primitive.FloorRequestStatus);
  });

  it('5 Unauthorized Operation: a User ID this connection may not use; a third party by a participant', async () => {
    const { h, p } = setup();
    h.join(8);
    expect((await errorFor(() => p.connection.request(hello(head(8))), h.settle)).code).toBe(5);
    const e = await errorFor(
      () => p.connection.request(floorRequest(head(7, 6), { floorIds: [2], beneficiaryId: 8 })),
      h.settle,
    );
    expect(e.code).toBe(5);
  });

  it('6 Invalid Floor ID, 7 Floor Request ID Does Not Exist, 8 maximum ongoing requests', async () => {
    const { h, p } = setup();
    expect(
      (
        await errorFor(
          () => p.connection.request(floorRequest(head(7, 1), { floorIds: [3] })),
          h.settle,
        )
      ).code,
    ).toBe(6);
    expect(
      (await errorFor(() => p.connection.request(floorRelease(head(7, 2), 999)), h.settle)).code,
    ).toBe(7);
    expect(
      (await errorFor(() => p.connection.request(floorRequestQuery(head(7, 3), 999)), h.settle))
        .code,
    ).toBe(7);
    await Promise.all([p.client.requestFloor({ floorIds: [2] }), h.settle()]);
    const second = p.client.requestFloor({ floorIds: [2] }).catch((e: unknown) => e);
    await h.settle();
    expect(await second).toMatchObject({ errorCode: 8 });
    expect(await second).toBeInstanceOf(BfcpErrorResponse);
  });

  it('5 for releasing or querying someone else’s request', async () => {
    const { h, p } = setup();
    const other = h.join(8);
    const r = other.client.requestFloor({ floorIds: [2] });
    await h.settle();
    const { floorRequestId } = await r;
    expect(
      (
        await errorFor(
          () => p.connection.request(floorRelease(head(7, 11), floorRequestId)),
          h.settle,
        )
      ).code,
    ).toBe(5);
    expect(
      (
        await errorFor(
          () => p.connection.request(floorRequestQuery(head(7, 12), floorRequestId)),
          h.settle,
        )
      ).code,
    ).toBe(5);
  });

  it('10 Unable to Parse, 12 Unsupported Version, 13 Incorrect Message Length, echoing the header', async () => {
    const { h, p } = setup();
    const good = encodeMessage(floorRequest(head(7, 40), { floorIds: [1] }));
    const broken = good.slice();
    broken[13] = 0x03; // FLOOR-ID Length 3
    p.sendRaw(broken);
    const v2 = good.slice();
    v2[0] = 0x40; // version 2 on a reliable channel
    v2[9] = 41;
    p.sendRaw(v2);
    const short = good.slice(0, 14);
    short[9] = 42;
    p.sendRaw(short);
    await h.settle();
    expect(p.take().map((m) => [m.transactionId, readErrorMessage(m).code])).toEqual([
      [40, 10],
      [41, 12],
      [42, 13],
    ]);
  });
});

describe('ChairAction validation happens before the ChairActionAck', () => {
  it('answers Error 14 for a status a chair cannot set, 6 for a floor not in the request, and changes nothing', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [
        { floorId: 1, chairs: [50] },
        { floorId: 2, chairs: [50] },
      ],
    });
    const chair = h.join(50);
    const p = h.join(7);
    const r = p.client.requestFloor({ floorIds: [1] });
    await h.settle();
    const { floorRequestId } = await r;
    const act = (floorId: number, status: number, transactionId: number) =>
      chair.connection.request(
        chairAction(head(50, transactionId), { floorRequestId, floors: [{ floorId, status }] }),
      );
    expect((await errorFor(() => act(1, RequestStatus.Released, 1), h.settle)).code).toBe(14);
    expect((await errorFor(() => act(2, RequestStatus.Granted, 2), h.settle)).code).toBe(6);
    expect((await errorFor(() => act(1, 99, 3), h.settle)).code).toBe(14);
    expect(p.client.requests.get(floorRequestId)?.overall?.status).toBe(RequestStatus.Pending);
    const ok = act(1, RequestStatus.Granted, 4);
    await h.settle();
    expect((await ok).primitive).toBe(Primitive.ChairActionAck);
    expect((await errorFor(() => act(1, RequestStatus.Accepted, 5), h.settle)).code).toBe(14);
  });
});

describe('Hello, Goodbye and connection life', () => {
  it('HelloAck lists all 17 primitives and 18 attributes and echoes the version', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [] });
    const p = h.join(7, { mode: 'unreliable' });
    const ack = p.client.hello();
    await h.settle();
    expect(await ack).toEqual({
      primitives: allPrimitives,
      attributes: Array.from({ length: 18 }, (_, i) => i + 1),
    });
    expect(p.received.at(-1)).toMatchObject({ version: 2, responder: true });
    expect(readHelloAck(p.received.at(-1)!).primitives).toHaveLength(17);
  });

  it('Goodbye is answered with GoodbyeAck and ends the session (requests are kept)', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1 }] });
    const p = h.join(7, { mode: 'unreliable' });
    await Promise.all([p.client.requestFloor({ floorIds: [1] }), h.settle()]);
    await Promise.all([p.client.goodbye(), h.settle()]);
    expect(p.received.at(-1)).toMatchObject({ primitive: Primitive.GoodbyeAck, responder: true });
    expect(p.session.closed).toBe(true);
    expect(h.server.snapshot()[0]!.holders).toHaveLength(1);
  });
});

describe('policies and the moderator API', () => {
  it('without a present chair the automatic policy grants; when the chair leaves, pending requests proceed', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1, chairs: [50] }] });
    const p = h.join(7);
    const granted = p.client.requestFloor({ floorIds: [1] });
    await h.settle();
    expect((await granted).overall?.status).toBe(RequestStatus.Granted); // chair 50 absent
    const chair = h.join(50);
    const q = h.join(8);
    const pending = q.client.requestFloor({ floorIds: [1] });
    await h.settle();
    expect((await pending).overall?.status).toBe(RequestStatus.Pending);
    chair.connection.close();
    await h.settle();
    expect(q.client.requests.get((await pending).floorRequestId)?.overall).toMatchObject({
      status: RequestStatus.Accepted,
      queuePosition: 1,
    });
  });

  it('revokes a grant after the maximum holding time, then serves the queue', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 1, maxHoldingTimeMs: 30_000 }],
    });
    const a = h.join(1);
    const b = h.join(2);
    const ra = a.client.requestFloor({ floorIds: [1] });
    await h.settle();
    const rb = b.client.requestFloor({ floorIds: [1] });
    await h.settle();
    h.clock.advance(29_999);
    await h.settle();
    expect(a.client.requests.get((await ra).floorRequestId)?.overall?.status).toBe(
      RequestStatus.Granted,
    );
    h.clock.advance(1);
    await h.settle();
    expect(a.client.requests.size).toBe(0);
    expect(a.received.at(-1)).toBeDefined();
    expect(h.events.find((e) => e.kind === 'revoked')).toMatchObject({
      reason: 'maximum holding time reached',
      actorId: undefined,
    });
    expect(b.client.requests.get((await rb).floorRequestId)?.overall?.status).toBe(
      RequestStatus.Granted,
    );
  });

  it('grantNext, lowerAllHands and removeParticipant notify like chair actions', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 1, autoGrant: false }, { floorId: 2 }],
    });
    const users = [1, 2, 3, 4].map((id) => h.join(id));
    const ids: number[] = [];
    for (const u of users) {
      const r = u.client.requestFloor({ floorIds: [1] });
      await h.settle();
      ids.push((await r).floorRequestId);
    }
    expect(h.server.grantNext(1, 99)).toEqual(expect.objectContaining({ ok: true }));
    await h.settle();
    expect(users[0]!.client.requests.get(ids[0]!)?.overall?.status).toBe(RequestStatus.Granted);
    expect(users[1]!.client.requests.get(ids[1]!)?.overall?.queuePosition).toBe(1);
    expect(h.server.grantNext(1)).toMatchObject({ ok: true });
    await h.settle();
    expect(users[0]!.client.requests.size).toBe(0); // revoked to make room
    expect(h.server.lowerAllHands(1, { actorId: 99 })).toEqual({ ok: true });
    await h.settle();
    expect(users[2]!.client.requests.size).toBe(0);
    expect(users[3]!.client.requests.size).toBe(0);
    expect(h.events.filter((e) => e.kind === 'denied').map((e) => e.actorId)).toEqual([99, 99]);
    expect(h.server.removeParticipant(2, 99)).toEqual({ ok: true });
    await h.settle();
    expect(h.events.at(-1)).toMatchObject({ kind: 'released', actorId: 99 });
    expect(h.server.snapshot()[0]!.holders).toEqual([]);
    expect(h.server.deny(12345)).toMatchObject({ ok: false, errorCode: 7 });
    expect(h.server.grantNext(3)).toMatchObject({ ok: false, errorCode: 6 });
  });

  it('multi-floor requests are atomic: granted only when every floor’s chair agrees', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [
        { floorId: 1, chairs: [50] },
        { floorId: 2, chairs: [51] },
      ],
    });
    const c1 = h.join<FloorChair>(50, { chair: true });
    const c2 = h.join<FloorChair>(51, { chair: true });
    const p = h.join(7);
    const r = p.client.requestFloor({ floorIds: [1, 2] });
    await h.settle();
    const { floorRequestId, floors } = await r;
    expect(floors.map((f) => f.status)).toEqual([RequestStatus.Pending, RequestStatus.Pending]);
    await Promise.all([c1.client.grant(floorRequestId, { floorIds: [1] }), h.settle()]);
    expect(p.client.requests.get(floorRequestId)?.overall?.status).toBe(RequestStatus.Pending);
    expect(p.client.requests.get(floorRequestId)?.floors.map((f) => f.status)).toEqual([
      RequestStatus.Accepted,
      RequestStatus.Pending,
    ]);
    await Promise.all([c2.client.grant(floorRequestId, { floorIds: [2] }), h.settle()]);
    expect(p.client.requests.get(floorRequestId)?.overall?.status).toBe(RequestStatus.Granted);
    // One chair's denial denies the whole request... here revoke: both floors are freed.
    await Promise.all([c2.client.revoke(floorRequestId, { floorIds: [2] }), h.settle()]);
    expect(h.server.snapshot().map((f) => f.holders.length)).toEqual([0, 0]);
  });

  it('chairs may request for others; UserQuery lists requests as beneficiary or requester', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1, chairs: [50] }] });
    const chair = h.join<FloorChair>(50, { chair: true, displayName: 'Chair' });
    const p = h.join(7, { displayName: 'Ada' });
    const r = chair.client.requestFloor({
      floorIds: [1],
      beneficiaryId: 7,
      participantProvidedInfo: 'your turn',
    });
    await h.settle();
    const info = await r;
    expect(info.beneficiary).toEqual({ userId: 7, displayName: 'Ada', uri: undefined });
    expect(info.requestedBy).toEqual({ userId: 50, displayName: 'Chair', uri: undefined });
    expect(info.overall?.status).toBe(RequestStatus.Granted); // the chair's own request needs no decision
    expect(p.client.requests.get(info.floorRequestId)?.overall?.status).toBe(RequestStatus.Granted);
    const q = p.client.queryUser();
    await h.settle();
    expect((await q).requests.map((x) => x.floorRequestId)).toEqual([info.floorRequestId]);
    const q2 = chair.client.queryUser(7);
    await h.settle();
    expect((await q2).beneficiary).toEqual({ userId: 7, displayName: 'Ada', uri: undefined });
    const fr = p.client.queryRequest(info.floorRequestId);
    await h.settle();
    expect((await fr).overall?.status).toBe(RequestStatus.Granted);
  });

  it('can be told not to announce queue moves', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      notifyQueueMoves: false,
      floors: [{ floorId: 1 }],
    });
    const [a, b, c] = [1, 2, 3].map((id) => h.join(id));
    const ra = a!.client.requestFloor({ floorIds: [1] });
    await h.settle();
    await Promise.all([b!.client.requestFloor({ floorIds: [1] }), h.settle()]);
    await Promise.all([c!.client.requestFloor({ floorIds: [1] }), h.settle()]);
    const before = c!.received.length;
    await Promise.all([a!.client.release((await ra).floorRequestId), h.settle()]);
    expect(c!.received.length).toBe(before); // moved from 2 to 1: not announced
    expect(b!.received.at(-1)).toBeDefined();
  });
});

describe('who sees pending requests in FloorStatus (pendingVisibleTo, RFC 8855 §13.5)', () => {
  /** The last FloorStatus of floor 1 a client holds, as "beneficiary:Status/position". */
  const line = (client: FloorParticipant) =>
    (client.floors.get(1)?.requests ?? []).map(
      (r) =>
        `${r.beneficiary?.userId}:${requestStatusName(r.overall?.status ?? 0)}/${r.overall?.queuePosition ?? 0}`,
    );

  const chairedRoom = async (pendingVisibleTo?: 'everyone' | 'chairs') => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 1, chairs: [50] }],
      ...(pendingVisibleTo ? { pendingVisibleTo } : {}),
    });
    const chair = h.join<FloorChair>(50, { chair: true });
    const watcher = h.join(9);
    await Promise.all([chair.client.subscribe([1]), watcher.client.subscribe([1]), h.settle()]);
    const ids: number[] = [];
    for (const user of [1, 2, 3]) {
      const request = h.join(user).client.requestFloor({ floorIds: [1] });
      await h.settle();
      ids.push((await request).floorRequestId);
    }
    return { h, chair, watcher, ids };
  };

  it('by default every subscriber sees the raised hands: holders, the queue, then pending by arrival', async () => {
    const { h, chair, watcher, ids } = await chairedRoom();
    expect(line(watcher.client)).toEqual(['1:Pending/0', '2:Pending/0', '3:Pending/0']);
    await Promise.all([chair.client.grant(ids[1]!), h.settle()]);
    expect(line(watcher.client)).toEqual(['2:Granted/0', '1:Pending/0', '3:Pending/0']);
    await Promise.all([chair.client.accept(ids[2]!), h.settle()]);
    expect(line(watcher.client)).toEqual(['2:Granted/0', '3:Accepted/1', '1:Pending/0']);
    expect(line(chair.client)).toEqual(line(watcher.client)); // everyone sees the same line
    await Promise.all([chair.client.deny(ids[0]!), h.settle()]);
    expect(line(watcher.client)).toEqual(['2:Granted/0', '3:Accepted/1']);
  });

  it('with "chairs", only the floor\'s chairs see pending requests', async () => {
    const { h, chair, watcher, ids } = await chairedRoom('chairs');
    expect(line(watcher.client)).toEqual([]);
    expect(line(chair.client)).toEqual(['1:Pending/0', '2:Pending/0', '3:Pending/0']);
    await Promise.all([chair.client.grant(ids[0]!), h.settle()]);
    expect(line(watcher.client)).toEqual(['1:Granted/0']);
    expect(line(chair.client)).toEqual(['1:Granted/0', '2:Pending/0', '3:Pending/0']);
  });
});

describe('queue positions beyond the 8-bit field', () => {
  it('reports places past 255 as 255 on the wire while the snapshot keeps the true place', () => {
    const server = new FloorControlServer({ conferenceId: 1, floors: [{ floorId: 1 }] });
    const last: BfcpMessage[] = [];
    const peer = {
      respond: (_: BfcpMessage, response: BfcpMessage) => {
        encodeMessage(response);
        last.push(response);
      },
      notify: (message: BfcpMessage) => {
        encodeMessage(message);
        return Promise.resolve();
      },
    };
    for (let user = 1; user <= 300; user++) {
      server
        .attachPeer(peer, { userId: user })
        .receive(
          floorRequest({ conferenceId: 1, transactionId: 1, userId: user }, { floorIds: [1] }),
        );
    }
    expect(readFloorRequestInformation(last.at(-1)!)?.overall?.queuePosition).toBe(255);
    expect(server.snapshot()[0]!.queue.at(-1)?.queuePosition).toBe(299);
  });
});
