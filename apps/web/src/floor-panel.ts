import type {
  FloorQueueEntry,
  FloorRequestState,
  FloorView,
  OwnFloorRequest,
} from '@parley/client';
import { ChairControls } from './chair-controls.js';
import { h, replaceChildren } from './dom.js';
import { ordinal, ownFloorSentence } from './format.js';
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
  readonly #chair: ChairControls | undefined;
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
    this.#chair = floor.isChair
      ? new ChairControls(
          ctx,
          this.#floorId,
          (entry) => this.#name(entry),
          (message) => {
            this.#error.textContent = message;
          },
        )
      : undefined;
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
        ? h('div', {}, h('h3', { id: 'chair-heading' }, 'Chair controls'), this.#chair.element)
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

    // Every raised hand in line order, the same for everyone (pending ones too, by server policy).
    const raised = view?.raisedHands ?? [];
    replaceChildren(
      this.#queue,
      raised.length === 0
        ? h('p', { class: 'muted' }, 'No hands raised.')
        : h(
            'ol',
            { class: 'queue', 'aria-label': 'Raised hands, in order' },
            ...raised.map((entry, index) =>
              h(
                'li',
                { 'data-floor-request-id': entry.floorRequestId },
                `${this.#name(entry)}: ${ordinal(index + 1)} in line${entry.state === 'pending' ? ', waiting for the chair' : ''}`,
              ),
            ),
          ),
    );

    // Once a request ends, say how (denied, revoked...) until the next one. Our place comes from
    // the floor's status; between a request's FloorRequestStatus and the next FloorStatus it may be
    // unknown for a moment: the last known place of the same request is kept meanwhile.
    let place = floor.placeInLine(this.#floorId);
    if (own && place === undefined && this.#place?.floorRequestId === own.floorRequestId) {
      place = own.state === 'granted' ? undefined : this.#place.place;
    }
    this.#place =
      own && place !== undefined ? { floorRequestId: own.floorRequestId, place } : undefined;
    const shown = own ?? this.#lastRequest;
    const sentence = ownFloorSentence(shown, this.#floorName, place);
    this.#own.textContent = sentence;
    this.#announceOwn(sentence, shown?.state);
    const label = !own
      ? 'Raise hand'
      : own.state === 'granted'
        ? 'Give the floor back'
        : 'Lower hand';
    if (this.#hand.textContent !== label) {
      this.#hand.textContent = label;
    }

    if (this.#chair && view) {
      this.#chair.render(view);
    }
    if (hadFocus && !this.element.contains(document.activeElement)) {
      this.#heading.focus();
    }
  }

  async #toggleHand(): Promise<void> {
    const floor = this.ctx.client.floor;
    if (this.#hand.getAttribute('aria-disabled') === 'true') {
      return;
    }
    this.#error.textContent = '';
    // aria-disabled, not disabled: the button keeps the keyboard focus while the request runs.
    this.#hand.setAttribute('aria-disabled', 'true');
    try {
      if (floor.ownRequest(this.#floorId)) {
        await floor.release(this.#floorId);
      } else {
        await floor.request(this.#floorId);
      }
    } catch (reason) {
      this.#error.textContent = `The floor request failed: ${reason instanceof Error ? reason.message : String(reason)}`;
    } finally {
      this.#hand.removeAttribute('aria-disabled');
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
  #place: { readonly floorRequestId: number; readonly place: number } | undefined;

  /** Says our own floor sentence when it changes (not on the first render). */
  #announceOwn(sentence: string, state: FloorRequestState | undefined): void {
    const first = this.#lastOwn === undefined;
    if (sentence === this.#lastOwn) {
      return;
    }
    this.#lastOwn = sentence;
    if (first) {
      return;
    }
    if (state === 'granted' || state === 'revoked' || state === 'denied') {
      this.ctx.announcer.assertive(sentence);
    } else {
      this.ctx.announcer.polite(sentence);
    }
  }
}
