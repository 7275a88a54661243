import { afterEach, describe, expect, it } from '@jest/globals';
import { T140Channel, T140Receiver, type T140Change } from '@parley/t140';
import { ManualClock } from '@parley/transport';
import { FakeTextField, Turns } from '../__fixtures__/turns.js';
import { RealTimeText } from './real-time-text.js';
import { MIXED_SOURCE, type RemoteText } from './remote-text.js';

const closers: { close(): void }[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) {
    c.close();
  }
});

/** Our RealTimeText on one end of a t140 channel; the "server" reads the other end. */
function setup(mode: 'per-source' | 'mixed' = 'per-source') {
  const turns = new Turns();
  const clock = new ManualClock();
  const { a, b } = turns.pair({ protocol: 't140', label: 't140' });
  const rtt = new RealTimeText({ channel: a, cps: 30, clock, mode });
  const atServer = new T140Receiver({ clock });
  const wire: string[] = [];
  b.on('message', (m) => {
    wire.push(String(m));
    atServer.receive(m);
  });
  closers.push(rtt);
  /** One transmission interval, then delivery. */
  const tick = async () => {
    clock.advance(300);
    await turns.settle();
  };
  return { turns, clock, rtt, atServer, wire, serverEnd: b, tick };
}

describe('RealTimeText: our text field', () => {
  it('sends each edit of the field as T.140, erasure as BACKSPACE, Enter as a line end', async () => {
    const { rtt, atServer, wire, tick, turns } = setup();
    const field = new FakeTextField();
    const lines: string[] = [];
    rtt.bindTextField(field, { onLine: (line) => lines.push(line) });
    await turns.settle();
    expect(wire).toEqual(['\u{feff}']); // the BOM first (RFC 8865)

    const seen: string[] = [];
    for (const c of 'hello') {
      field.type(c);
      await tick();
      seen.push(atServer.display.currentLine.text);
    }
    expect(seen).toEqual(['h', 'he', 'hel', 'hell', 'hello']);
    field.backspace();
    await tick();
    expect(atServer.display.currentLine.text).toBe('hell');
    expect(wire[wire.length - 1]).toBe('\b');

    expect(field.key('Enter')).toBe(true); // default action (a line break in a textarea) prevented
    expect(field.value).toBe('');
    expect(lines).toEqual(['hell']);
    await tick();
    expect(atServer.display.lines.map((l) => l.text)).toEqual(['hell']);
    expect(wire[wire.length - 1]).toBe('\u2028');
  });

  it('sends a correction in the middle of the line as erasure back to it, then the new text', async () => {
    const { rtt, atServer, tick } = setup();
    const field = new FakeTextField();
    rtt.bindTextField(field);
    field.type('the cat');
    await tick();
    field.value = 'the hat';
    field.dispatchEvent(new Event('input'));
    await tick();
    expect(atServer.text).toBe('the hat');
  });

  it('ends each pasted line and keeps the last one in the field', async () => {
    const { rtt, atServer, tick } = setup();
    const field = new FakeTextField();
    const lines: string[] = [];
    rtt.bindTextField(field, { onLine: (line) => lines.push(line) });
    field.type('one\ntwo\r\nthr');
    await tick();
    await tick(); // 11 characters: more than one interval's worth at 30 cps
    expect(field.value).toBe('thr');
    expect(lines).toEqual(['one', 'two']);
    expect(atServer.display.lines.map((l) => l.text)).toEqual(['one', 'two']);
    expect(atServer.display.currentLine.text).toBe('thr');
  });

  it('leaves Shift+Enter and IME compositions alone until committed', async () => {
    const { rtt, atServer, tick } = setup();
    const field = new FakeTextField();
    rtt.bindTextField(field);
    expect(field.key('Enter', { shiftKey: true })).toBe(false);
    field.value = 'にほ';
    field.dispatchEvent(Object.assign(new Event('input'), { isComposing: true }));
    await tick();
    expect(atServer.text).toBe('');
    field.value = '日本';
    field.dispatchEvent(new Event('compositionend'));
    await tick();
    expect(atServer.text).toBe('日本');
  });
});

describe('RealTimeText: the others', () => {
  it('keeps one display per remote participant from its per-source channel', async () => {
    const { rtt, turns, clock } = setup();
    const added: RemoteText[] = [];
    const changes: [string, T140Change['kind']][] = [];
    rtt.events.on('remote', (r) => added.push(r));
    rtt.events.on('change', ({ remote, change }) =>
      changes.push([remote.participantId, change.kind]),
    );

    const bobPair = turns.pair({ protocol: 't140', label: 'rtt:p-bob' });
    const carolPair = turns.pair({ protocol: 't140', label: 'rtt:p-carol' });
    rtt.attachRemote('p-bob', bobPair.a);
    rtt.attachRemote('p-carol', carolPair.a);
    const bob = new T140Channel(bobPair.b, { clock });
    const carol = new T140Channel(carolPair.b, { clock });
    closers.push(bob, carol);
    bob.sender.insert('hi 👋🏽');
    carol.sender.insert('yo');
    clock.advance(300);
    await turns.settle();
    bob.sender.erase(1);
    bob.sender.newline();
    clock.advance(300);
    await turns.settle();

    expect(added.map((r) => r.participantId)).toEqual(['p-bob', 'p-carol']);
    expect(rtt.remote('p-bob')?.lines).toEqual(['hi ']);
    expect(rtt.remote('p-bob')?.currentLine).toBe('');
    expect(rtt.remote('p-carol')?.currentLine).toBe('yo');
    expect(changes).toEqual([
      ['p-bob', 'append'],
      ['p-carol', 'append'],
      ['p-bob', 'erase'],
      ['p-bob', 'newline'],
    ]);
  });

  it('keeps a participant display across a replaced channel, and reports the close', async () => {
    const { rtt, turns } = setup();
    const closed: string[] = [];
    rtt.events.on('closed', (r) => closed.push(r.participantId));
    const first = turns.pair({ protocol: 't140', label: 'rtt:p-bob' });
    rtt.attachRemote('p-bob', first.a);
    first.b.send('\u{feff}abc');
    await turns.settle();
    first.b.close();
    await turns.settle();
    expect(closed).toEqual(['p-bob']);
    const second = turns.pair({ protocol: 't140', label: 'rtt:p-bob' });
    rtt.attachRemote('p-bob', second.a);
    second.b.send('\u{feff}\u{fffd}d');
    await turns.settle();
    expect(rtt.remote('p-bob')?.currentLine).toBe('abc\u{fffd}d');
    expect(rtt.remotes.size).toBe(1);
  });

  it('shows the mixed presentation of the WebSocket fallback as one display', async () => {
    const { rtt, serverEnd, turns } = setup('mixed');
    expect([...rtt.remotes.keys()]).toEqual([MIXED_SOURCE]);
    serverEnd.send('\u{feff}[Bob]: hello\u2028[Carol]: hi');
    await turns.settle();
    expect(rtt.remote(MIXED_SOURCE)?.lines).toEqual(['[Bob]: hello']);
    expect(rtt.remote(MIXED_SOURCE)?.currentLine).toBe('[Carol]: hi');
  });
});
