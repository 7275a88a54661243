import type { ClientState, ParleyClient } from '@parley/client';
import type { Announcer } from './announcer.js';
import { ChatPanel } from './chat-panel.js';
import { h } from './dom.js';
import { exportPanel } from './export-panel.js';
import { FloorPanel } from './floor-panel.js';
import { ParticipantsPanel } from './participants-panel.js';
import type { RoomContext } from './room-context.js';
import { RttPanel } from './rtt-panel.js';
import type { Settings } from './settings.js';

const STATE_TEXT: Record<ClientState, string> = {
  idle: 'Not connected.',
  connecting: 'Connecting…',
  connected: 'Connected.',
  reconnecting: 'Connection lost: reconnecting…',
  closed: 'Disconnected.',
};

/** The room screen: real-time text, chat, participants, floor and transcript. */
export function roomView(
  main: HTMLElement,
  headerActions: HTMLElement,
  client: ParleyClient,
  announcer: Announcer,
  settings: () => Settings,
  onLeave: () => void,
): void {
  const ctx: RoomContext = { client, announcer, settings };
  const transport =
    client.transport === 'webrtc' ? 'WebRTC data channels' : 'WebSocket (WebRTC unavailable)';
  const status = h('p', { role: 'status', id: 'connection-status', class: 'connection' });
  const showState = (state: ClientState): void => {
    status.textContent =
      state === 'connected'
        ? `Connected as ${client.self.displayName}${client.isChair ? ' (chair)' : ''} over ${transport}.`
        : STATE_TEXT[state];
  };
  showState(client.state);
  client.events.on('state', (state) => {
    showState(state);
    if (state === 'reconnecting' || state === 'closed') {
      announcer.assertive(STATE_TEXT[state]);
    }
  });

  const leave = h(
    'button',
    { type: 'button', class: 'secondary', id: 'leave-button' },
    'Leave the room',
  );
  leave.addEventListener('click', () => {
    leave.disabled = true;
    void client.leave().finally(onLeave);
  });
  headerActions.replaceChildren(leave);

  const unavailable = (id: string, title: string, what: string): HTMLElement =>
    h(
      'section',
      { class: 'panel', 'aria-labelledby': id },
      h('h2', { id }, title),
      h('p', { class: 'muted' }, `This server does not offer ${what}.`),
    );
  const heading = h('h1', { id: 'room-heading', tabindex: -1 }, `Room ${client.self.room}`);
  main.replaceChildren(
    heading,
    status,
    h(
      'div',
      { class: 'room-layout' },
      h(
        'div',
        { class: 'room-main' },
        client.offers('t140')
          ? new RttPanel(ctx).element
          : unavailable('rtt-heading', 'Real-time text', 'real-time text'),
        client.offers('msrp')
          ? new ChatPanel(ctx).element
          : unavailable('chat-heading', 'Chat', 'chat'),
      ),
      h(
        'aside',
        { class: 'room-side', 'aria-label': 'People, floor and transcript' },
        new ParticipantsPanel(ctx).element,
        client.offers('bfcp')
          ? new FloorPanel(ctx).element
          : unavailable('floor-heading', 'Floor', 'floor control'),
        exportPanel(ctx),
      ),
    ),
  );
  heading.focus();
  announcer.polite(`Joined room ${client.self.room}.`);
}
