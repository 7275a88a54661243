import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestStatus } from '@parley/bfcp';
import { participantUri, roomUri } from '@parley/conference';
import { unwrapCpim, wrapCpim } from '@parley/msrp';
import { pollUntil } from './support/poll-until.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { WebRtcTestParticipant } from './support/webrtc-participant.js';

/**
 * Issue 7's end-to-end scenario: three participants and a chair in one room, on real libwebrtc peers
 * (@roamhq/wrtc) against the server's libdatachannel peer, with the real engines on both sides.
 */
let server: TestServer;
let alice: WebRtcTestParticipant;
let bob: WebRtcTestParticipant;
let carol: WebRtcTestParticipant;
let chair: WebRtcTestParticipant;
const room = 'conference';

/** Resolves when `participant` hears that its request reached `status` (requests that end leave `floor.requests`). */
function statusReached(
  participant: WebRtcTestParticipant,
  floorRequestId: number,
  status: RequestStatus,
): Promise<void> {
  return new Promise((resolve) => {
    participant.floor.events.on('status', (s) => {
      if (s.floorRequestId === floorRequestId && s.overall?.status === status) {
        resolve();
      }
    });
  });
}

const body = (m: { body: Uint8Array }) => new TextDecoder().decode(unwrapCpim(m.body).body);
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON it expects
const api = async <T>(
  path: string,
  token: string,
  init: { method?: string } = {},
): Promise<{ status: number; json: T }> => {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? undefined : JSON.parse(text)) as T };
};

beforeAll(async () => {
  server = await startTestServer();
  alice = await WebRtcTestParticipant.join(server, {
    identity: 'alice',
    room,
    displayName: 'Alice',
    negotiated: true,
  });
  bob = await WebRtcTestParticipant.join(server, { identity: 'bob', room, displayName: 'Bob' });
  carol = await WebRtcTestParticipant.join(server, {
    identity: 'carol',
    room,
    displayName: 'Carol',
    negotiated: true,
  });
  chair = await WebRtcTestParticipant.join(server, {
    identity: 'mod',
    room,
    displayName: 'Moderator',
    roles: ['chair'],
  });
}, 60_000);

afterAll(async () => {
  for (const p of [alice, bob, carol, chair] as (WebRtcTestParticipant | undefined)[]) {
    p?.close();
  }
  await server.close();
});

