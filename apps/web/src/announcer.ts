import { h } from './dom.js';

/**
 * Screen-reader announcements through visually hidden live regions. Each announcement is added as
 * a new paragraph (announced as an addition); old ones are pruned, so the region never grows.
 */
export class Announcer {
  readonly #polite: HTMLElement;
  readonly #assertive: HTMLElement;

  constructor(container: HTMLElement) {
    this.#polite = h('div', {
      class: 'visually-hidden',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      id: 'announcements',
    });
    this.#assertive = h('div', {
      class: 'visually-hidden',
      'aria-live': 'assertive',
      'aria-relevant': 'additions',
    });
    container.append(this.#polite, this.#assertive);
  }

  /** Says `text` when the reader is idle. */
  polite(text: string): void {
    this.#add(this.#polite, text);
  }

  /** Says `text` now (our own floor granted or taken, connection lost). */
  assertive(text: string): void {
    this.#add(this.#assertive, text);
  }

  #add(region: HTMLElement, text: string): void {
    region.append(h('p', {}, text));
    while (region.childElementCount > 20) {
      region.firstElementChild?.remove();
    }
  }
}
