import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// The web client's first screen, served by the server at "/", in real Chromium: it loads without
// errors, passes axe-core with zero violations in both themes, and remembers its settings.

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core's WCAG 2.x A/AA and best-practice rules on the page as it is now. */
async function axe(page: Page): Promise<AxeResult['violations']> {
  // evaluate() runs outside the page's Content-Security-Policy, which forbids injected scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    () =>
      (
        globalThis as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<unknown> };
        }
      ).axe.run(document, {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
      }) as Promise<AxeResult>,
  );
  return result.violations.map((v) => ({ ...v, nodes: v.nodes.slice(0, 3) }));
}

describe('web client: the join screen', () => {
  it('is served at / and passes axe-core in both themes, with its settings remembered', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(message.text());
      }
    });
    const response = await page.goto(`${server.url}/?room=room-9`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { level: 1, name: 'Join a Parley room' }).waitFor();
    expect(await page.getByLabel('Room', { exact: true }).inputValue()).toBe('room-9');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    await page.getByText('Display and announcement settings').click();
    await page.getByLabel('High contrast').check();
    await page.getByLabel('Extra large').check();
    await page.getByLabel('Each completed word').check();
    expect(await axe(page)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Join a Parley room' }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.classList.contains('high-contrast')),
    ).toBe(true);
    expect(
      await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--text-scale'),
      ),
    ).toBe('1.6');
    await page.getByText('Display and announcement settings').click();
    expect(await page.getByLabel('Each completed word').isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says so when the server refuses the form, in an alert', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Your name').fill('Zoë');
    await page.getByLabel('Room', { exact: true }).fill('no spaces allowed');
    await page.getByRole('button', { name: 'Join the room' }).click();
    // The browser's own validation stops it first: the room pattern is announced on the field.
    expect(
      await page
        .getByLabel('Room', { exact: true })
        .evaluate((el) => (el as HTMLInputElement).validity.patternMismatch),
    ).toBe(true);
    await page.getByLabel('Room', { exact: true }).fill('room-1');
    await page.getByText('I have a participant token').click();
    await page.getByLabel('Participant token').fill('not-a-token');
    await page.getByRole('button', { name: 'Join with this token' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not join' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Could not join: .*(TOKEN_INVALID|4002)/);
    expect(await axe(page)).toEqual([]); // the join screen showing an error
    await context.close();
  });

  it('passes axe-core while joining, and in a room whose signaling is reconnecting', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Signaling goes through this route: while `hold` is set, a new socket is opened but never
    // answered, so the page stays on its "Joining…" or "Reconnecting…" screen.
    let hold = true;
    const live: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/signaling/, (ws) => {
      if (!hold) {
        ws.connectToServer();
        live.push(ws);
      }
    });
    const token = await server.token({ identity: 'axel', displayName: 'Axel', room: 'axe-room' });
    await page.goto(`${server.url}/#token=${encodeURIComponent(token)}`);
    await page.getByRole('heading', { level: 1, name: 'Joining…' }).waitFor();
    expect(
      await page.getByRole('status').filter({ hasText: 'Connecting to the room.' }).count(),
    ).toBe(1);
    expect(await axe(page)).toEqual([]);

    hold = false;
    // A new document (a hash alone would not reload the page).
    await page.goto(`${server.url}/?room=axe-room#token=${encodeURIComponent(token)}`);
    await page.getByText(/^Connected as Axel/).waitFor();
    hold = true;
    await live[0]?.close({ code: 4000, reason: 'test: connection lost' });
    // The signaling socket dropped: the room stays, saying so, while the SDK gets it back.
    await page.getByRole('status').filter({ hasText: 'Connection lost: reconnecting' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
