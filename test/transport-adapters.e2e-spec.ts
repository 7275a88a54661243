import { afterEach, describe, expect, it } from '@jest/globals';
import wrtc from '@roamhq/wrtc';
import {
  ChannelWriter,
  MessageTooLargeError,
  RtcDataChannelAdapter,
  WebSocketAdapter,
  type MessageChannel,
} from '@parley/transport';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { pollUntil } from './support/poll-until.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    cleanup();
  }
});

function collect(channel: MessageChannel): unknown[] {
  const got: unknown[] = [];
  channel.on('message', (m) => got.push(m));
  return got;
}

describe('WebSocketAdapter over a real ws connection', () => {
  async function connectedPair(protocol: string) {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has(protocol) ? protocol : false),
    });
    cleanups.push(() => {
      server.close();
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const port = (server.address() as AddressInfo).port;
    const clientSocket = new WebSocket(`ws://127.0.0.1:${port}`, [protocol]);
    const client = new WebSocketAdapter(clientSocket, { maxMessageSize: 1024 });
    const serverSide = new WebSocketAdapter(await accepted);
    cleanups.push(() => {
      clientSocket.terminate();
    });
    await pollUntil(() => (client.state === 'open' ? true : undefined), { what: 'client open' });
    return { client, serverSide };
  }

  it('carries text and binary frames both ways with the negotiated subprotocol', async () => {
    const { client, serverSide } = await connectedPair('bfcp');
    expect(client.protocol).toBe('bfcp');
    expect(serverSide.protocol).toBe('bfcp');
    const atServer = collect(serverSide);
    const atClient = collect(client);
    client.send('MSRP a786hjs2 SEND\r\n');
    client.send(new Uint8Array([0x20, 0x0b, 0x00, 0x00]));
    serverSide.send(new Uint8Array([1, 2, 3]));
    await pollUntil(() => (atServer.length === 2 && atClient.length === 1 ? true : undefined), {
      what: 'messages',
    });
    expect(atServer).toEqual(['MSRP a786hjs2 SEND\r\n', new Uint8Array([0x20, 0x0b, 0x00, 0x00])]);
    expect(atClient).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('refuses messages above maxMessageSize and reports the close code', async () => {
    const { client, serverSide } = await connectedPair('msrp');
    expect(() => {
      client.send('x'.repeat(1025));
    }).toThrow(MessageTooLargeError);
    const closed = new Promise<{ code?: number; reason?: string }>((resolve) =>
      client.on('close', resolve),
    );
    serverSide.close(4001, 'bye');
    expect(await closed).toEqual({ code: 4001, reason: 'bye' });
    expect(client.state).toBe('closed');
  });

  it('signals drain so a ChannelWriter can pace a large transfer', async () => {
    const { client, serverSide } = await connectedPair('msrp');
    const got = collect(serverSide);
    const writer = new ChannelWriter(client, { highWaterMark: 4096, lowWaterMark: 1024 });
    const chunk = new Uint8Array(1000);
    for (let i = 0; i < 200; i++) {
      await writer.write(chunk);
    }
    await pollUntil(() => (got.length === 200 ? true : undefined), { what: '200 messages' });
    expect(client.bufferedAmount).toBe(0);
  });
});

describe('RtcDataChannelAdapter over real libwebrtc peers (@roamhq/wrtc)', () => {
  it('carries messages on an in-band and a negotiated channel with their properties', async () => {
    const a = new wrtc.RTCPeerConnection();
    const b = new wrtc.RTCPeerConnection();
    cleanups.push(() => {
      a.close();
      b.close();
    });
    a.onicecandidate = (e) => {
      if (e.candidate) {
        void b.addIceCandidate(e.candidate);
      }
    };
    b.onicecandidate = (e) => {
      if (e.candidate) {
        void a.addIceCandidate(e.candidate);
      }
    };
    const inband = new RtcDataChannelAdapter(a.createDataChannel('chat', { protocol: 'msrp' }), {
      maxMessageSize: 262144,
    });
    const negotiatedA = new RtcDataChannelAdapter(
      a.createDataChannel('rtt', {
        negotiated: true,
        id: 1,
        protocol: 't140',
      }),
    );
    const negotiatedB = new RtcDataChannelAdapter(
      b.createDataChannel('rtt', {
        negotiated: true,
        id: 1,
        protocol: 't140',
      }),
    );
    const remote = new Promise<RtcDataChannelAdapter>((resolve) => {
      b.ondatachannel = (e) => {
        resolve(new RtcDataChannelAdapter(e.channel));
      };
    });
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);

    const atB = await remote;
    const gotB = collect(atB);
    const gotNegotiated = collect(negotiatedB);
    await pollUntil(
      () => (inband.state === 'open' && negotiatedA.state === 'open' ? true : undefined),
      { what: 'channels open' },
    );
    expect(atB.protocol).toBe('msrp');
    expect(atB.label).toBe('chat');
    expect(negotiatedB.properties).toMatchObject({ negotiated: true, id: 1, ordered: true });
    inband.send('hello');
    inband.send(new Uint8Array([0xff, 0x00]));
    negotiatedA.send('\u{feff}h');
    await pollUntil(() => (gotB.length === 2 && gotNegotiated.length === 1 ? true : undefined), {
      what: 'messages',
    });
    expect(gotB).toEqual(['hello', new Uint8Array([0xff, 0x00])]);
    expect(gotNegotiated).toEqual(['\u{feff}h']);
  });
});
