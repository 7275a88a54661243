import type { FloorQueueEntry, FloorView, OwnFloorRequest } from '@parley/client';
import { h, replaceChildren } from './dom.js';
import { floorStateSentence, ordinal, ownFloorSentence } from './format.js';
import type { RoomContext } from './room-context.js';

/**
 * The floor ("speak"): who has it, the raised hands in order, our own place, the raise/lower hand
 * button and, for a chair, grant / deny / revoke per request and "lower all hands".
 */
export class FloorPanel {
  readonly element: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #holder: HTMLElement;
  readonly #queue: HTMLElement;
  readonly #own: HTMLElement;
  readonly #hand: HTMLButtonElement;
  readonly #chair: HTMLElement | undefined;
  readonly #error: HTMLElement;
  readonly #floorId: number;
  readonly #floorName: string;

  constructor(private readonly ctx: RoomContext) {
    const floor = ctx.client.floor;
    const first = floor.floors[0];
    this.#floorId = first?.floorId ?? 1;
    this.#floorName = first?.name ?? 'speak';
    this.#heading = h(
      'h2',
      { id: 'floor-heading', tabindex: -1 },
      'Floor: raise your hand to speak',
    );
    this.#holder = h('p', { id: 'floor-holder' });
    this.#queue = h('div', { id: 'floor-queue' });
    this.#own = h('p', { id: 'own-floor', class: 'own-floor' });
    this.#hand = h('button', { type: 'button', id: 'hand-button' });
    this.#hand.addEventListener('click', () => {
      void this.#toggleHand();
    });
    this.#error = h('p', { class: 'error', role: 'alert', id: 'floor-error' });
    this.#chair = floor.isChair ? h('div', { class: 'chair-controls' }) : undefined;
    this.element = h(
      'section',
      { class: 'panel floor-panel', 'aria-labelledby': 'floor-heading' },
      this.#heading,
      this.#holder,
      h('h3', {}, 'Raised hands'),
      this.#queue,
      this.#own,
      this.#hand,
      this.#error,
      this.#chair
        ? h('div', {}, h('h3', { id: 'chair-heading' }, 'Chair controls'), this.#chair)
        : undefined,
    );
    floor.events.on('floor', (view) => {
      if (view.floorId === this.#floorId) {
        this.#announceFloor(view);
        this.render();
      }
    });
    floor.events.on('request', (request) => {
      if (request.floorId === this.#floorId) {
        this.#lastRequest = request;
        this.#announceOwn(request);
        this.render();
      }
    });
    const rerender = (): void => {
      this.render();
    };
    ctx.client.events.on('participant-joined', rerender);
    ctx.client.events.on('participant-left', rerender);
    this.render();
  }

  #name(entry: FloorQueueEntry): string {
    const participant = this.ctx.client.participantByBfcpUserId(entry.userId);
    const name = participant?.displayName ?? entry.displayName ?? `User ${entry.userId ?? '?'}`;
    return participant?.participantId === this.ctx.client.self.participantId
      ? `${name} (you)`
      : name;
  }

  render(): void {
    const floor = this.ctx.client.floor;
    const view: FloorView | undefined = floor.floor(this.#floorId);
    const own = floor.ownRequest(this.#floorId);
    const hadFocus = this.element.contains(document.activeElement);

    const holders = view?.holders ?? [];
    this.#holder.textContent =
      holders.length === 0
        ? 'No one has the floor.'
        : `${holders.map((e) => this.#name(e)).join(', ')} ${holders.length === 1 ? 'has' : 'have'} the floor.`;

    const queue = view?.queue ?? [];
    const pending = view?.pending ?? []; // only chairs are told of these
    replaceChildren(
      this.#queue,
      queue.length + pending.length === 0
        ? h('p', { class: 'muted' }, 'No hands raised.')
        : h(
            'ol',
            { class: 'queue', 'aria-label': 'Raised hands, in order' },
            ...queue.map((entry, index) =>
              h(
                'li',
                {},
                `${this.#name(entry)}: ${ordinal(entry.queuePosition ?? index + 1)} in the queue`,
              ),
            ),
            ...pending.map((entry) => h('li', {}, `${this.#name(entry)}: waiting for the chair`)),
          ),
    );

    // Once a request ends, say how (denied, revoked...) until the next one.
    this.#own.textContent = ownFloorSentence(own ?? this.#lastRequest, this.#floorName);
    this.#hand.textContent = !own
      ? 'Raise hand'
      : own.state === 'granted'
        ? 'Give the floor back'
        : 'Lower hand';

    if (this.#chair && view) {
      this.#renderChair(view);
    }
    if (hadFocus && !this.element.contains(document.activeElement)) {
      this.#heading.focus();
    }
  }

  #renderChair(view: FloorView): void {
    const floor = this.ctx.client.floor;
    const act = (label: string, action: () => Promise<void>): HTMLButtonElement => {
      const button = h('button', { type: 'button', class: 'secondary' }, label);
      button.addEventListener('click', () => {
        button.disabled = true;
        this.#error.textContent = '';
        action().catch((reason: unknown) => {
          button.disabled = false;
          this.#error.textContent = `${label} failed: ${reason instanceof Error ? reason.message : String(reason)}`;
        });
      });
      return button;
    };
    const rows: HTMLElement[] = [];
    for (const entry of view.holders) {
      const name = this.#name(entry);
      rows.push(
        h(
          'li',
          {},
          h('span', {}, `${name}: has the floor `),
          act(`Revoke the floor from ${name}`, () => floor.revoke(entry.floorRequestId)),
        ),
      );
    }
    for (const entry of [...view.pending, ...view.queue]) {
      const name = this.#name(entry);
      const status = entry.state === 'pending' ? 'waiting for your decision' : 'in the queue';
      rows.push(
        h(
          'li',
          {},
          h('span', {}, `${name}: ${status} `),
          act(`Grant the floor to ${name}`, () => floor.grant(entry.floorRequestId)),
          ' ',
          act(`Deny ${name}`, () => floor.deny(entry.floorRequestId)),
        ),
      );
    }
    const chair = this.#chair as HTMLElement;
    replaceChildren(
      chair,
      rows.length === 0
        ? h('p', { class: 'muted' }, 'No requests to decide.')
        : h('ul', { class: 'chair-requests', 'aria-labelledby': 'chair-heading' }, ...rows),
      act('Lower all hands', () => floor.lowerAllHands(this.#floorId)),
    );
  }

  async #toggleHand(): Promise<void> {
    const floor = this.ctx.client.floor;
    this.#error.textContent = '';
    this.#hand.disabled = true;
    try {
      if (floor.ownRequest(this.#floorId)) {
        await floor.release(this.#floorId);
      } else {
        await floor.request(this.#floorId);
      }
    } catch (reason) {
      this.#error.textContent = `The floor request failed: ${reason instanceof Error ? reason.message : String(reason)}`;
    } finally {
      this.#hand.disabled = false;
    }
  }

  #holders = new Set<number>();
  #waiting = new Set<number>();

  /** Says who took the floor, and (to a chair) who raised a hand: once each, never our own. */
  #announceFloor(view: FloorView): void {
    const self = this.ctx.client.self.participantId;
    const others = (entries: readonly FloorQueueEntry[]) =>
      entries.filter(
        (e) => this.ctx.client.participantByBfcpUserId(e.userId)?.participantId !== self,
      );
    const holders = others(view.holders);
    for (const entry of holders) {
      if (!this.#holders.has(entry.floorRequestId)) {
        this.ctx.announcer.polite(`${this.#name(entry)} has the floor.`);
      }
    }
    const waiting = others([...view.pending, ...view.queue]);
    if (this.ctx.client.floor.isChair) {
      for (const entry of waiting) {
        if (!this.#waiting.has(entry.floorRequestId) && !this.#holders.has(entry.floorRequestId)) {
          this.ctx.announcer.polite(`${this.#name(entry)} raised a hand.`);
        }
      }
    }
    this.#holders = new Set(view.holders.map((e) => e.floorRequestId));
    this.#waiting = new Set([...view.pending, ...view.queue].map((e) => e.floorRequestId));
  }

  #lastOwn: string | undefined;
  #lastRequest: OwnFloorRequest | undefined;

  #announceOwn(request: OwnFloorRequest): void {
    const sentence = floorStateSentence(request.state, request.queuePosition, this.#floorName);
    if (sentence === this.#lastOwn) {
      return;
    }
    this.#lastOwn = sentence;
    if (request.state === 'granted' || request.state === 'revoked' || request.state === 'denied') {
      this.ctx.announcer.assertive(sentence);
    } else {
      this.ctx.announcer.polite(sentence);
    }
  }
}
