import { ChannelWriter, createLoopbackPair } from '@parley/transport';

/** An engine sees only a MessageChannel: here the in-memory pair, in Parley a data channel or a WebSocket. */
export async function example(): Promise<string[]> {
  const { a, b } = createLoopbackPair({ protocol: 'msrp', maxMessageSize: 16_384 });
  const received: string[] = [];
  const all = new Promise<void>((resolve) => {
    b.on('message', (message) => {
      received.push(typeof message === 'string' ? message : `${String(message.byteLength)} bytes`);
      if (received.length === 11) {
        resolve();
      }
    });
  });

  // Back-pressure: each write waits while the channel holds 64 KiB or more.
  const writer = new ChannelWriter(a, { highWaterMark: 65_536, lowWaterMark: 16_384 });
  await writer.write('hello');
  for (let i = 0; i < 10; i++) {
    await writer.write(new Uint8Array(16_384));
  }
  await all;
  return received;
}
