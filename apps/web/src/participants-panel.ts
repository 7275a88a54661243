import type { ParticipantSummary } from '@parley/client';
import { h, replaceChildren } from './dom.js';
import { ordinal } from './format.js';
import type { RoomContext } from './room-context.js';

/** Everyone in the room, with role, connection and floor state in words. */
export class ParticipantsPanel {
  readonly element: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #list: HTMLUListElement;

  constructor(private readonly ctx: RoomContext) {
    this.#heading = h('h2', { id: 'people-heading' });
    this.#list = h('ul', { class: 'participants', 'aria-labelledby': 'people-heading' });
    this.element = h(
      'section',
      { class: 'panel participants-panel', 'aria-labelledby': 'people-heading' },
      this.#heading,
      this.#list,
    );
    const client = ctx.client;
    client.events.on('participant-joined', (p) => {
      ctx.announcer.polite(`${p.displayName} joined.`);
      this.render();
    });
    client.events.on('participant-left', (p) => {
      ctx.announcer.polite(`${p.displayName} left.`);
      this.render();
    });
    client.events.on('participant-updated', () => {
      this.render();
    });
    if (client.offers('bfcp')) {
      client.floor.events.on('floor', () => {
        this.render();
      });
      client.floor.events.on('request', () => {
        this.render();
      });
    }
    this.render();
  }

  render(): void {
    const client = this.ctx.client;
    const self = client.self.participantId;
    const people = [...client.participants.values()].sort(
      (a, b) =>
        Number(b.participantId === self) - Number(a.participantId === self) ||
        a.displayName.localeCompare(b.displayName),
    );
    this.#heading.textContent = `Participants (${people.length})`;
    replaceChildren(this.#list, ...people.map((p) => this.#item(p, p.participantId === self)));
  }

  #item(participant: ParticipantSummary, isSelf: boolean): HTMLLIElement {
    const floor = this.ctx.client.offers('bfcp') ? this.ctx.client.floor : undefined;
    const notes: string[] = [];
    if (participant.roles.includes('chair')) {
      notes.push('chair');
    }
    for (const f of floor?.floors ?? []) {
      const view = floor?.floor(f.floorId);
      const user = participant.bfcpUserId;
      if (user === undefined || !view) {
        continue;
      }
      if (view.holders.some((e) => e.userId === user)) {
        notes.push(f.floorId === floor?.floors[0]?.floorId ? 'has the floor' : `has ${f.name}`);
      }
      const place = view.raisedHands.findIndex((e) => e.userId === user);
      const own = isSelf ? floor?.ownRequest(f.floorId) : undefined;
      if (place >= 0) {
        notes.push(`hand raised, ${ordinal(place + 1)}`);
      } else if (own && own.state !== 'granted' && f.floorId === floor?.floors[0]?.floorId) {
        notes.push('hand raised'); // a server that keeps pending requests for chairs only
      }
    }
    if (!participant.connected) {
      notes.push('disconnected');
    }
    return h(
      'li',
      { 'data-participant-id': participant.participantId },
      h(
        'span',
        { class: 'name' },
        isSelf ? `${participant.displayName} (you)` : participant.displayName,
      ),
      notes.length > 0 ? h('span', { class: 'notes' }, ` — ${notes.join(', ')}`) : undefined,
    );
  }
}
