import { describe, expect, it } from '@jest/globals';
import { loadHexExample } from '../../../../test/support/fixtures.js';
import { floorHarness } from '../__fixtures__/harness.js';
import { RequestStatus } from '../attributes/values.js';
import { decodeMessage } from '../message/message-decoder.js';
import {
  floorQuery,
  floorRelease,
  floorRequest,
  readFloorRequestInformation,
  readFloorStatus,
} from '../message/message-builders.js';
import { Primitive } from '../message/primitive.js';
import type { FloorChair } from './floor-chair.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fixture = (name: string) => hex(loadHexExample(`constructed-bfcp-rfc8855-${name}.hex`));
const CONF = 4321;

describe('RFC 8855 §4.1 Figure 2: request, pending, accepted, granted, release (reliable)', () => {
  it('produces the octets of every server message', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      firstFloorRequestId: 789,
      floors: [{ floorId: 543, chairs: [357], autoGrant: false }],
    });
    const chair = h.join<FloorChair>(357, { chair: true });
    const p = h.join(234);
    await h.settle();

    // (1) FloorRequest TID 123 -> (2) FloorRequestStatus TID 123, Pending
    const first = p.connection.request(
      floorRequest({ conferenceId: CONF, transactionId: 123, userId: 234 }, { floorIds: [543] }),
    );
    await h.settle();
    await first;
    expect(hex(p.receivedBytes[0]!)).toBe(fixture('fig2-2-floorrequeststatus-pending'));

    // The chair accepts: (3) FloorRequestStatus TID 0, Accepted, queue position 1
    await Promise.all([chair.client.accept(789, 0, { floorIds: [543] }), h.settle()]);
    expect(hex(p.receivedBytes[1]!)).toBe(fixture('fig2-3-floorrequeststatus-accepted'));

    // The chair grants: (4) FloorRequestStatus TID 0, Granted
    await Promise.all([chair.client.grant(789, { floorIds: [543] }), h.settle()]);
    expect(hex(p.receivedBytes[2]!)).toBe(fixture('fig2-4-floorrequeststatus-granted'));

    // (5) FloorRelease TID 154 -> (6) FloorRequestStatus TID 154, Released
    const release = p.connection.request(
      floorRelease({ conferenceId: CONF, transactionId: 154, userId: 234 }, 789),
    );
    await h.settle();
    await release;
    expect(hex(p.receivedBytes[3]!)).toBe(fixture('fig2-6-floorrequeststatus-released'));
    expect(p.receivedBytes).toHaveLength(4);
    expect(h.events.map((e) => e.kind)).toEqual([
      'requested',
      'pending',
      'accepted',
      'granted',
      'released',
    ]);
  });

  it('the client sends the octets of messages (1) and (5)', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 543 }] });
    const p = h.join(234);
    const sent: string[] = [];
    p.server.channel.on('message', (d) => sent.push(hex(d as Uint8Array)));
    void p.connection.request(
      floorRequest({ conferenceId: CONF, transactionId: 123, userId: 234 }, { floorIds: [543] }),
    );
    void p.connection.request(
      floorRelease({ conferenceId: CONF, transactionId: 154, userId: 234 }, 789),
    );
    await h.settle();
    expect(sent).toEqual([fixture('fig2-1-floorrequest'), fixture('fig2-5-floorrelease')]);
  });
});

