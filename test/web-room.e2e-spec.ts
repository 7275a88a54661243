import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenService } from '@parley/conference';
import { loadServerConfig, startServer } from '@parley/server';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type WebSocketRoute,
} from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser.js';
import { pollUntil } from './support/poll-until.js';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/test-server.js';

// Participants in separate Chromium contexts join one room through the web client (WebRTC data
// channels to the real server, in the test network namespace) and chat.

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) {
    await context.close();
  }
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

interface Person {
  readonly page: Page;
  readonly token: string;
  readonly errors: string[];
  readonly participantId: string;
}

/** Opens the web client with a token for `identity` and waits until the room is shown. */
async function join(
  identity: string,
  displayName: string,
  options: { room: string; chair?: boolean; query?: string; withoutWebRtc?: boolean },
): Promise<Person> {
  const token = await server.token({
    identity,
    displayName,
    room: options.room,
    roles: options.chair ? ['chair'] : [],
  });
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (options.withoutWebRtc) {
    // A browser without WebRTC (or with it disabled by policy).
    await page.addInitScript(() => {
      Reflect.deleteProperty(globalThis, 'RTCPeerConnection');
    });
  }
  await page.goto(`${server.url}/${options.query ?? ''}#token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1, name: `Room ${options.room}` }).waitFor();
  await page.getByText(/^Connected as /).waitFor();
  // The participant list puts "(you)" first.
  const participantId =
    (await page.locator('.participants li').first().getAttribute('data-participant-id')) ?? '';
  return { page, token, errors, participantId };
}

async function axe(page: Page): Promise<unknown[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (
      globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
      }
    ).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return result.violations;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, checking at each stop that
 * the focus is visible (an outline is drawn). Fails if it is not reached within `max` presses.
 */
async function tabTo(page: Page, selector: string, options: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const stop = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || el === document.body) {
        return { matches: false, visible: true, what: 'body' };
      }
      const style = getComputedStyle(el);
      return {
        matches: el.matches(sel),
        visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        what: `${el.tagName.toLowerCase()}#${el.id}.${el.className}`,
      };
    }, selector);
    expect(`${stop.what} visible focus: ${stop.visible}`).toBe(`${stop.what} visible focus: true`);
    if (stop.matches) {
      return;
    }
  }
  throw new Error(`${selector} was not reached with the keyboard`);
}

function chatItem(page: Page, text: string) {
  return page.locator('.chat-message').filter({ has: page.locator('.text', { hasText: text }) });
}

