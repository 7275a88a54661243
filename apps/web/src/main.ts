import { ParleyClient, type ParleyClientOptions } from '@parley/client';
import { Announcer } from './announcer.js';
import { byId, h } from './dom.js';
import { joinView } from './join-view.js';
import { roomView } from './room-view.js';
import { settingsPanel } from './settings-panel.js';
import { applySettings, loadSettings, type Settings, type StorageLike } from './settings.js';

/** Close codes after which rejoining with the same token cannot help (docs/signaling.md). */
const FINAL_CODES = new Set([1000, 4001, 4002, 4003, 4004, 4008, 4009, 4011]);
const MAX_REJOINS = 5;

function storage(): StorageLike | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The Parley web client. `#token=<jwt>` joins at once; otherwise the join screen asks.
 * `?room=` fills in the room; `?transport=websocket` forces the WebSocket fallbacks.
 */
async function start(): Promise<void> {
  const store = storage();
  let settings: Settings = loadSettings(store);
  applySettings(document.documentElement, settings);
  byId('settings-slot').replaceChildren(
    settingsPanel(settings, store, (next) => {
      settings = next;
    }),
  );
  const main = byId('main');
  const headerActions = byId('header-actions');
  const announcer = new Announcer(byId('live'));
  const query = new URLSearchParams(location.search);
  const transport = query.get('transport');
  let error: string | undefined;
  let token = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
  if (token !== undefined) {
    history.replaceState(null, '', location.pathname + location.search); // keep it out of the address bar
  }

  /** After an unexpected disconnection, how many times to rejoin with the same token. */
  let rejoins = 0;
  for (;;) {
    if (token === undefined) {
      headerActions.replaceChildren();
      token = (
        await joinView(main, { room: query.get('room') ?? 'lobby', ...(error ? { error } : {}) })
      ).token;
      rejoins = 0;
    }
    main.replaceChildren(
      h('h1', { id: 'connecting-heading' }, rejoins > 0 ? 'Reconnecting…' : 'Joining…'),
      h(
        'p',
        { role: 'status' },
        rejoins > 0 ? `Connection lost. ${error ?? ''}` : 'Connecting to the room.',
      ),
    );
    if (rejoins > 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** rejoins, 15_000)));
    }
    const options: ParleyClientOptions = {
      token,
      ...(transport === 'websocket' || transport === 'webrtc' ? { transport } : {}),
    };
    const client = new ParleyClient(options);
    try {
      await client.connect();
    } catch (reason) {
      error = `Could not join: ${reason instanceof Error ? reason.message : String(reason)}`;
      if (rejoins > 0 && rejoins < MAX_REJOINS) {
        rejoins++;
      } else {
        token = undefined;
      }
      continue;
    }
    error = undefined;
    rejoins = 0;
    const ended = await new Promise<{ left: boolean; code?: number }>((resolve) => {
      client.events.on('closed', (event) => {
        error = `You were disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
        resolve({ left: false, code: event.code });
      });
      roomView(
        main,
        headerActions,
        client,
        announcer,
        () => settings,
        () => {
          resolve({ left: true });
        },
      );
    });
    if (ended.left || ended.code === undefined || FINAL_CODES.has(ended.code)) {
      if (ended.code === 4009) {
        error = 'You joined this room from another window or device.';
      } else if (ended.code === 4011) {
        error = 'A moderator removed you from the room.';
      }
      token = undefined;
    } else {
      announcer.assertive('Connection lost: reconnecting.');
      rejoins = 1;
    }
  }
}

void start();
