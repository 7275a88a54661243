import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import {
  CPIM_CONTENT_TYPE,
  MsrpSession,
  unwrapCpim,
  wrapCpim,
  type ReceivedMessage,
} from '@parley/msrp';
import { Turns } from '../__fixtures__/turns.js';
import { RestClient } from '../api/rest-client.js';
import type { ChatPage } from '../api/rest-types.js';
import type { FetchLike } from '../platform.js';
import { ChatClient, deliveryAfterFailureReport } from './chat-client.js';
import type { ChatMessage } from './chat-message.js';

const CLIENT_PATH = 'msrps://k7fq2m3n.invalid:9/c1ient5e55ion;dc';
const SWITCH_PATH = 'msrps://parley.invalid:9/sw1tch;dc';
const decoder = new TextDecoder();

const open: { close(): void }[] = [];
afterEach(() => {
  for (const session of open.splice(0)) {
    session.close();
  }
});

function setup(options: { rest?: RestClient; autoSuccessReport?: boolean } = {}) {
  const turns = new Turns();
  const clock = new ManualClock();
  const { a, b } = turns.pair({ protocol: 'msrp', label: 'msrp' });
  const received: ReceivedMessage[] = [];
  let answer = 200;
  const server = new MsrpSession({
    channel: b,
    localPath: SWITCH_PATH,
    remotePath: CLIENT_PATH,
    acceptTypes: ['message/cpim', 'text/plain'],
    hooks: { acceptSend: () => answer },
    ...(options.autoSuccessReport === false ? { autoSuccessReport: false } : {}),
    clock,
  });
  server.on('message', (m) => received.push(m));
  const chat = new ChatClient({
    channel: a,
    localPath: CLIENT_PATH,
    remotePath: SWITCH_PATH,
    self: { identity: 'alice smith', displayName: 'Alice' },
    room: 'room-1',
    rest: options.rest,
    displayNameOf: (identity) => (identity === 'carol' ? 'Carol C.' : undefined),
    clock,
  });
  open.push(server, chat);
  const events: { kind: 'message' | 'update'; message: ChatMessage }[] = [];
  chat.events.on('message', (message) => events.push({ kind: 'message', message }));
  chat.events.on('update', (message) => events.push({ kind: 'update', message }));
  return {
    turns,
    server,
    chat,
    received,
    events,
    refuseWith: (status: number) => {
      answer = status;
    },
  };
}