describe('RFC 8855 §4.1 Figure 3: FloorQuery and FloorStatus notifications', () => {
  it('reports the queue with positions and beneficiaries, then each change', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 543, chairs: [357], autoGrant: false }],
    });
    const chair = h.join<FloorChair>(357, { chair: true });
    const p124 = h.join(124);
    const p154 = h.join(154);
    const watcher = h.join(234);
    await h.settle();
    const r124 = p124.client.requestFloor({ floorIds: [543] });
    await h.settle();
    const r154 = p154.client.requestFloor({ floorIds: [543] });
    await h.settle();
    const [a, b] = [await r124, await r154];
    await Promise.all([chair.client.subscribe([543]), h.settle()]);
    await Promise.all([chair.client.accept(a.floorRequestId), h.settle()]);
    await Promise.all([chair.client.accept(b.floorRequestId), h.settle()]);

    // (1) FloorQuery TID 257 -> (2) FloorStatus TID 257: both Accepted, positions 1 and 2
    const query = watcher.connection.request(
      floorQuery({ conferenceId: CONF, transactionId: 257, userId: 234 }, [543]),
    );
    await h.settle();
    const status = readFloorStatus(await query);
    const summary = (s: ReturnType<typeof readFloorStatus>) =>
      s.requests.map((r) => [
        r.floorRequestId,
        r.overall?.status,
        r.overall?.queuePosition,
        r.beneficiary?.userId,
      ]);
    expect(status.floorId).toBe(543);
    expect(summary(status)).toEqual([
      [a.floorRequestId, RequestStatus.Accepted, 1, 124],
      [b.floorRequestId, RequestStatus.Accepted, 2, 154],
    ]);

    // (3) the first is granted: FloorStatus TID 0, Granted + Accepted position 1
    watcher.take();
    await Promise.all([chair.client.grant(a.floorRequestId), h.settle()]);
    const [third] = watcher.take();
    expect(third).toMatchObject({ primitive: Primitive.FloorStatus, transactionId: 0 });
    expect(summary(readFloorStatus(third!))).toEqual([
      [a.floorRequestId, RequestStatus.Granted, 0, 124],
      [b.floorRequestId, RequestStatus.Accepted, 1, 154],
    ]);

    // (4) it is released and the second granted: FloorStatus with only the second, Granted
    await Promise.all([p124.client.release(a.floorRequestId), h.settle()]);
    await Promise.all([chair.client.grant(b.floorRequestId), h.settle()]);
    const last = watcher.take().at(-1)!;
    expect(summary(readFloorStatus(last))).toEqual([
      [b.floorRequestId, RequestStatus.Granted, 0, 154],
    ]);
  });

  it('a FloorQuery for two floors gives one FloorStatus per floor; none unsubscribes', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1 }, { floorId: 2 }] });
    const w = h.join(5);
    await Promise.all([w.client.subscribe([1, 2]), h.settle()]);
    const statuses = w.take().filter((m) => m.primitive === Primitive.FloorStatus);
    expect(statuses.map((m) => [readFloorStatus(m).floorId, m.transactionId === 0])).toEqual([
      [1, false],
      [2, true],
    ]);
    await Promise.all([w.client.subscribe([]), h.settle()]);
    expect(readFloorStatus(w.take()[0]!)).toEqual({ floorId: undefined, requests: [] });
    const other = h.join(6);
    await Promise.all([other.client.requestFloor({ floorIds: [1] }), h.settle()]);
    expect(w.take()).toEqual([]);
  });
});

describe('RFC 8855 §4.2 Figure 4: ChairAction and ChairActionAck', () => {
  it('answers the octets of the figure and grants the request', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      firstFloorRequestId: 635,
      floors: [{ floorId: 543, chairs: [357], autoGrant: false }],
    });
    const chair = h.join(357);
    const p = h.join(154);
    await Promise.all([p.client.requestFloor({ floorIds: [543] }), h.settle()]);
    chair.sendRaw(loadHexExample('constructed-bfcp-rfc8855-fig4-1-chairaction.hex'));
    await h.settle();
    expect(hex(chair.receivedBytes.at(-1)!)).toBe(fixture('fig4-2-chairactionack'));
    expect(p.client.requests.get(635)?.overall?.status).toBe(RequestStatus.Granted);
  });
});

describe('RFC 8855 Appendix A Figure 48: request and release over an unreliable transport', () => {
  it('uses R, server-chosen Transaction IDs and FloorRequestStatusAck, with the figure octets', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      firstFloorRequestId: 789,
      floors: [{ floorId: 543, chairs: [357], autoGrant: false }],
    });
    const chair = h.join<FloorChair>(357, { chair: true });
    const p = h.join(234, { mode: 'unreliable', serverInitialTransactionId: 123 });
    const toServer: string[] = [];
    p.server.channel.on('message', (d) => toServer.push(hex(d as Uint8Array)));
    await h.settle();

    const request = p.connection.request(
      floorRequest(
        { conferenceId: CONF, transactionId: 123, userId: 234, version: 2 },
        { floorIds: [543] },
      ),
    );
    await h.settle();
    await request;
    await Promise.all([chair.client.accept(789, 0, { floorIds: [543] }), h.settle()]);
    await Promise.all([chair.client.grant(789, { floorIds: [543] }), h.settle()]);
    const release = p.connection.request(
      floorRelease({ conferenceId: CONF, transactionId: 126, userId: 234, version: 2 }, 789),
    );
    await h.settle();
    await release;

    expect(p.receivedBytes.map(hex)).toEqual([
      fixture('fig48-2-floorrequeststatus-pending'),
      fixture('fig48-3-floorrequeststatus-accepted'),
      fixture('fig48-5-floorrequeststatus-granted'),
      fixture('fig48-8-floorrequeststatus-released'),
    ]);
    expect(toServer).toEqual([
      fixture('fig48-1-floorrequest'),
      fixture('fig48-4-floorrequeststatusack'),
      fixture('fig48-6-floorrequeststatusack'),
      fixture('fig48-7-floorrelease'),
    ]);
    h.clock.advance(60_000);
    await h.settle();
    expect(p.receivedBytes).toHaveLength(4); // acknowledged: nothing retransmitted
  });

  it('retransmits an unacknowledged FloorStatus on T1, and sends the next only once acknowledged', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 543 }] });
    let dropAcks = false;
    const w = h.join(234, {
      mode: 'unreliable',
      dropFromClient: (bytes) => dropAcks && bytes[1] === Primitive.FloorStatusAck,
    });
    const p = h.join(124);
    await Promise.all([w.client.subscribe([543]), h.settle()]);
    dropAcks = true;
    const before = w.received.length;
    const request = p.client.requestFloor({ floorIds: [543] });
    await h.settle();
    const granted = await request;
    expect(granted.overall?.status).toBe(RequestStatus.Granted);
    const first = w.received.slice(before);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ primitive: Primitive.FloorStatus, responder: false });
    // Another change while the first notification is unacknowledged: not sent yet (ordering).
    await Promise.all([p.client.release(granted.floorRequestId), h.settle()]);
    expect(w.received.length - before).toBe(1);
    h.clock.advance(500);
    await h.settle();
    const resent = w.received.slice(before + 1);
    expect(resent).toHaveLength(1);
    expect(resent[0]!.transactionId).toBe(first[0]!.transactionId); // same transaction
    dropAcks = false;
    h.clock.advance(1000);
    await h.settle();
    const all = w.received.slice(before).map((m) => readFloorStatus(m).requests.length);
    expect(all).toEqual([1, 1, 1, 0]); // two retransmissions of the first, then the second
    h.clock.advance(60_000);
    await h.settle();
    expect(w.received.slice(before)).toHaveLength(4);
  });
});