describe('web client: chat between two browsers', () => {
  it('delivers a message from A to B, shows its delivery state, and the history API has it', async () => {
    const alice = await join('alice', 'Alice', { room: 'chat-room' });
    const bob = await join('bob', 'Bob', { room: 'chat-room' });
    expect(await alice.page.getByText(/over WebRTC data channels/).count()).toBe(1);
    await alice.page.locator('.participants li', { hasText: 'Bob' }).waitFor();

    const text = 'Hello Bob <img src=x onerror=alert(1)> & welcome';
    await alice.page.getByLabel('Message', { exact: true }).fill(text);
    await alice.page.getByRole('button', { name: 'Send', exact: true }).click();

    const atBob = chatItem(bob.page, 'Hello Bob');
    await atBob.waitFor();
    expect(await atBob.locator('.text').textContent()).toBe(text); // text, never markup
    expect(await bob.page.locator('.chat-message img').count()).toBe(0);
    expect(await atBob.locator('.sender').textContent()).toBe('Alice');
    await chatItem(alice.page, 'Hello Bob').locator('.state', { hasText: 'Delivered' }).waitFor();

    const history = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/chat-room/messages`, {
        headers: { Authorization: `Bearer ${bob.token}` },
      });
      const page = (await response.json()) as {
        messages: { senderIdentity: string; text?: string; status: string }[];
      };
      return page.messages.find((m) => m.text?.includes('Hello Bob'));
    });
    expect(history).toMatchObject({ senderIdentity: 'alice' });

    // A private message reaches only its recipient.
    const carol = await join('carol', 'Carol', { room: 'chat-room' });
    await alice.page
      .locator('#chat-to option', { hasText: 'Bob (private)' })
      .waitFor({ state: 'attached' });
    await alice.page.getByLabel('Send to').selectOption({ label: 'Bob (private)' });
    await alice.page.getByLabel('Message', { exact: true }).fill('only for Bob');
    await alice.page.keyboard.press('Enter');
    await chatItem(bob.page, 'only for Bob')
      .locator('.recipient', { hasText: 'private, to you' })
      .waitFor();
    await chatItem(carol.page, 'Hello Bob').waitFor(); // carol got the room history on joining
    expect(await chatItem(carol.page, 'only for Bob').count()).toBe(0);

    expect(await axe(bob.page)).toEqual([]);
    await bob.page.getByText('Display and announcement settings').click();
    await bob.page.getByLabel('High contrast').check();
    await bob.page.getByLabel('Large', { exact: true }).check();
    expect(await axe(bob.page)).toEqual([]);
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([]);
  });
});

/** The text region of `speaker` as `viewer` sees it. */
function pane(viewer: Person, speaker: Person) {
  return viewer.page.locator(`.rtt-pane[data-participant-id="${speaker.participantId}"]`);
}

describe('web client: real-time text and the floor in a room of three', () => {
  it('shows A typing at B character by character, erasure, the finished line; raise hand, chair grants', async () => {
    const room = 'rtt-room';
    const chair = await join('cleo', 'Cleo', { room, chair: true });
    const alice = await join('alice', 'Alice', { room });
    const bob = await join('bob', 'Bob', { room });
    const atBob = pane(bob, alice);
    await atBob.waitFor();
    expect(await atBob.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await bob.page.getByRole('region', { name: 'Alice' }).count()).toBe(1);

    // Each character reaches B before the next is typed, and long before Enter.
    const field = alice.page.getByLabel('Your real-time text');
    await field.focus();
    const current = atBob.locator('.rtt-current');
    for (const prefix of ['h', 'he', 'hel', 'hell', 'hello']) {
      await alice.page.keyboard.type(prefix.slice(-1));
      await pollUntil(async () => ((await current.textContent()) === prefix ? true : undefined), {
        what: `"${prefix}" at Bob`,
      });
      expect(await atBob.locator('.rtt-line').count()).toBe(0); // no line finished yet
    }
    await alice.page.keyboard.press('Backspace');
    await pollUntil(async () => ((await current.textContent()) === 'hell' ? true : undefined), {
      what: 'the erasure at Bob',
    });
    await alice.page.keyboard.press('Enter');
    await atBob.locator('.rtt-line', { hasText: 'hell' }).waitFor();
    expect(await current.textContent()).toBe('');
    expect(await field.inputValue()).toBe('');
    // The completed line was announced once, in words, never keystroke by keystroke.
    const announced = await bob.page.locator('#announcements p').allTextContents();
    expect(announced.filter((a) => a.startsWith('Alice:'))).toEqual(['Alice: hell']);
    // The others see it too, and the transcript has it.
    await pane(chair, alice).locator('.rtt-line', { hasText: 'hell' }).waitFor();
    // The chair prefers each word announced as it is finished; Bob keeps whole lines.
    await chair.page.getByText('Display and announcement settings').click();
    await chair.page.getByLabel('Each completed word').check();
    await field.pressSequentially('see you soon', { delay: 40 });
    await alice.page.keyboard.press('Enter');
    await pane(bob, alice).locator('.rtt-line', { hasText: 'see you soon' }).waitFor();
    await pane(chair, alice).locator('.rtt-line', { hasText: 'see you soon' }).waitFor();
    const heard = async (person: Person) =>
      (await person.page.locator('#announcements p').allTextContents()).filter((a) =>
        a.startsWith('Alice:'),
      );
    expect(await heard(bob)).toEqual(['Alice: hell', 'Alice: see you soon']);
    expect((await heard(chair)).slice(-3)).toEqual(['Alice: see', 'Alice: you', 'Alice: soon']);
    const transcript = await pollUntil(async () => {
      const response = await fetch(`${server.url}/api/conferences/${room}/transcript.txt`, {
        headers: { Authorization: `Bearer ${bob.token}` },
      });
      const text = await response.text();
      return text.includes('hell') ? text : undefined;
    });
    expect(transcript).toContain('Alice');
    const [download] = await Promise.all([
      chair.page.waitForEvent('download'),
      chair.page.getByRole('button', { name: 'Save real-time text (.txt)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${room}-transcript.txt`);
    expect(readFileSync(await download.path(), 'utf8')).toBe(transcript);

    // A raises a hand: everyone sees it in the line, waiting for the chair.
    /** The raised hands a person sees, in order, without their own "(you)". */
    const line = async (person: Person) =>
      ((await person.page.locator('#floor-queue').textContent()) ?? '').replace(' (you)', '');
    await alice.page.getByRole('button', { name: 'Raise hand' }).click();
    await alice.page
      .locator('#own-floor', {
        hasText: 'Your hand is raised, 1st in line: waiting for the chair.',
      })
      .waitFor();
    await bob.page
      .locator('#floor-queue li', { hasText: 'Alice: 1st in line, waiting for the chair' })
      .waitFor();
    expect(await bob.page.locator('#floor-holder').textContent()).toBe('No one has the floor.');

    // The chair is on "Grant the floor to Alice" when B raises a hand: the focus stays on that very
    // button while the floor event rebuilds the rest; B is 2nd in line, and A and B see one line.
    const grantAlice = chair.page.getByRole('button', { name: 'Grant the floor to Alice' });
    await grantAlice.focus();
    await chair.page.evaluate(() => {
      (document.activeElement as HTMLElement).dataset['focusMark'] = 'kept';
    });
    await bob.page.getByRole('button', { name: 'Raise hand' }).click();
    await bob.page
      .locator('#own-floor', {
        hasText: 'Your hand is raised, 2nd in line: waiting for the chair.',
      })
      .waitFor();
    await chair.page.getByRole('button', { name: 'Grant the floor to Bob' }).waitFor();
    await alice.page.locator('#floor-queue li', { hasText: 'Bob: 2nd in line' }).waitFor();
    expect(await line(alice)).toBe(await line(bob));
    expect(
      await chair.page.evaluate(() => [
        (document.activeElement as HTMLElement | null)?.dataset['focusMark'],
        document.activeElement?.textContent,
      ]),
    ).toEqual(['kept', 'Grant the floor to Alice']);
    expect(await axe(chair.page)).toEqual([]);

    // The chair grants A (with the keyboard, from that focused button): A has the floor, B sees
    // the line change and moves up.
    await chair.page.keyboard.press('Enter');
    await alice.page.locator('#own-floor', { hasText: 'You have the floor (speak).' }).waitFor();
    await alice.page.getByRole('button', { name: 'Give the floor back' }).waitFor();
    await bob.page.locator('#floor-holder', { hasText: 'Alice has the floor.' }).waitFor();
    await bob.page
      .locator('#own-floor', {
        hasText: 'Your hand is raised, 1st in line: waiting for the chair.',
      })
      .waitFor();
    expect(await bob.page.locator('#floor-queue li').allTextContents()).toEqual([
      'Bob (you): 1st in line, waiting for the chair',
    ]);
    await bob.page.locator('.participants li', { hasText: 'Alice — has the floor' }).waitFor();
    await bob.page.locator('#announcements p', { hasText: 'Alice has the floor.' }).waitFor({
      state: 'attached',
    });
    expect(
      await chair.page.locator('#announcements p', { hasText: 'Alice raised a hand.' }).count(),
    ).toBe(1);
    // Alice's row now offers "Revoke": the chair's focus went to it, not to the page.
    expect(await chair.page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Revoke the floor from Alice',
    );

    // The chair revokes A, and B then gets the floor.
    await chair.page.getByRole('button', { name: 'Revoke the floor from Alice' }).click();
    await alice.page.locator('#own-floor', { hasText: 'The chair took the floor back.' }).waitFor();
    await chair.page.getByRole('button', { name: 'Grant the floor to Bob' }).click();
    await alice.page.locator('#floor-holder', { hasText: 'Bob has the floor.' }).waitFor();
    expect(await line(alice)).toBe('No hands raised.');

    expect(await axe(alice.page)).toEqual([]);
    expect(await axe(bob.page)).toEqual([]);
    expect([...alice.errors, ...bob.errors, ...chair.errors]).toEqual([]);

    if (process.env['PARLEY_SCREENSHOT'] === '1') {
      await screenshotRoom();
    }
  }, 60_000);
});

