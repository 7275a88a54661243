import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { migrations } from '@parley/migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { startTestPostgres } from '../../../../test/support/postgres.js';
import { buildDataSourceOptions, type DatabaseConfig } from '../database/database-options.js';
import { HistoryModule } from '../history.module.js';
import { CHAT_STORE, CONFERENCE_STORE, FLOOR_EVENT_STORE, RTT_STORE } from '../history.tokens.js';
import type {
  ChatStore,
  ConferenceStore,
  FloorEventStore,
  RttStore,
} from '../stores/history-stores.js';

/** A database with the real migrations, and how the driver words a unique-key violation. */
interface Driver {
  readonly name: string;
  open(): Promise<{ config: DatabaseConfig; close(): Promise<void> }>;
  readonly duplicateKey: RegExp;
}

const drivers: Driver[] = [
  {
    name: 'sqlite',
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-history-'));
      return Promise.resolve({
        config: { type: 'sqlite', path: join(dir, 'db.sqlite') },
        close: () => {
          rmSync(dir, { recursive: true, force: true });
          return Promise.resolve();
        },
      });
    },
    duplicateKey: /UNIQUE constraint failed/,
  },
  {
    name: 'postgres',
    open: async () => {
      const server = await startTestPostgres();
      return { config: { type: 'postgres', url: server.url }, close: () => server.stop() };
    },
    duplicateKey: /duplicate key value violates unique constraint/,
  },
];

