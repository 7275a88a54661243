import { ParleyClient, type ParleyClientOptions } from '@parley/client';
import { Announcer } from './announcer.js';
import { byId, h } from './dom.js';
import { joinView } from './join-view.js';
import { roomView } from './room-view.js';
import { settingsPanel } from './settings-panel.js';
import { applySettings, loadSettings, type Settings, type StorageLike } from './settings.js';

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

  for (;;) {
    if (token === undefined) {
      headerActions.replaceChildren();
      token = (
        await joinView(main, { room: query.get('room') ?? 'lobby', ...(error ? { error } : {}) })
      ).token;
    }
    main.replaceChildren(
      h('h1', { id: 'connecting-heading' }, 'Joining…'),
      h('p', { role: 'status' }, 'Connecting to the room.'),
    );
    const options: ParleyClientOptions = {
      token,
      ...(transport === 'websocket' || transport === 'webrtc' ? { transport } : {}),
    };
    const client = new ParleyClient(options);
    try {
      await client.connect();
    } catch (reason) {
      error = `Could not join: ${reason instanceof Error ? reason.message : String(reason)}`;
      token = undefined;
      continue;
    }
    error = undefined;
    await new Promise<void>((resolve) => {
      client.events.on('closed', (event) => {
        error = `You were disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
        resolve();
      });
      roomView(main, headerActions, client, announcer, () => settings, resolve);
    });
    token = undefined;
  }
}

void start();