describe('a conference of three participants and a chair', () => {
  it('fans chat out with reports, and a private message reaches only its target', async () => {
    const sent = await alice.chat.send({
      contentType: 'message/cpim',
      body: wrapCpim({
        from: { uri: participantUri('alice') },
        to: [{ uri: roomUri(room) }],
        contentType: 'text/plain',
        body: 'good morning',
      }),
      successReport: true,
    }).done;
    expect(sent.reports.map((r) => r.status)).toEqual([200]);
    for (const p of [bob, carol, chair]) {
      await pollUntil(
        () => (p.messages.some((m) => m.messageId === sent.messageId) ? true : undefined),
        { what: `${p.options.identity} gets the message` },
      );
      const message = p.messages.find((m) => m.messageId === sent.messageId)!;
      expect(body(message)).toBe('good morning');
      expect(unwrapCpim(message.body).from).toEqual({
        name: 'Alice',
        uri: participantUri('alice'),
      });
    }
    const secret = await bob.chat.send({
      contentType: 'message/cpim',
      body: wrapCpim({
        from: { uri: participantUri('bob') },
        to: [{ uri: participantUri('carol') }],
        contentType: 'text/plain',
        body: 'psst, carol',
      }),
      successReport: true,
    }).done;
    expect(secret.reports.map((r) => r.status)).toEqual([200]);
    expect(carol.messages.map(body)).toContain('psst, carol');
    expect([...alice.messages, ...chair.messages].map(body)).not.toContain('psst, carol');
  });

  it('shows what alice types at bob and carol character by character, with her identity', async () => {
    for (const p of [bob, carol]) {
      await pollUntil(
        () =>
          p.remoteChannels.get(alice.participantId)?.channel.state === 'open' ? true : undefined,
        { what: `${p.options.identity}'s channel for alice` },
      );
    }
    const seen: string[] = [];
    let typed = '';
    for (const character of 'hello') {
      typed += character;
      alice.rtt.sender.setText(typed);
      const want = typed;
      await pollUntil(
        () =>
          bob.textFrom(alice.participantId) === want && carol.textFrom(alice.participantId) === want
            ? true
            : undefined,
        { what: `"${want}" at bob and carol` },
      );
      seen.push(bob.textFrom(alice.participantId));
    }
    expect(seen).toEqual(['h', 'he', 'hel', 'hell', 'hello']);
    alice.rtt.sender.setText('hell');
    await pollUntil(() => (bob.textFrom(alice.participantId) === 'hell' ? true : undefined), {
      what: 'the erasure at bob',
    });
    alice.rtt.sender.setText('hello there\n');
    await pollUntil(
      () => (carol.textFrom(alice.participantId) === 'hello there\n' ? true : undefined),
      { what: 'the finished line at carol' },
    );
    expect(
      bob.remoteText
        .get(alice.participantId)
        ?.every((c) => c.source === bob.remoteChannels.get(alice.participantId)!.receiver.source),
    ).toBe(true);
    expect(bob.remoteChannels.get(alice.participantId)!.channel.label).toBe(
      `rtt:${alice.participantId}`,
    );
  });

  it('lets the chair grant and revoke, refuses a non-chair ChairAction with Error 5, and lowers all hands', async () => {
    const aliceRequest = await alice.floor.requestFloor({ floorIds: [1] });
    expect(aliceRequest.overall?.status).toBe(RequestStatus.Pending);
    const bobRequest = await bob.floor.requestFloor({ floorIds: [1] });
    await expect(bob.floor.grant(aliceRequest.floorRequestId)).rejects.toMatchObject({
      errorCode: 5,
    });

    const granted = statusReached(alice, aliceRequest.floorRequestId, RequestStatus.Granted);
    await chair.floor.grant(aliceRequest.floorRequestId);
    await granted;
    const revoked = statusReached(alice, aliceRequest.floorRequestId, RequestStatus.Revoked);
    await chair.floor.revoke(aliceRequest.floorRequestId);
    await revoked;

    const chairToken = await server.token({ identity: 'mod', room, roles: ['chair'] });
    const bobToken = await server.token({ identity: 'bob', room });
    expect(
      (await api(`/api/conferences/${room}/floors/1/lower-hands`, bobToken, { method: 'POST' }))
        .status,
    ).toBe(403);
    const denied = statusReached(bob, bobRequest.floorRequestId, RequestStatus.Denied);
    expect(
      (await api(`/api/conferences/${room}/floors/1/lower-hands`, chairToken, { method: 'POST' }))
        .status,
    ).toBe(204);
    await denied;

    const events = await pollUntil(async () => {
      const { json } = await api<
        { kind: string; participantIdentity: string | null; actorIdentity: string | null }[]
      >(`/api/conferences/${room}/floor-events`, chairToken);
      return json.some((e) => e.kind === 'denied') ? json : undefined;
    });
    expect(events.map((e) => [e.kind, e.participantIdentity])).toEqual(
      expect.arrayContaining([
        ['granted', 'alice'],
        ['revoked', 'alice'],
        ['denied', 'bob'],
      ]),
    );
    expect(events.find((e) => e.kind === 'granted')?.actorIdentity).toBe('mod');
  });

  it('moderates over REST: grant next, revoke and deny by request id, remove a participant', async () => {
    const chairToken = await server.token({ identity: 'mod', room, roles: ['chair'] });
    const post = (path: string, body?: unknown) =>
      fetch(`${server.url}/api/conferences/${room}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chairToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const carolRequest = await carol.floor.requestFloor({ floorIds: [2] });
    const granted = statusReached(carol, carolRequest.floorRequestId, RequestStatus.Granted);
    expect((await post('/floors/2/grant-next')).status).toBe(204);
    await granted;
    const revoked = statusReached(carol, carolRequest.floorRequestId, RequestStatus.Revoked);
    expect(
      (
        await post('/floors/2/revoke', {
          floorRequestId: carolRequest.floorRequestId,
          reason: 'time is up',
        })
      ).status,
    ).toBe(204);
    await revoked;
    const bobRequest = await bob.floor.requestFloor({ floorIds: [2] });
    // The path names the floor: a request on floor 2 is not found on floor 1.
    expect(
      (await post('/floors/1/deny', { floorRequestId: bobRequest.floorRequestId })).status,
    ).toBe(404);
    const denied = statusReached(bob, bobRequest.floorRequestId, RequestStatus.Denied);
    expect(
      (await post('/floors/2/deny', { floorRequestId: bobRequest.floorRequestId })).status,
    ).toBe(204);
    await denied;
    expect((await post('/floors/2/deny', { floorRequestId: 'x' })).status).toBe(400);
    expect((await post('/floors/2/deny', { floorRequestId: 999 })).status).toBe(404);
    // Nothing waits on floor 2 any more: the floor control server refuses, 409.
    expect((await post('/floors/2/grant-next')).status).toBe(409);

    const removed = await fetch(`${server.url}/api/conferences/${room}/participants/bob`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${chairToken}` },
    });
    expect(removed.status).toBe(204);
    expect(await bob.signaling.waitClosed()).toMatchObject({
      code: 4011,
      reason: 'removed by a chair',
    });
    expect(await alice.signaling.next('participant-left')).toMatchObject({
      participantId: bob.participantId,
    });
  });

  it('keeps it all in the history API', async () => {
    const token = await server.token({ identity: 'carol', room });
    const messages = await pollUntil(async () => {
      const { json } = await api<{ messages: { text: string; status: string }[] }>(
        `/api/conferences/${room}/messages`,
        token,
      );
      return json.messages.length >= 2 ? json.messages : undefined;
    });
    expect(messages.map((m) => m.text)).toEqual(['good morning', 'psst, carol']);
    const lines = await pollUntil(async () => {
      const { json } = await api<
        { sourceIdentity: string; text: string; completedAt: number | null }[]
      >(`/api/conferences/${room}/transcript`, token);
      return json.some((l) => l.completedAt !== null) ? json : undefined;
    });
    expect(lines).toEqual([
      expect.objectContaining({ sourceIdentity: 'alice', text: 'hello there' }),
    ]);
  });
});
