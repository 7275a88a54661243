import { describe, expect, it } from '@jest/globals';
import { createLoopbackPair, ManualClock, ManualScheduler } from '@parley/transport';
import { settle } from '../__fixtures__/session-harness.js';
import { CPIM_CONTENT_TYPE, unwrapCpim, wrapCpim } from '../content/cpim.js';
import { MsrpSession } from './msrp-session.js';
import type { ReceivedMessage } from './session-types.js';

/** An RFC 7701 switch in miniature, built only from the public session API. */
describe('an MSRP switch relaying between sessions (RFC 7701 §6)', () => {
  it('stores before answering, relays under the same Message-ID, and reports delivery itself', async () => {
    const network = new ManualScheduler();
    const schedule = network.schedule;
    const clock = new ManualClock();
    const link = (name: string) => createLoopbackPair({ protocol: 'msrp', label: name, schedule });
    const [alice, carol, dave] = [link('alice'), link('carol'), link('dave')];
    const uri = (who: string) => `msrps://${who}.example.com:2855/${who}Session01;dc`;
    const sw = (who: string) => `msrps://chat.example.com:2855/sw${who}Session;dc`;

    const stored: string[] = [];
    const relayed = new Map<string, ReceivedMessage>();
    const switchToAlice = new MsrpSession({
      channel: alice.b,
      localPath: sw('alice'),
      remotePath: uri('alice'),
      clock,
      acceptTypes: [CPIM_CONTENT_TYPE], // 7701 §6.3: anything but message/cpim gets 415
      autoSuccessReport: false,
      hooks: {
        acceptSend: async ({ message, complete }) => {
          if (complete && message) {
            await Promise.resolve(); // the database write
            stored.push(message.messageId);
          }
          return 200;
        },
      },
    });
    const switchToCarol = new MsrpSession({
      channel: carol.a,
      localPath: sw('carol'),
      remotePath: uri('carol'),
      clock,
    });
    const switchToDave = new MsrpSession({
      channel: dave.a,
      localPath: sw('dave'),
      remotePath: uri('dave'),
      clock,
    });
    switchToAlice.on('message', (message) => {
      relayed.set(message.messageId, message);
      const copies = [switchToCarol, switchToDave]
        .filter((session) => !session.closed)
        .map(
          (session) =>
            session.send({
              contentType: message.contentType,
              body: message.body,
              messageId: message.messageId,
            }).done,
        );
      void Promise.allSettled(copies).then((results) => {
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        const status = failed ? ((failed.reason as { status?: number }).status ?? 403) : 200;
        switchToAlice.sendReport(message, status);
      });
    });

    const aliceSession = new MsrpSession({
      channel: alice.a,
      localPath: uri('alice'),
      remotePath: sw('alice'),
      clock,
    });
    const carolSession = new MsrpSession({
      channel: carol.b,
      localPath: uri('carol'),
      remotePath: sw('carol'),
      clock,
    });
    const daveSession = new MsrpSession({
      channel: dave.b,
      localPath: uri('dave'),
      remotePath: sw('dave'),
      clock,
      acceptTypes: ['text/plain'],
    });
    const atCarol: ReceivedMessage[] = [];
    carolSession.on('message', (m) => atCarol.push(m));

    const cpim = (text: string) =>
      wrapCpim({
        from: { uri: 'sip:alice@example.com' },
        to: [{ uri: 'sip:chatroom22@chat.example.com' }],
        contentType: 'text/plain',
        body: text,
      });
    const hello = aliceSession.send({
      contentType: CPIM_CONTENT_TYPE,
      body: cpim('Hello guys'),
      successReport: true,
    });
    const plain = aliceSession.send({ contentType: 'text/plain', body: 'not wrapped' });
    await settle(network);

    // Dave refuses message/cpim (415): the switch's own REPORT tells Alice.
    await expect(hello.acknowledged).resolves.toBeUndefined();
    await expect(hello.done).rejects.toMatchObject({ code: 'FAILURE_REPORT', status: 415 });
    await expect(plain.done).rejects.toMatchObject({ code: 'REQUEST_FAILED', status: 415 });
    expect(stored).toEqual([hello.messageId]);
    expect(atCarol.map((m) => m.messageId)).toEqual([hello.messageId]);
    expect(new TextDecoder().decode(unwrapCpim(atCarol[0]!.body).body)).toBe('Hello guys');
    expect(daveSession.closed).toBe(false);

    // With Dave gone, the next message is delivered everywhere: a success REPORT.
    daveSession.close();
    await settle(network);
    const second = aliceSession.send({
      contentType: CPIM_CONTENT_TYPE,
      body: cpim('Bye'),
      successReport: true,
    });
    await settle(network);
    await expect(second.done).resolves.toMatchObject({
      reports: [expect.objectContaining({ status: 200 })],
    });
    expect(atCarol).toHaveLength(2);
    expect(relayed.size).toBe(2);
  });
});