describe('ChatClient', () => {
  it('sends CPIM to the room and follows the message from sending to sent to delivered', async () => {
    const { turns, chat, received, events } = setup();
    const message = chat.send('Hello <b>room</b> & all');
    expect(message).toMatchObject({
      direction: 'outgoing',
      state: 'sending',
      privateTo: undefined,
    });
    await turns.settle();

    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe(CPIM_CONTENT_TYPE);
    expect(received[0]?.successReport).toBe('yes');
    const cpim = unwrapCpim(received[0]!.body);
    expect(cpim.from).toEqual({ uri: 'im:alice%20smith@parley.invalid', name: 'Alice' });
    expect(cpim.to).toEqual([{ uri: 'im:room-1@rooms.parley.invalid', name: undefined }]);
    expect(cpim.contentType).toBe('text/plain;charset=utf-8');
    expect(decoder.decode(cpim.body)).toBe('Hello <b>room</b> & all');
    // The 200 and the success REPORT arrive in one turn: `sent` may be overtaken, never undo `delivered`.
    const states = events.map((e) => `${e.kind}:${e.message.state}`);
    expect(states[0]).toBe('message:sending');
    expect(states[states.length - 1]).toBe('update:delivered');
    expect(states.slice(states.indexOf('update:delivered'))).toEqual(['update:delivered']);
    expect(chat.messages.map((m) => m.state)).toEqual(['delivered']);
  });

  it('addresses a private message to one participant and marks it failed on a failure REPORT', async () => {
    const { turns, server, chat, received } = setup();
    const message = chat.send('just for you', { to: 'bob' });
    await turns.settle();
    expect(unwrapCpim(received[0]!.body).to).toEqual([
      { uri: 'im:bob@parley.invalid', name: undefined },
    ]);
    // The switch could not deliver it: bob is not in the room (RFC 7701 §6.2, 404).
    server.sendReport(received[0]!, 404, { comment: 'bob is not in the room' });
    await turns.settle();
    const failed = chat.messages.find((m) => m.messageId === message.messageId);
    expect(failed).toMatchObject({
      state: 'failed',
      privateTo: 'bob',
      failure: { status: 404, reason: 'bob is not in the room' },
    });
  });

  it('marks a room message failed when the switch reports that no one could be reached', async () => {
    const { turns, server, chat, received } = setup();
    const message = chat.send('anyone?');
    await turns.settle();
    server.sendReport(received[0]!, 408, { comment: 'no participant could be reached' });
    await turns.settle();
    expect(chat.messages.find((m) => m.messageId === message.messageId)).toMatchObject({
      state: 'failed',
      failure: { status: 408, reason: 'no participant could be reached' },
    });
  });

  it('marks a room message partial on a success REPORT then a failure REPORT (some recipients missed it)', async () => {
    const { turns, server, chat, received, events } = setup();
    const message = chat.send('hello all');
    await turns.settle();
    expect(chat.messages[0]?.state).toBe('delivered'); // the switch's success REPORT
    server.sendReport(received[0]!, 404, {
      comment: 'not delivered to: bob',
      byteRange: { start: 1, end: received[0]!.body.length, total: received[0]!.body.length },
    });
    await turns.settle();
    expect(chat.messages.find((m) => m.messageId === message.messageId)).toMatchObject({
      state: 'partial',
      failure: { status: 404, reason: 'not delivered to: bob' },
    });
    // A second failure REPORT (another recipient) keeps it partial, with the newer reason.
    server.sendReport(received[0]!, 404, { comment: 'not delivered to: carol' });
    await turns.settle();
    expect(chat.messages[0]).toMatchObject({
      state: 'partial',
      failure: { reason: 'not delivered to: carol' },
    });
    expect(events.map((e) => e.message.state)).not.toContain('failed');
  });

  it('marks a room message failed on a failure REPORT with no success REPORT before it', async () => {
    const { turns, server, chat, received } = setup({ autoSuccessReport: false });
    chat.send('anyone at all?');
    await turns.settle();
    expect(chat.messages[0]?.state).toBe('sent');
    server.sendReport(received[0]!, 404, { comment: 'not delivered' });
    await turns.settle();
    expect(chat.messages[0]).toMatchObject({ state: 'failed', failure: { status: 404 } });
  });

  it('maps each failure REPORT to a delivery state (deliveryAfterFailureReport)', () => {
    const room = (state: ChatMessage['state']) => ({ privateTo: undefined, state });
    const cases: [Pick<ChatMessage, 'privateTo' | 'state'>, number, ChatMessage['state']][] = [
      [room('delivered'), 404, 'partial'], // success REPORT, then a failure: some missed it
      [room('delivered'), 400, 'partial'],
      [room('delivered'), 408, 'failed'], // the switch's "no participant could be reached"
      [room('sent'), 404, 'failed'], // no success REPORT first
      [room('sending'), 404, 'failed'],
      [room('partial'), 408, 'partial'], // stays partial
      [{ privateTo: 'bob', state: 'delivered' }, 404, 'failed'], // one recipient
      [{ privateTo: 'bob', state: 'sent' }, 408, 'failed'],
    ];
    for (const [message, status, expected] of cases) {
      expect([message, status, deliveryAfterFailureReport(message, status)]).toEqual([
        message,
        status,
        expected,
      ]);
    }
  });

  it('marks a message the switch refuses as failed, with the status', async () => {
    const { turns, chat, refuseWith } = setup();
    refuseWith(403);
    chat.send('spam');
    await turns.settle();
    expect(chat.messages[0]).toMatchObject({ state: 'failed', failure: { status: 403 } });
  });

  it('receives messages from the switch with their sender, time and privacy, once each', async () => {
    const { turns, server, chat, events } = setup();
    const errors: unknown[] = [];
    chat.events.on('error', (e) => errors.push(e));
    server.on('error', (e) => errors.push(e));
    await turns.settle();
    const body = wrapCpim({
      from: { uri: 'im:bob@parley.invalid', name: 'Bob' },
      to: [{ uri: 'im:room-1@rooms.parley.invalid' }],
      dateTime: '2026-11-26T10:00:00.000Z',
      contentType: 'text/plain;charset=utf-8',
      body: '<script>alert(1)</script>',
    });
    server.send({ contentType: CPIM_CONTENT_TYPE, body, messageId: 'msg-0001' });
    await turns.settle();
    server.send({ contentType: CPIM_CONTENT_TYPE, body, messageId: 'msg-0001' }); // replayed history
    server.send({
      contentType: CPIM_CONTENT_TYPE,
      messageId: 'msg-0002',
      body: wrapCpim({
        from: { uri: 'im:carol@parley.invalid' },
        to: [{ uri: 'im:alice%20smith@parley.invalid' }],
        contentType: 'text/plain',
        body: 'psst',
      }),
    });
    await turns.settle();
    expect(errors).toEqual([]);
    const incoming = events.filter((e) => e.kind === 'message').map((e) => e.message);
    expect(incoming).toHaveLength(2);
    expect(incoming[0]).toMatchObject({
      messageId: 'msg-0001',
      direction: 'incoming',
      sender: { identity: 'bob', displayName: 'Bob' },
      privateTo: undefined,
      text: '<script>alert(1)</script>',
      sentAt: Date.parse('2026-11-26T10:00:00.000Z'),
      state: 'delivered',
    });
    expect(incoming[1]).toMatchObject({
      sender: { identity: 'carol', displayName: 'Carol C.' },
      privateTo: 'alice smith',
      text: 'psst',
    });
  });

  it('pages the history API back from the newest page, skipping what it already has', async () => {
    const urls: string[] = [];
    const page = (messages: ChatPage['messages'], nextCursor: number | null): ChatPage => ({
      messages,
      nextCursor,
    });
    const record = (id: number, messageId: string, sender: string) => ({
      id,
      messageId,
      senderIdentity: sender,
      senderName: sender.toUpperCase(),
      recipients: null,
      contentType: 'text/plain',
      text: `text ${id}`,
      size: 6,
      status: 'delivered' as const,
      deliveredTo: [],
      failedTo: [],
      createdAt: 1_000 * id,
    });
    const pages = [
      page([record(3, 'm-3', 'bob'), record(4, 'm-live', 'alice smith')], 3),
      page([record(1, 'msg-0001', 'bob'), record(2, 'msg-0002', 'carol')], null),
    ];
    const fetch: FetchLike = (url) => {
      urls.push(url);
      const body = pages.shift();
      return Promise.resolve({
        ok: true,
        status: 200,
        statusText: 'OK',
        json: () => Promise.resolve(body),
        text: () => Promise.resolve(JSON.stringify(body)),
      });
    };
    const { turns, server, chat } = setup({
      rest: new RestClient('http://parley.test', 'tok', fetch),
    });
    await turns.settle();
    server.send({
      contentType: CPIM_CONTENT_TYPE,
      messageId: 'm-live',
      body: wrapCpim({
        from: { uri: 'im:alice%20smith@parley.invalid' },
        to: [{ uri: 'im:room-1@rooms.parley.invalid' }],
        contentType: 'text/plain',
        body: 'text 4',
      }),
    });
    await turns.settle();

    expect(chat.hasEarlier).toBe(true);
    const first = await chat.loadEarlier();
    expect(first.map((m) => m.messageId)).toEqual(['m-3']);
    expect(first[0]).toMatchObject({ fromHistory: true, sender: { displayName: 'BOB' } });
    const second = await chat.loadEarlier();
    expect(second.map((m) => m.messageId)).toEqual(['msg-0001', 'msg-0002']);
    expect(chat.hasEarlier).toBe(false);
    expect(await chat.loadEarlier()).toEqual([]);
    expect(urls).toEqual([
      'http://parley.test/api/conferences/room-1/messages?limit=50',
      'http://parley.test/api/conferences/room-1/messages?before=3&limit=50',
    ]);
    expect(chat.messages.map((m) => m.messageId)).toEqual([
      'msg-0001',
      'msg-0002',
      'm-3',
      'm-live',
    ]);
  });

  it('refuses to send an empty message', () => {
    const { chat } = setup();
    expect(() => chat.send('   ')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