/** docs/room-three-participants.png: a chair's view of a room of three, mid-conversation. */
async function screenshotRoom(): Promise<void> {
  const room = 'weekly-meeting';
  const amara = await join('amara', 'Amara', { room, chair: true });
  const ben = await join('ben', 'Ben', { room });
  const chen = await join('chen', 'Chen', { room });
  await amara.page.getByLabel('Message', { exact: true }).fill('Agenda: budget, then hiring');
  await amara.page.keyboard.press('Enter');
  await ben.page.getByLabel('Message', { exact: true }).fill('The slides are in the shared folder');
  await ben.page.keyboard.press('Enter');
  await ben.page.getByRole('button', { name: 'Raise hand' }).click();
  await amara.page.getByRole('button', { name: 'Grant the floor to Ben' }).click();
  const typeIn = async (person: Person, text: string) => {
    await person.page.getByLabel('Your real-time text').pressSequentially(text, { delay: 25 });
  };
  await typeIn(ben, 'Good morning, everyone.');
  await ben.page.keyboard.press('Enter');
  await typeIn(ben, 'The budget is on slide 3, and the numbers are');
  await typeIn(chen, 'Could you share the link to the slid');
  await chen.page.getByRole('button', { name: 'Raise hand' }).click();
  await pane(amara, chen).locator('.rtt-current', { hasText: 'slid' }).waitFor();
  await pane(amara, ben).locator('.rtt-current', { hasText: 'numbers are' }).waitFor();
  await amara.page.getByRole('button', { name: 'Grant the floor to Chen' }).waitFor();
  await amara.page.getByLabel('Your real-time text').focus();
  await amara.page.setViewportSize({ width: 1280, height: 1000 });
  await amara.page.screenshot({
    path: fileURLToPath(new URL('../docs/room-three-participants.png', import.meta.url)),
    fullPage: true,
  });
}

