import { createLoopbackPair } from '@parley/transport';
import { CPIM_CONTENT_TYPE, MsrpSession, unwrapCpim, wrapCpim } from '@parley/msrp';

export async function example(): Promise<string> {
  // Two ends of an in-memory data channel; in an app, an RTCDataChannel or WebSocket adapter.
  const { a, b } = createLoopbackPair({ protocol: 'msrp', maxMessageSize: 16384 });
  const alicePath = 'msrps://alice.example.com:54111/si438dsaodes;dc'; // our a=dcsa path
  const bobPath = 'msrps://bob.example.com:51444/di551fsaodes;dc'; // the peer's
  const alice = new MsrpSession({ channel: a, localPath: alicePath, remotePath: bobPath });
  const bob = new MsrpSession({
    channel: b,
    localPath: bobPath,
    remotePath: alicePath,
    acceptTypes: ['message/cpim', 'text/plain'],
  });

  const received = new Promise<string>((resolve) => {
    bob.on('message', (message) => {
      const cpim = unwrapCpim(message.body);
      resolve(`${cpim.from?.uri ?? '?'}: ${new TextDecoder().decode(cpim.body)}`);
    });
  });
  const outgoing = alice.send({
    contentType: CPIM_CONTENT_TYPE,
    body: wrapCpim({
      from: { uri: 'sip:alice@example.com' },
      to: [{ uri: 'sip:bob@example.com' }],
      contentType: 'text/plain',
      body: 'Hello Bob!',
    }),
    successReport: true,
  });
  await outgoing.done; // 200 received, and Bob's success REPORT covers every octet
  const text = await received; // "sip:alice@example.com: Hello Bob!"
  alice.close();
  return text;
}
