import { describe, expect, it } from '@jest/globals';
import { ChannelWriter } from '../channel/channel-writer.js';
import { ChannelClosedError, InvalidStateError, MessageTooLargeError } from '../errors.js';
import { createLoopbackPair } from './loopback-channel.js';
import { ManualScheduler } from './manual-scheduler.js';

describe('loopback pair', () => {
  it('delivers copies of text and binary messages in order, asynchronously', () => {
    const s = new ManualScheduler();
    const { a, b } = createLoopbackPair({ protocol: 'msrp', schedule: s.schedule });
    const received: unknown[] = [];
    b.on('message', (m) => received.push(m));
    const bytes = new Uint8Array([1, 2, 3]);
    a.send('hello');
    a.send(bytes);
    bytes[0] = 9;
    expect(received).toEqual([]);
    expect(a.bufferedAmount).toBe(8);
    s.run();
    expect(received).toEqual(['hello', new Uint8Array([1, 2, 3])]);
    expect(a.bufferedAmount).toBe(0);
    expect(b.protocol).toBe('msrp');
  });

  it('counts text in UTF-8 bytes and refuses messages above maxMessageSize', () => {
    const { a } = createLoopbackPair({ maxMessageSize: 4, schedule: () => undefined });
    a.send('é€'.slice(0, 1)); // 2 bytes
    expect(a.bufferedAmount).toBe(2);
    expect(() => {
      a.send('€€');
    }).toThrow(MessageTooLargeError); // 6 bytes
    expect(() => {
      a.send(new Uint8Array(5));
    }).toThrow(MessageTooLargeError);
  });

  it('refuses to send before open and after close', () => {
    const s = new ManualScheduler();
    const pair = createLoopbackPair({ autoOpen: false, schedule: s.schedule });
    expect(() => {
      pair.a.send('x');
    }).toThrow(InvalidStateError);
    pair.open();
    pair.a.send('last');
    pair.a.close();
    expect(() => {
      pair.a.send('x');
    }).toThrow(InvalidStateError);
    const got: unknown[] = [];
    let closed = 0;
    pair.b.on('message', (m) => got.push(m));
    pair.b.on('close', () => closed++);
    pair.a.on('close', () => closed++);
    s.run();
    expect(got).toEqual(['last']);
    expect(closed).toBe(2);
    expect(pair.b.state).toBe('closed');
  });

  it('moves only bytesPerTurn per turn and signals bufferedamountlow', () => {
    const s = new ManualScheduler();
    const { a, b } = createLoopbackPair({ bytesPerTurn: 10, schedule: s.schedule });
    a.bufferedAmountLowThreshold = 10;
    let lows = 0;
    a.on('bufferedamountlow', () => lows++);
    const got: string[] = [];
    b.on('message', (m) => got.push(m as string));
    for (let i = 0; i < 5; i++) {
      a.send('0123456789');
    }
    expect(a.bufferedAmount).toBe(50);
    s.run(1);
    expect(got).toHaveLength(1);
    expect(lows).toBe(0);
    s.run(3);
    expect(a.bufferedAmount).toBe(10);
    expect(lows).toBe(1);
    s.run();
    expect(got).toHaveLength(5);
  });
});

describe('ChannelWriter', () => {
  it('waits while the channel is above the high-water mark and keeps order', async () => {
    const s = new ManualScheduler();
    const { a, b } = createLoopbackPair({ bytesPerTurn: 4, schedule: s.schedule });
    const writer = new ChannelWriter(a, { highWaterMark: 8, lowWaterMark: 4 });
    const got: string[] = [];
    b.on('message', (m) => got.push(m as string));
    const done: number[] = [];
    const writes = [0, 1, 2, 3, 4].map((i) => writer.write(`m${i}xx`).then(() => done.push(i)));
    await Promise.resolve();
    expect(a.bufferedAmount).toBe(8); // two messages handed over, three waiting
    expect(writer.queued).toBe(3);
    expect(writer.writable).toBe(false);
    s.run();
    await Promise.all(writes);
    s.run();
    expect(done).toEqual([0, 1, 2, 3, 4]);
    expect(got).toEqual(['m0xx', 'm1xx', 'm2xx', 'm3xx', 'm4xx']);
  });

  it('rejects waiting writes when the channel closes', async () => {
    const s = new ManualScheduler();
    const { a } = createLoopbackPair({ bytesPerTurn: 1, schedule: s.schedule });
    const writer = new ChannelWriter(a, { highWaterMark: 2, lowWaterMark: 1 });
    await writer.write('ab');
    const waiting = writer.write('cd');
    a.close();
    s.run();
    await expect(waiting).rejects.toBeInstanceOf(ChannelClosedError);
    await expect(writer.write('ef')).rejects.toBeInstanceOf(ChannelClosedError);
  });
});