describe('web client: keyboard only', () => {
  it('joins, types, chats and raises a hand without a pointer, with the focus always visible', async () => {
    const chair = await join('kb-chair', 'Cleo', { room: 'kb-room', chair: true });
    const bob = await join('kb-bob', 'Bob', { room: 'kb-room' });
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/?room=kb-room`);
    await page.getByRole('heading', { level: 1, name: 'Join a Parley room' }).waitFor();
    // The name field has the focus on arrival.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('join-name');
    await page.keyboard.type('Keyboard Kim');
    await tabTo(page, '#join-room');
    await tabTo(page, '#join-chair');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.getByText(/^Connected as Keyboard Kim/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('room-heading');

    await tabTo(page, '#my-text');
    await page.keyboard.type('by keyboard');
    const kim = bob.page.locator('.rtt-pane', { hasText: 'Keyboard Kim' });
    await kim.locator('.rtt-current', { hasText: 'by keyboard' }).waitFor();
    await page.keyboard.press('Enter');
    await kim.locator('.rtt-line', { hasText: 'by keyboard' }).waitFor();

    // The chat log scrolls, so it takes the focus (a log named "Chat", like the text panes).
    await tabTo(page, '#chat-log');
    expect(
      await page.evaluate(() => {
        const log = document.activeElement as HTMLElement;
        return [
          log.getAttribute('role'),
          document.getElementById(log.getAttribute('aria-labelledby') ?? '')?.textContent,
          getComputedStyle(log).overflowY,
        ];
      }),
    ).toEqual(['log', 'Chat', 'auto']);
    await tabTo(page, '#chat-input');
    await page.keyboard.type('typed, not clicked');
    await page.keyboard.press('Enter');
    await chatItem(bob.page, 'typed, not clicked').waitFor();
    await chatItem(page, 'typed, not clicked')
      .locator('.state', { hasText: 'Delivered' })
      .waitFor();

    // A hand raised with Enter; the chair grants it from the keyboard too; Kim has the floor and
    // gives it back without leaving the button.
    await tabTo(page, '#hand-button');
    expect(await page.locator('#hand-button').textContent()).toBe('Raise hand');
    await page.keyboard.press('Enter');
    await page
      .locator('#own-floor', {
        hasText: 'Your hand is raised, 1st in line: waiting for the chair.',
      })
      .waitFor();
    await bob.page
      .locator('#floor-queue li', { hasText: 'Keyboard Kim: 1st in line, waiting for the chair' })
      .waitFor();
    await tabTo(chair.page, '.chair-requests button');
    expect(await chair.page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Grant the floor to Keyboard Kim',
    );
    await chair.page.keyboard.press('Enter');
    await page.locator('#own-floor', { hasText: 'You have the floor (speak).' }).waitFor();
    await bob.page.locator('#floor-holder', { hasText: 'Keyboard Kim has the floor.' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hand-button');
    expect(await page.locator('#hand-button').textContent()).toBe('Give the floor back');
    await page.keyboard.press('Enter');
    await page.locator('#own-floor', { hasText: 'You gave the floor back.' }).waitFor();
    await bob.page.locator('#floor-holder', { hasText: 'No one has the floor.' }).waitFor();

    // The skip link leads past the header to the main content.
    await tabTo(page, '.skip-link', { back: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabTo(page, '#leave-button', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Join a Parley room' }).waitFor();
    await bob.page
      .locator('.participants li', { hasText: 'Keyboard Kim' })
      .waitFor({ state: 'detached' });
  }, 60_000);
});

describe('web client: WebSocket fallback', () => {
  it('chats, types and raises hands over the WebSocket fallbacks in a browser without WebRTC', async () => {
    const alice = await join('ws-alice', 'Alice', {
      room: 'ws-room',
      withoutWebRtc: true,
    });
    const bob = await join('ws-bob', 'Bob', { room: 'ws-room' });
    expect(await alice.page.getByText(/over WebSocket/).count()).toBe(1);
    await alice.page.getByLabel('Message', { exact: true }).fill('over a WebSocket');
    await alice.page.keyboard.press('Enter');
    await chatItem(bob.page, 'over a WebSocket').waitFor();
    await chatItem(alice.page, 'over a WebSocket')
      .locator('.state', { hasText: 'Delivered' })
      .waitFor();
    await bob.page.getByLabel('Message', { exact: true }).fill('and back over WebRTC');
    await bob.page.keyboard.press('Enter');
    await chatItem(alice.page, 'and back over WebRTC').waitFor();

    // T.140 over WebSocket: Alice's text reaches Bob per source; Bob's reaches Alice mixed (RFC 9071).
    await alice.page.getByLabel('Your real-time text').pressSequentially('typed on a socket');
    await pane(bob, alice).locator('.rtt-current', { hasText: 'typed on a socket' }).waitFor();
    await bob.page.getByLabel('Your real-time text').pressSequentially('seen mixed');
    const everyone = alice.page.getByRole('region', { name: 'Everyone' });
    await everyone.getByText(/seen mixed/).waitFor();
    // BFCP over WebSocket (RFC 8857).
    await alice.page.getByRole('button', { name: 'Raise hand' }).click();
    await bob.page.locator('#floor-holder', { hasText: 'Alice has the floor.' }).waitFor();
    expect(await axe(alice.page)).toEqual([]);
  });
});

describe('web client: removed by a moderator', () => {
  it('goes back to the join screen with the reason, and does not rejoin', async () => {
    const chair = await join('mod', 'Moderator', { room: 'removal-room', chair: true });
    const troll = await join('troll', 'Troll', { room: 'removal-room' });
    const response = await fetch(`${server.url}/api/conferences/removal-room/participants/troll`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${chair.token}` },
    });
    expect(response.ok).toBe(true);
    await troll.page
      .getByRole('alert')
      .filter({ hasText: 'A moderator removed you from the room.' })
      .waitFor();
    await troll.page.getByRole('heading', { level: 1, name: 'Join a Parley room' }).waitFor();
    expect(await axe(troll.page)).toEqual([]); // the join screen after a removal (close 4011)
    await chair.page
      .locator('.participants li', { hasText: 'Troll' })
      .waitFor({ state: 'detached' });
  });
});

