import { describe, expect, it } from '@jest/globals';
import {
  createLoopbackPair,
  ManualClock,
  ManualScheduler,
  type ChannelMessage,
} from '@parley/transport';
import { T140Error } from '../errors.js';
import { T140Relay } from '../sender/t140-relay.js';
import { T140Channel } from './t140-channel.js';

function pair(options: Parameters<typeof createLoopbackPair>[0] = {}) {
  const net = new ManualScheduler();
  const clock = new ManualClock(0);
  const loop = createLoopbackPair({
    protocol: 't140',
    label: 'rtt',
    schedule: net.schedule,
    ...options,
  });
  const wireB: ChannelMessage[] = [];
  loop.b.on('message', (m) => wireB.push(m));
  return { net, clock, loop, wireB };
}

describe('T140Channel: channel rules (RFC 8865 §3)', () => {
  it('refuses channels that are not reliable and ordered', () => {
    for (const properties of [
      { ordered: false },
      { maxRetransmits: 0 },
      { maxPacketLifeTime: 100 },
    ]) {
      const { loop } = pair({ properties });
      expect(() => new T140Channel(loop.a)).toThrow(T140Error);
      expect(() => new T140Channel(loop.a)).toThrow(
        expect.objectContaining({ code: 'UNRELIABLE_CHANNEL' }),
      );
    }
  });

  it('refuses a channel whose subprotocol is not t140', () => {
    const { loop } = pair({ protocol: 'msrp' });
    expect(() => new T140Channel(loop.a)).toThrow(
      expect.objectContaining({ code: 'WRONG_SUBPROTOCOL' }),
    );
  });
});

describe('T140Channel: BOM, interval and text both ways', () => {
  it('sends the BOM first, exactly once, as soon as the channel opens', () => {
    const { net, clock, loop, wireB } = pair({ autoOpen: false });
    const a = new T140Channel(loop.a, { clock });
    a.sender.insert('hi');
    clock.advance(1000);
    expect(wireB).toEqual([]);
    loop.open();
    net.run();
    expect(wireB).toEqual(['\uFEFF']);
    clock.advance(299);
    net.run();
    expect(wireB).toEqual(['\uFEFF']);
    clock.advance(1);
    net.run();
    expect(wireB).toEqual(['\uFEFF', 'hi']);
    a.sender.insert('!');
    clock.advance(300);
    net.run();
    expect(wireB).toEqual(['\uFEFF', 'hi', '!']);
    expect(wireB.filter((m) => m === '\uFEFF')).toHaveLength(1);
  });

  it('sends the BOM at once when bound to a channel already open', () => {
    const { net, clock, loop, wireB } = pair();
    new T140Channel(loop.a, { clock });
    net.run();
    expect(wireB).toEqual(['\uFEFF']);
  });

  it('a re-established channel gets its own BOM, resends nothing, and marks possible loss', () => {
    const first = pair();
    const a1 = new T140Channel(first.loop.a, { clock: first.clock });
    const b1 = new T140Channel(first.loop.b, { clock: first.clock });
    a1.sender.insert('hello');
    first.clock.advance(300);
    first.net.run();
    expect(b1.receiver.text).toBe('hello');
    first.loop.a.close();
    first.net.run();

    const second = { ...pair(), clock: first.clock };
    const a2 = new T140Channel(second.loop.a, { clock: second.clock, sender: a1.sender });
    const b2 = new T140Channel(second.loop.b, {
      clock: second.clock,
      receiver: b1.receiver,
      resumed: true,
    });
    a2.sender.insert(' again');
    second.clock.advance(300);
    second.net.run();
    expect(second.wireB).toEqual(['\uFEFF', ' again']);
    expect(b2.receiver.text).toBe('hello\uFFFD again');
  });

  it('carries text and erasures end to end over the loopback pair', () => {
    const { net, clock, loop } = pair();
    const a = new T140Channel(loop.a, { clock });
    const b = new T140Channel(loop.b, { clock });
    const seen: string[] = [];
    b.receiver.on('change', (c) => seen.push(c.kind));
    a.sender.setText('Hi Bob');
    clock.advance(300);
    net.run();
    a.sender.setText('Hi Bo');
    a.sender.newline();
    clock.advance(300);
    net.run();
    expect(b.receiver.text).toBe('Hi Bo\n');
    expect(seen).toEqual(['append', 'erase', 'newline']);
  });

  it('splits sends to the channel maxMessageSize', () => {
    const { net, clock, loop, wireB } = pair({ maxMessageSize: 4 });
    const a = new T140Channel(loop.a, { clock, senderOptions: { cps: 100 } });
    a.sender.insert('abcdefgh');
    clock.advance(300);
    net.run();
    expect(wireB.slice(1)).toEqual(['abcd', 'efgh']);
  });

  it('does not send while the negotiated direction forbids it, and catches up when allowed', () => {
    const { net, clock, loop, wireB } = pair();
    const a = new T140Channel(loop.a, { clock, direction: 'recvonly' });
    a.sender.insert('wait');
    clock.advance(1000);
    net.run();
    expect(wireB).toEqual(['\uFEFF']);
    a.setDirection('sendrecv');
    clock.advance(300);
    net.run();
    expect(wireB).toEqual(['\uFEFF', 'wait']);
  });

  it('ends the receiver and stops sending when the channel closes', () => {
    const { net, clock, loop } = pair();
    const a = new T140Channel(loop.a, { clock });
    const b = new T140Channel(loop.b, { clock });
    let closed = 0;
    b.on('close', () => closed++);
    loop.a.send(new Uint8Array([0x61, 0xe2]));
    net.run();
    a.close();
    net.run();
    expect(closed).toBe(1);
    expect(b.receiver.text).toBe('a\uFFFD');
    a.sender.insert('late');
    clock.advance(1000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('relays a source through a T140Relay sender', () => {
    const { net, clock, loop } = pair();
    const relay = new T140Relay({ clock });
    const a = new T140Channel(loop.a, { clock, sender: relay });
    const b = new T140Channel(loop.b, { clock });
    a.sender.write('x\u009b1my\r\nz\bw');
    clock.advance(300);
    net.run();
    expect(b.receiver.text).toBe('xy\nw');
    expect(b.receiver.style).toEqual({ bold: true });
  });
});
