import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHAT_STORE, RTT_STORE, type ChatStore, type RttStore } from '@parley/history';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let aliceToken: string;

beforeAll(async () => {
  server = await startTestServer();
  aliceToken = await server.token({ identity: 'alice', room: 'history', displayName: 'Alice' });
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, token?: string) =>
  fetch(
    `${server.url}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );

describe('history REST API', () => {
  it('needs a valid bearer token', async () => {
    expect((await get('/api/conferences')).status).toBe(401);
    const bad = await get('/api/conferences', 'nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'TOKEN_INVALID' });
  });

  it('lists the rooms the caller joined, with their participants', async () => {
    const alice = await SignalingTestClient.connect(server.wsUrl);
    await alice.join(aliceToken, 'history');
    const conferences = await pollUntil(async () => {
      const list = (await (await get('/api/conferences', aliceToken)).json()) as { room: string }[];
      return list.length > 0 ? list : undefined;
    });
    expect(conferences.map((c) => c.room)).toEqual(['history']);
    const participants = (await (
      await get('/api/conferences/history/participants', aliceToken)
    ).json()) as unknown[];
    expect(participants).toEqual([
      expect.objectContaining({ identity: 'alice', displayName: 'Alice', online: true }),
    ]);
    alice.close();
  });

  it('refuses another room with 403', async () => {
    const mallory = await server.token({ identity: 'mallory', room: 'elsewhere' });
    expect((await get('/api/conferences/history/messages', mallory)).status).toBe(403);
  });

  it('refuses the same identity holding a token for another room (identities are per room)', async () => {
    const otherAlice = await server.token({ identity: 'alice', room: 'elsewhere' });
    for (const path of ['', '/participants', '/messages', '/transcript', '/floor-events']) {
      expect((await get(`/api/conferences/history${path}`, otherAlice)).status).toBe(403);
    }
    const listed = (await (await get('/api/conferences', otherAlice)).json()) as unknown[];
    expect(listed).toEqual([]);
  });

  it('pages chat messages, text or base64, private ones only for their parties', async () => {
    const chat = server.app.get<ChatStore>(CHAT_STORE);
    const common = {
      room: 'history',
      senderName: 'Bob',
      contentType: 'text/plain',
      createdAt: Date.now(),
    };
    await chat.saveMessage({
      ...common,
      messageId: 'm1',
      senderIdentity: 'bob',
      recipients: null,
      body: new TextEncoder().encode('hello <all>'),
    });
    await chat.saveMessage({
      ...common,
      messageId: 'm2',
      senderIdentity: 'bob',
      recipients: ['carol'],
      body: new TextEncoder().encode('psst'),
    });
    await chat.saveMessage({
      ...common,
      messageId: 'm3',
      senderIdentity: 'bob',
      recipients: null,
      body: new Uint8Array([0xff, 0xfe]),
    });
    const page = (await (
      await get('/api/conferences/history/messages?limit=10', aliceToken)
    ).json()) as { messages: Record<string, unknown>[] };
    expect(page.messages.map((m) => [m['messageId'], m['text'] ?? m['bodyBase64']])).toEqual([
      ['m1', 'hello <all>'],
      ['m3', '//4='],
    ]);
    expect((await get('/api/conferences/history/messages?limit=0', aliceToken)).status).toBe(400);
  });

  it('gives the transcript as JSON, text and WebVTT', async () => {
    const rtt = server.app.get<RttStore>(RTT_STORE);
    const t0 = Date.UTC(2026, 10, 26, 9, 0, 0);
    await rtt.saveLine({
      room: 'history',
      sourceIdentity: 'alice',
      sourceName: 'Alice',
      lineNumber: 0,
      text: 'hello <b>',
      startedAt: t0,
      completedAt: t0 + 2500,
    });
    await rtt.saveLine({
      room: 'history',
      sourceIdentity: 'bob',
      sourceName: 'Bob',
      lineNumber: 0,
      text: 'hi',
      startedAt: t0 + 3000,
      completedAt: null,
    });
    const text = await get('/api/conferences/history/transcript.txt', aliceToken);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('[09:00:00] Alice: hello <b>\n[09:00:03] Bob: hi …\n');
    const vtt = await get('/api/conferences/history/transcript.vtt', aliceToken);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n<v Alice>hello &lt;b&gt;\n\n2\n00:00:03.000 --> 00:00:04.000\n<v Bob>hi\n',
    );
  });

  it('pages the time-stamped RTT changes with an id cursor', async () => {
    const rtt = server.app.get<RttStore>(RTT_STORE);
    const at = Date.UTC(2026, 10, 26, 10, 0, 0);
    await rtt.appendChanges(
      ['h', 'e', 'y'].map((text, i) => ({
        room: 'history',
        sourceIdentity: 'carol',
        at: at + i * 120,
        kind: 'append' as const,
        text,
        count: 0,
      })),
    );
    type Change = { id: number; text: string; at: number };
    const page = async (query: string) =>
      (await (
        await get(`/api/conferences/history/rtt-changes?source=carol&${query}`, aliceToken)
      ).json()) as Change[];
    const first = await page('limit=2');
    expect(first.map((c) => c.text)).toEqual(['h', 'e']);
    const rest = await page(`limit=2&after=${String(first[1]?.id)}`);
    expect(rest.map((c) => [c.text, c.at - at])).toEqual([['y', 240]]);
    expect((await get('/api/conferences/history/rtt-changes?after=-1', aliceToken)).status).toBe(
      400,
    );
  });

  it('publishes its OpenAPI description', async () => {
    const doc = (await (await get('/api/docs/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/conferences',
        '/api/conferences/{room}/messages',
        '/api/conferences/{room}/transcript.vtt',
      ]),
    );
  });
});
