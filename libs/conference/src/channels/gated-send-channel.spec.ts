import { describe, expect, it } from '@jest/globals';
import { createLoopbackPair, type ChannelMessage } from '@parley/transport';
import { GatedSendChannel } from './gated-send-channel.js';

/** A barrier the test opens by hand. */
function manualBarrier() {
  let open: () => void = () => undefined;
  let current = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    wait: () => current,
    open: () => {
      open();
    },
    close: () => {
      current = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
  };
}

const flushMacrotasks = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('GatedSendChannel', () => {
  it('sends nothing before the barrier resolves, then everything in order', async () => {
    const { a, b } = createLoopbackPair();
    const barrier = manualBarrier();
    const gated = new GatedSendChannel(a, barrier.wait);
    const received: ChannelMessage[] = [];
    b.on('message', (m) => received.push(m));

    gated.send('one');
    gated.send(new Uint8Array([2]));
    expect(gated.bufferedAmount).toBe(4);
    await flushMacrotasks();
    expect(received).toEqual([]);

    barrier.open();
    await flushMacrotasks();
    expect(received).toEqual(['one', new Uint8Array([2])]);
    expect(gated.bufferedAmount).toBe(0);
  });

  it('asks the barrier only after the synchronous work that sent has finished', async () => {
    const { a, b } = createLoopbackPair();
    let written = Promise.resolve();
    const log: string[] = [];
    const gated = new GatedSendChannel(a, () => written);
    b.on('message', (m) => log.push(`sent ${String(m)}`));
    // As the floor control server does: answer first, then emit the event that chains the write.
    gated.send('status');
    written = written.then(async () => {
      await flushMacrotasks();
      log.push('stored');
    });
    await flushMacrotasks();
    await flushMacrotasks();
    expect(log).toEqual(['stored', 'sent status']);
  });

  it('does not let a send made while waiting overtake the write chained after it', async () => {
    const { a, b } = createLoopbackPair();
    const log: string[] = [];
    let written = Promise.resolve();
    const store = (event: string, ms: number) => {
      written = written.then(async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`stored ${event}`);
      });
    };
    const gated = new GatedSendChannel(a, () => written);
    b.on('message', (m) => log.push(`sent ${String(m)}`));
    gated.send('R1');
    store('E1', 50);
    await new Promise((resolve) => setTimeout(resolve, 20)); // while E1 is being written
    gated.send('R2');
    store('E2', 30);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(log).toEqual(['stored E1', 'sent R1', 'stored E2', 'sent R2']);
  });

  it('checks state and size at send time, and drops what waits when the channel closes', async () => {
    const { a, b } = createLoopbackPair({ maxMessageSize: 8 });
    const barrier = manualBarrier();
    const gated = new GatedSendChannel(a, barrier.wait);
    const received: ChannelMessage[] = [];
    b.on('message', (m) => received.push(m));
    expect(() => {
      gated.send('far too long');
    }).toThrow(/8/);
    gated.send('queued');
    const closed = new Promise((resolve) => gated.on('close', resolve));
    a.close();
    await closed;
    barrier.open();
    await flushMacrotasks();
    expect(received).toEqual([]);
    expect(() => {
      gated.send('late');
    }).toThrow(/clos/);
  });

  it('passes incoming messages straight through', async () => {
    const { a, b } = createLoopbackPair();
    const gated = new GatedSendChannel(a, () => new Promise<void>(() => undefined));
    const got = new Promise((resolve) => gated.on('message', resolve));
    b.send('hi');
    await expect(got).resolves.toBe('hi');
  });
});
