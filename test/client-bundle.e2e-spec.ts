import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { launchChromium, type Browser } from './support/browser.js';
import { pollUntil } from './support/poll-until.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// The SDK alone, as the server serves it to other pages: one ES module at /parley-client.js,
// imported by real Chromium, joining a room over real WebRTC and chatting.
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

describe('the @parley/client bundle served at /parley-client.js', () => {
  it('is an ES module a page can import to join a room and chat', async () => {
    const response = await fetch(`${server.url}/parley-client.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/health`);
    const token = await server.token({ identity: 'bundle', room: 'bundle', displayName: 'B' });
    const result = await page.evaluate(
      async ({ serverUrl, token }) => {
        const sdk = (await import(
          `${serverUrl}/parley-client.js`
        )) as typeof import('@parley/client');
        const client = new sdk.ParleyClient({ serverUrl, token });
        await client.connect();
        const delivered = new Promise<string>((resolve) => {
          client.chat.events.on('update', (message) => {
            if (message.state !== 'sending') {
              resolve(message.state);
            }
          });
        });
        client.chat.send('from the bundle');
        const state = await delivered;
        return { exports: Object.keys(sdk).sort(), transport: client.transport, state };
      },
      { serverUrl: server.url, token },
    );
    expect(result.exports).toEqual(
      expect.arrayContaining(['ParleyClient', 'RestClient', 'bindTextField']),
    );
    expect(result.transport).toBe('webrtc');
    expect(['sent', 'delivered']).toContain(result.state);
    const messages = await pollUntil(async () => {
      const page = (await (
        await fetch(`${server.url}/api/conferences/bundle/messages`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { messages: { text: string }[] };
      return page.messages.length > 0 ? page.messages : undefined;
    });
    expect(messages.map((m) => m.text)).toEqual(['from the bundle']);
    await page.close();
  });
});