describe.each(drivers)('history stores on $name with the real migrations', (driver) => {
  let close: (() => Promise<void>) | undefined;
  let module: TestingModule | undefined;
  let conferences: ConferenceStore;
  let chat: ChatStore;
  let rtt: RttStore;
  let floor: FloorEventStore;

  beforeAll(async () => {
    const database = await driver.open();
    close = () => database.close();
    module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(
          buildDataSourceOptions(database.config, { migrations, migrationsRun: true }),
        ),
        HistoryModule,
      ],
    }).compile();
    await module.init();
    conferences = module.get(CONFERENCE_STORE);
    chat = module.get(CHAT_STORE);
    rtt = module.get(RTT_STORE);
    floor = module.get(FLOOR_EVENT_STORE);
  }, 60_000);

  afterAll(async () => {
    await module?.close();
    await close?.();
  });

  it('records conferences and participants, once per identity', async () => {
    await conferences.recordJoin({
      room: 'r1',
      identity: 'alice',
      displayName: 'Alice',
      roles: ['chair'],
      at: 1000,
    });
    await conferences.recordJoin({
      room: 'r1',
      identity: 'bob',
      displayName: 'Bob',
      roles: [],
      at: 2000,
    });
    await conferences.recordJoin({
      room: 'r1',
      identity: 'alice',
      displayName: 'Alice B.',
      roles: ['chair'],
      at: 3000,
    });
    await conferences.recordJoin({
      room: 'r2',
      identity: 'bob',
      displayName: 'Bob',
      roles: [],
      at: 4000,
    });
    await conferences.recordLeave('r1', 'bob', 5000);
    expect(await conferences.findConference('r1')).toEqual({
      room: 'r1',
      createdAt: 1000,
      lastActivityAt: 5000,
    });
    const participants = await conferences.listParticipants('r1');
    expect(
      participants.map((p) => [
        p.identity,
        p.displayName,
        p.firstJoinedAt,
        p.lastJoinedAt,
        p.leftAt,
      ]),
    ).toEqual([
      ['alice', 'Alice B.', 1000, 3000, null],
      ['bob', 'Bob', 2000, 2000, 5000],
    ]);
    expect((await conferences.listConferences({ identity: 'alice' })).map((c) => c.room)).toEqual([
      'r1',
    ]);
    expect((await conferences.listConferences()).map((c) => c.room)).toEqual(['r1', 'r2']);
    expect(await conferences.isParticipant('r2', 'alice')).toBe(false);
  });

  it('stores chat messages byte for byte and pages them with private messages filtered', async () => {
    const body = (text: string) => new TextEncoder().encode(text);
    for (let i = 0; i < 5; i++) {
      await chat.saveMessage({
        room: 'chat',
        messageId: `m${i}`,
        senderIdentity: 'alice',
        senderName: 'Alice',
        recipients: null,
        contentType: 'text/plain',
        body: body(`hello ${i}`),
        createdAt: 100 + i,
      });
    }
    await chat.saveMessage({
      room: 'chat',
      messageId: 'p1',
      senderIdentity: 'alice',
      senderName: 'Alice',
      recipients: ['bob'],
      contentType: 'text/plain',
      body: new Uint8Array([0, 255, 1]),
      createdAt: 200,
    });
    await chat.recordDelivery('chat', 'p1', {
      deliveredTo: ['bob'],
      failedTo: [],
      status: 'delivered',
    });

    const forCarol = await chat.pageMessages('chat', { visibleTo: 'carol', limit: 10 });
    expect(forCarol.messages.map((m) => m.messageId)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const forBob = await chat.pageMessages('chat', { visibleTo: 'bob', limit: 3 });
    expect(forBob.messages.map((m) => m.messageId)).toEqual(['m3', 'm4', 'p1']);
    expect(forBob.messages[2]).toMatchObject({
      body: new Uint8Array([0, 255, 1]),
      size: 3,
      status: 'delivered',
      deliveredTo: ['bob'],
      recipients: ['bob'],
    });
    const older = await chat.pageMessages('chat', {
      visibleTo: 'bob',
      limit: 3,
      before: forBob.nextCursor!,
    });
    expect(older.messages.map((m) => m.messageId)).toEqual(['m0', 'm1', 'm2']);
    expect(older.nextCursor).toBeNull();
  });

  it('shows a private message to its sender and each whole recipient identity only', async () => {
    const send = (messageId: string, senderIdentity: string, recipients: string[] | null) =>
      chat.saveMessage({
        room: 'private',
        messageId,
        senderIdentity,
        senderName: senderIdentity,
        recipients,
        contentType: 'text/plain',
        body: new Uint8Array([1]),
        createdAt: 1,
      });
    await send('all', 'alice', null);
    await send('to-bob-and-quote', 'alice', ['bob', 'o"neil']);
    await send('to-carol', 'dave', ['carol']);
    const visible = async (identity: string) =>
      (await chat.pageMessages('private', { visibleTo: identity, limit: 10 })).messages.map(
        (m) => m.messageId,
      );
    expect(await visible('bob')).toEqual(['all', 'to-bob-and-quote']);
    expect(await visible('o"neil')).toEqual(['all', 'to-bob-and-quote']);
    expect(await visible('bo')).toEqual(['all']);
    expect(await visible('["bob"]')).toEqual(['all']);
    expect(await visible('alice')).toEqual(['all', 'to-bob-and-quote']);
    expect(await visible('dave')).toEqual(['all', 'to-carol']);
    expect(await visible('carol')).toEqual(['all', 'to-carol']);
    expect(
      (await chat.pageMessages('private', { limit: 10 })).messages.map((m) => m.messageId),
    ).toEqual(['all', 'to-bob-and-quote', 'to-carol']);
  });

  it('takes writes from many participants at once (writes are serialised: sqlite has one connection)', async () => {
    const body = new TextEncoder().encode('at once');
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        Promise.all([
          chat.saveMessage({
            room: 'burst',
            messageId: `b${String(i)}x`,
            senderIdentity: `p${String(i)}`,
            senderName: 'P',
            recipients: null,
            contentType: 'text/plain',
            body,
            createdAt: i,
          }),
          conferences.recordJoin({
            room: 'burst',
            identity: `p${String(i)}`,
            displayName: 'P',
            roles: [],
            at: i,
          }),
          floor.record({
            room: 'burst',
            floorId: 1,
            floorRequestId: i,
            kind: 'requested',
            participantIdentity: `p${String(i)}`,
            actorIdentity: null,
            queuePosition: null,
            detail: null,
            at: i,
          }),
        ]),
      ),
    );
    expect((await chat.pageMessages('burst', { limit: 100 })).messages).toHaveLength(30);
    expect(await conferences.listParticipants('burst')).toHaveLength(30);
  });

  it('refuses a second message with the same Message-ID in a room', async () => {
    const message = {
      room: 'dup',
      messageId: 'same',
      senderIdentity: 'a',
      senderName: 'A',
      recipients: null,
      contentType: 'text/plain',
      body: new Uint8Array([1]),
      createdAt: 1,
    };
    await chat.saveMessage(message);
    await expect(chat.saveMessage(message)).rejects.toThrow(driver.duplicateKey);
  });

  it('keeps RTT lines updatable and changes in order, and continues line numbers', async () => {
    await rtt.saveLine({
      room: 'rtt',
      sourceIdentity: 'alice',
      sourceName: 'Alice',
      lineNumber: 0,
      text: 'hel',
      startedAt: 10,
      completedAt: null,
    });
    await rtt.saveLine({
      room: 'rtt',
      sourceIdentity: 'alice',
      sourceName: 'Alice',
      lineNumber: 0,
      text: 'hello',
      startedAt: 10,
      completedAt: 50,
    });
    await rtt.saveLine({
      room: 'rtt',
      sourceIdentity: 'bob',
      sourceName: 'Bob',
      lineNumber: 0,
      text: 'hi',
      startedAt: 20,
      completedAt: null,
    });
    await rtt.appendChanges([
      { room: 'rtt', sourceIdentity: 'alice', at: 10, kind: 'append', text: 'hel', count: 0 },
      { room: 'rtt', sourceIdentity: 'alice', at: 30, kind: 'append', text: 'lo', count: 0 },
      { room: 'rtt', sourceIdentity: 'alice', at: 50, kind: 'newline', text: '', count: 0 },
    ]);
    expect(
      (await rtt.transcript('rtt')).map((l) => [l.sourceIdentity, l.text, l.completedAt]),
    ).toEqual([
      ['alice', 'hello', 50],
      ['bob', 'hi', null],
    ]);
    expect((await rtt.changes('rtt', { since: 30 })).map((c) => c.kind)).toEqual([
      'append',
      'newline',
    ]);
    const firstPage = await rtt.changes('rtt', { limit: 2 });
    expect(firstPage.map((c) => c.text)).toEqual(['hel', 'lo']);
    const cursor = firstPage.at(-1)?.id;
    expect(
      (await rtt.changes('rtt', { after: cursor, limit: 2 })).map((c) => [c.kind, c.text]),
    ).toEqual([['newline', '']]);
    expect(await rtt.nextLineNumber('rtt', 'alice')).toBe(1);
    expect(await rtt.nextLineNumber('rtt', 'zoe')).toBe(0);
  });

  it('lists floor events in order after a cursor', async () => {
    for (const kind of ['pending', 'granted', 'released']) {
      await floor.record({
        room: 'f',
        floorId: 1,
        floorRequestId: 7,
        kind,
        participantIdentity: 'bob',
        actorIdentity: null,
        queuePosition: null,
        detail: null,
        at: 1,
      });
    }
    const all = await floor.events('f');
    expect(all.map((e) => e.kind)).toEqual(['pending', 'granted', 'released']);
    expect((await floor.events('f', { after: all[0]!.id })).map((e) => e.kind)).toEqual([
      'granted',
      'released',
    ]);
  });
});
