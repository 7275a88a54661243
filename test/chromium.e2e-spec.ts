import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeMessage, Primitive } from '@parley/bfcp';
import { launchChromium, type Browser } from './support/browser.js';
import { pollUntil } from './support/poll-until.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Headless Chromium (Debian's, driven by playwright-core) opens the msrp, t140 and bfcp channels to
 * the server as a browser client would, in-band, and talks to the server's engines in raw protocol.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

interface PageResult {
  readonly opened: Record<string, string>;
  readonly msrpResponse: string;
  readonly bfcpResponse: number[];
  readonly connectMs: number;
}

describe('headless Chromium as a WebRTC client of the server', () => {
  it('opens the three channels; MSRP SEND gets 200, BFCP Hello gets HelloAck, T.140 reaches the transcript', async () => {
    const token = await server.token({
      identity: 'browser',
      room: 'chromium',
      displayName: 'Chromium',
    });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/health`);
    const result = await page.evaluate(
      async ({ wsUrl, token }): Promise<PageResult> => {
        const ws = new WebSocket(`${wsUrl}/signaling`);
        const pc = new RTCPeerConnection();
        const next = (type: string) =>
          new Promise<Record<string, unknown>>((resolve) => {
            const listener = (event: MessageEvent<string>) => {
              const message = JSON.parse(event.data) as Record<string, unknown>;
              if (message['type'] === type) {
                ws.removeEventListener('message', listener);
                resolve(message);
              }
            };
            ws.addEventListener('message', listener);
          });
        ws.addEventListener('message', (event: MessageEvent<string>) => {
          const message = JSON.parse(event.data) as {
            type: string;
            candidate?: string;
            sdpMid?: string;
          };
          if (message.type === 'candidate' && pc.remoteDescription) {
            void pc.addIceCandidate({
              candidate: message.candidate ?? '',
              sdpMid: message.sdpMid ?? '0',
            });
          }
        });
        pc.onicecandidate = ({ candidate }) => {
          if (candidate) {
            ws.send(
              JSON.stringify({
                type: 'candidate',
                candidate: candidate.candidate,
                sdpMid: candidate.sdpMid,
              }),
            );
          }
        };
        await new Promise((resolve) => {
          ws.addEventListener('open', resolve, { once: true });
        });
        ws.send(JSON.stringify({ type: 'authenticate', token }));
        await next('authenticated');
        ws.send(JSON.stringify({ type: 'join', room: 'chromium' }));
        const joined = await next('joined');
        const services = joined['services'] as {
          msrp: { path: string };
          bfcp: { conferenceId: number; userId: number };
        };
        const started = performance.now();
        const channels = ['msrp', 't140', 'bfcp'].map((protocol) =>
          pc.createDataChannel(protocol, { protocol }),
        );
        for (const channel of channels) {
          channel.binaryType = 'arraybuffer';
        }
        await pc.setLocalDescription(await pc.createOffer());
        ws.send(JSON.stringify({ type: 'offer', sdp: pc.localDescription?.sdp }));
        const answer = await next('answer');
        await pc.setRemoteDescription({ type: 'answer', sdp: answer['sdp'] as string });
        await Promise.all(
          channels.map(
            (c) =>
              new Promise((resolve) => {
                c.addEventListener('open', resolve, { once: true });
              }),
          ),
        );
        const connectMs = performance.now() - started;
        const [msrp, t140, bfcp] = channels as [RTCDataChannel, RTCDataChannel, RTCDataChannel];
        const reply = (channel: RTCDataChannel) =>
          new Promise<string | ArrayBuffer>((resolve) => {
            channel.addEventListener(
              'message',
              (e: MessageEvent<string | ArrayBuffer>) => {
                resolve(e.data);
              },
              { once: true },
            );
          });
        const msrpReply = reply(msrp);
        msrp.send(
          `MSRP c1a2 SEND\r\nTo-Path: ${services.msrp.path}\r\nFrom-Path: msrp://chromium.invalid:9/page;dc\r\n` +
            'Message-ID: m0001\r\nByte-Range: 1-5/5\r\nContent-Type: text/plain\r\n\r\nhello\r\n-------c1a2$\r\n',
        );
        const msrpAnswer = await msrpReply;
        const msrpResponse =
          typeof msrpAnswer === 'string' ? msrpAnswer : new TextDecoder().decode(msrpAnswer);
        t140.send('\u{feff}typed in chromium\r\n');
        // BFCP Hello (RFC 8855 §5.3.11): Ver 1, primitive 11, no attributes, our ids.
        const helloBytes = new Uint8Array(12);
        const view = new DataView(helloBytes.buffer);
        view.setUint8(0, 0x20);
        view.setUint8(1, 11);
        view.setUint32(4, services.bfcp.conferenceId);
        view.setUint16(8, 1);
        view.setUint16(10, services.bfcp.userId);
        const bfcpReply = reply(bfcp);
        bfcp.send(helloBytes);
        const bfcpResponse = [...new Uint8Array((await bfcpReply) as ArrayBuffer)];
        return {
          opened: Object.fromEntries(channels.map((c) => [c.protocol, c.readyState])),
          msrpResponse,
          bfcpResponse,
          connectMs,
        };
      },
      { wsUrl: server.wsUrl, token },
    );
    expect(result.opened).toEqual({ msrp: 'open', t140: 'open', bfcp: 'open' });
    expect(result.msrpResponse).toMatch(/^MSRP c1a2 200 OK\r\n/);
    const helloAck = decodeMessage(new Uint8Array(result.bfcpResponse));
    expect(helloAck).toMatchObject({ primitive: Primitive.HelloAck, transactionId: 1 });
    const lines = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/chromium/transcript`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const json = (await response.json()) as { text: string; completedAt: number | null }[];
      return json.some((l) => l.completedAt !== null) ? json : undefined;
    });
    expect(lines.map((l) => l.text)).toEqual(['typed in chromium']);
    expect(result.connectMs).toBeGreaterThan(0);
  });
});
