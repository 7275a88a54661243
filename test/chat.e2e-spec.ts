import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { participantUri, roomUri } from '@parley/conference';
import { unwrapCpim, wrapCpim } from '@parley/msrp';
import { MsrpTestClient } from './support/msrp-client.js';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const open: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const thing of open.splice(0)) {
    thing.close();
  }
});
afterAll(async () => {
  await server.close();
});

/** Joins `identity` to `room` through signaling and opens its chat over the /msrp WebSocket. */
async function participant(identity: string, room: string) {
  const token = await server.token({ identity, room, displayName: identity.toUpperCase() });
  const signaling = await SignalingTestClient.connect(server.wsUrl);
  open.push(signaling);
  const joined = await signaling.join(token, room);
  const services = joined.services as { msrp: { webSocketPath: string; historyCount: number } };
  const chat = await MsrpTestClient.connect(server.wsUrl, token, services.msrp.webSocketPath);
  open.push(chat);
  return { token, signaling, chat, joined };
}

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe('chat: the server is an MSRP switch (RFC 7701) over MSRP-over-WebSocket (RFC 7977)', () => {
  it('fans a room message out as message/cpim from the sender, with a success REPORT to the sender', async () => {
    const alice = await participant('alice', 'fanout');
    const bob = await participant('bob', 'fanout');
    const carol = await participant('carol', 'fanout');
    const sent = alice.chat.session.send({
      contentType: 'message/cpim',
      body: wrapCpim({
        from: { uri: participantUri('alice') },
        to: [{ uri: roomUri('fanout') }],
        contentType: 'text/plain;charset=utf-8',
        body: 'hello room',
      }),
      successReport: true,
    });
    const result = await sent.done;
    expect(result.reports.map((r) => r.status)).toEqual([200]);
    for (const recipient of [bob, carol]) {
      const [message] = await recipient.chat.waitForMessages(1);
      expect(message!.messageId).toBe(result.messageId);
      const cpim = unwrapCpim(message!.body);
      expect(cpim.from).toEqual({ name: 'ALICE', uri: participantUri('alice') });
      expect(cpim.to).toEqual([{ uri: roomUri('fanout') }]);
      expect(cpim.dateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(text(cpim.body)).toBe('hello room');
    }
    expect(alice.chat.received).toEqual([]);
    const history = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/fanout/messages`, {
        headers: { authorization: `Bearer ${carol.token}` },
      });
      const page = (await response.json()) as {
        messages: { messageId: string; status: string; deliveredTo: string[]; text: string }[];
      };
      return page.messages[0]?.status === 'delivered' ? page.messages : undefined;
    });
    expect(history).toEqual([
      expect.objectContaining({
        messageId: result.messageId,
        text: 'hello room',
        deliveredTo: ['bob', 'carol'],
        senderIdentity: 'alice',
      }),
    ]);
  });

  it('reports what it could not deliver: success once stored, then a failure naming who was missed', async () => {
    const alice = await participant('alice', 'partial');
    const bob = await participant('bob', 'partial');
    // Dave is in the room (signaling) but has no chat channel: the switch cannot reach him.
    const daveToken = await server.token({ identity: 'dave', room: 'partial', displayName: 'D' });
    const dave = await SignalingTestClient.connect(server.wsUrl);
    open.push(dave);
    await dave.join(daveToken, 'partial');
    const sent = alice.chat.session.send({
      contentType: 'text/plain',
      body: 'who is there?',
      successReport: true,
    });
    await sent.acknowledged;
    await bob.chat.waitForMessages(1);
    const reports = await pollUntil(() =>
      alice.chat.reports.length >= 2 ? alice.chat.reports : undefined,
    );
    expect(reports.map((r) => [r.messageId, r.status, r.comment])).toEqual([
      [sent.messageId, 200, 'OK'],
      [sent.messageId, 404, 'not delivered to dave'],
    ]);
    const history = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/partial/messages`, {
        headers: { authorization: `Bearer ${bob.token}` },
      });
      const page = (await response.json()) as {
        messages: { status: string; deliveredTo: string[]; failedTo: string[] }[];
      };
      return page.messages[0]?.status === 'partial' ? page.messages[0] : undefined;
    });
    expect(history).toMatchObject({ deliveredTo: ['bob'], failedTo: ['dave'] });

    // Failure-Report: no asks for no failure REPORT (RFC 4975 §7.1.2).
    const quiet = alice.chat.session.send({
      contentType: 'text/plain',
      body: 'no news is good news',
      failureReport: 'no',
    });
    await quiet.acknowledged;
    await bob.chat.waitForMessages(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alice.chat.reports.filter((r) => r.messageId === quiet.messageId)).toEqual([]);
  });

  it('delivers a private message only to its recipient', async () => {
    const alice = await participant('alice', 'private');
    const bob = await participant('bob', 'private');
    const carol = await participant('carol', 'private');
    const result = await alice.chat.session.send({
      contentType: 'message/cpim',
      body: wrapCpim({
        from: { uri: participantUri('alice') },
        to: [{ uri: participantUri('bob') }],
        contentType: 'text/plain',
        body: 'just you',
      }),
      successReport: true,
    }).done;
    expect(result.reports.map((r) => r.status)).toEqual([200]);
    const [message] = await bob.chat.waitForMessages(1);
    expect(unwrapCpim(message!.body).to).toEqual([{ uri: participantUri('bob') }]);
    await alice.chat.session.send({ contentType: 'text/plain', body: 'to everyone' }).acknowledged;
    await bob.chat.waitForMessages(2);
    await carol.chat.waitForMessages(1);
    expect(carol.chat.received.map((m) => text(unwrapCpim(m.body).body))).toEqual(['to everyone']);
  });

  it('refuses what it cannot route: unknown recipients (404), other types (415), bad CPIM (400)', async () => {
    const alice = await participant('alice', 'refusals');
    const send = (contentType: string, body: string | Uint8Array) =>
      alice.chat.session.send({ contentType, body }).acknowledged;
    await expect(
      send(
        'message/cpim',
        wrapCpim({
          from: { uri: participantUri('alice') },
          to: [{ uri: participantUri('nobody') }],
          contentType: 'text/plain',
          body: 'x',
        }),
      ),
    ).rejects.toMatchObject({ status: 404 });
    await expect(send('image/png', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      status: 415,
    });
    await expect(send('message/cpim', 'not cpim at all')).rejects.toMatchObject({ status: 400 });
  });

  it('gives a late joiner the recent history, oldest first', async () => {
    const alice = await participant('alice', 'late');
    for (const line of ['one', 'two', 'three']) {
      await alice.chat.session.send({ contentType: 'text/plain', body: line }).acknowledged;
    }
    const dave = await participant('dave', 'late');
    const received = await dave.chat.waitForMessages(3);
    expect(received.map((m) => text(unwrapCpim(m.body).body))).toEqual(['one', 'two', 'three']);
  });

  it('keeps nicknames unique in the room (RFC 7701 §7)', async () => {
    const alice = await participant('alice', 'nicks');
    const bob = await participant('bob', 'nicks');
    expect((await alice.chat.session.requestNickname('Al')).status).toBe(200);
    expect((await bob.chat.session.requestNickname('al')).status).toBe(425);
    expect((await bob.chat.session.requestNickname('n'.repeat(65))).status).toBe(424);
    expect(await bob.signaling.next('participant-updated')).toMatchObject({
      participant: { identity: 'alice', nickname: 'Al' },
    });
    await alice.chat.session.send({ contentType: 'text/plain', body: 'hi' }).acknowledged;
    const [message] = await bob.chat.waitForMessages(1);
    expect(unwrapCpim(message!.body).from).toEqual({ name: 'Al', uri: participantUri('alice') });
  });
});