describe('RFC 8855 Appendix A Figure 49: FloorQuery over an unreliable transport', () => {
  it('answers with R set and TID 257, then sends FloorStatus 258 and 259, each acknowledged', async () => {
    const h = floorHarness({
      conferenceId: CONF,
      floors: [{ floorId: 543, chairs: [357], autoGrant: false }],
    });
    const chair = h.join<FloorChair>(357, { chair: true });
    const p124 = h.join(124);
    const p154 = h.join(154);
    const ids: number[] = [];
    for (const p of [p124, p154]) {
      const r = p.client.requestFloor({ floorIds: [543] });
      await h.settle();
      ids.push((await r).floorRequestId);
    }
    await Promise.all([chair.client.subscribe([543]), h.settle()]);
    for (const id of ids) {
      await Promise.all([chair.client.accept(id), h.settle()]);
    }
    const w = h.join(234, { mode: 'unreliable', serverInitialTransactionId: 257 });
    const acks: number[] = [];
    w.server.channel.on('message', (d) => {
      const m = decodeMessage(d as Uint8Array);
      if (m.primitive === Primitive.FloorStatusAck) {
        acks.push(m.transactionId);
      }
    });
    // (1) FloorQuery R=0 TID 257 -> (2) FloorStatus R=1 TID 257
    const query = w.connection.request(
      floorQuery({ conferenceId: CONF, transactionId: 257, userId: 234, version: 2 }, [543]),
    );
    await h.settle();
    expect(await query).toMatchObject({ version: 2, responder: true, transactionId: 257 });
    // (3) FloorStatus R=0 TID 258 (first Granted, second Accepted 1st) -> (4) FloorStatusAck 258
    await Promise.all([chair.client.grant(ids[0]!), h.settle()]);
    // (5) FloorStatus R=0 TID 259 (second Granted) -> (6) FloorStatusAck 259
    await Promise.all([p124.client.release(ids[0]!), h.settle()]);
    await Promise.all([chair.client.grant(ids[1]!), h.settle()]);
    const notes = w.received.slice(1);
    const states = notes.map((m) => [
      m.transactionId,
      m.responder,
      readFloorStatus(m).requests.map((r) => [r.overall?.status, r.overall?.queuePosition]),
    ]);
    expect(states[0]).toEqual([
      258,
      false,
      [
        [RequestStatus.Granted, 0],
        [RequestStatus.Accepted, 1],
      ],
    ]);
    expect(states.at(-1)).toEqual([states.length + 257, false, [[RequestStatus.Granted, 0]]]);
    expect(acks).toEqual(notes.map((m) => m.transactionId));
  });

  it('a slow subscriber gets the latest FloorStatus, not a backlog', async () => {
    const h = floorHarness({ conferenceId: CONF, floors: [{ floorId: 1 }] });
    let drop = false;
    const w = h.join(234, { mode: 'unreliable', dropFromClient: () => drop });
    await Promise.all([w.client.subscribe([1]), h.settle()]);
    drop = true; // the watcher's acknowledgements are lost for a while
    const users = [1, 2, 3, 4, 5].map((id) => h.join(id));
    for (const u of users) {
      await Promise.all([u.client.requestFloor({ floorIds: [1] }), h.settle()]);
    }
    const before = w.received.length;
    drop = false;
    h.clock.advance(500);
    await h.settle();
    const after = w.received.slice(before).map((m) => readFloorStatus(m).requests.length);
    // The first notification is retransmitted, then only the newest state of floor 1 follows.
    expect(after).toEqual([1, 5]);
  });
});

describe('decoded fixture flows agree with the builders', () => {
  it('Figure 2 (2) is a Pending FloorRequestStatus for request 789 on floor 543', () => {
    const m = decodeMessage(
      loadHexExample('constructed-bfcp-rfc8855-fig2-2-floorrequeststatus-pending.hex'),
    );
    expect(readFloorRequestInformation(m)).toMatchObject({
      floorRequestId: 789,
      overall: { status: RequestStatus.Pending, queuePosition: 0 },
      floors: [{ floorId: 543 }],
    });
  });
});