describe('web client: the server restarts', () => {
  it('comes back by itself, as the same person in the same room, with the chat history', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'parley-restart-'));
    const config = (port: number) =>
      loadServerConfig({
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: process.env['PARLEY_TEST_LOG_LEVEL'] ?? 'silent',
        SQLITE_PATH: joinPath(dir, 'parley.sqlite'),
        JWT_SECRET: TEST_JWT_SECRET,
      });
    let running = await startServer(config(0));
    try {
      const token = await running.app
        .get(TokenService)
        .issue({ identity: 'phoenix', displayName: 'Phoenix', room: 'restart-room' });
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      // While `hold` is set, signaling sockets open but are never answered: the page then stays
      // on its "Reconnecting…" screen long enough for an axe scan.
      let hold = false;
      const held: WebSocketRoute[] = [];
      await page.routeWebSocket(/\/signaling/, (ws) => {
        if (hold) {
          held.push(ws);
        } else {
          ws.connectToServer();
        }
      });
      await page.goto(`${running.url}/#token=${encodeURIComponent(token)}`);
      await page.getByText(/^Connected as Phoenix/).waitFor();
      await page.getByLabel('Message', { exact: true }).fill('before the restart');
      await page.keyboard.press('Enter');
      await chatItem(page, 'before the restart')
        .locator('.state', { hasText: 'Delivered' })
        .waitFor();

      hold = true;
      await running.app.close();
      // Generous: on a loaded 2-core machine the close and the client's notice take a while.
      await page
        .getByRole('heading', { level: 1, name: 'Reconnecting…' })
        .waitFor({ timeout: 60_000 });
      await pollUntil(() => Promise.resolve(held.length > 0 ? true : undefined), {
        what: 'a rejoin attempt',
      });
      expect(await axe(page)).toEqual([]);
      running = await startServer(config(running.port));
      hold = false;
      for (const ws of held) {
        await ws.close({ code: 4000, reason: 'test: held' }); // this attempt fails; the next gets through
      }

      await page.getByText(/^Connected as Phoenix/).waitFor({ timeout: 60_000 });
      await chatItem(page, 'before the restart').waitFor(); // replayed by the new server
      await page.getByLabel('Message', { exact: true }).fill('after the restart');
      await page.keyboard.press('Enter');
      await chatItem(page, 'after the restart')
        .locator('.state', { hasText: 'Delivered' })
        .waitFor();
    } finally {
      await running.app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
