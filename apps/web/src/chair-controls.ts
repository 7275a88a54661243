import type { FloorQueueEntry, FloorView } from '@parley/client';
import { h } from './dom.js';
import { ordinal } from './format.js';
import type { RoomContext } from './room-context.js';

type ActionKind = 'revoke' | 'grant' | 'deny';

/** One row: a request, what it is waiting for, and its buttons (kept from one render to the next). */
interface Row {
  readonly floorRequestId: number;
  readonly item: HTMLLIElement;
  readonly status: HTMLSpanElement;
  readonly buttons: Map<ActionKind, HTMLButtonElement>;
}

/** What a row should show after this floor event. */
interface WantedRow {
  readonly entry: FloorQueueEntry;
  readonly status: string;
  readonly kinds: readonly ActionKind[];
}

/**
 * A chair's controls for one floor: a row per request (grant and deny a raised hand, revoke the
 * floor from its holder) and "Lower all hands". Floor events update the rows in place, keyed by
 * Floor Request ID, so the button a chair is on keeps the focus while the queue changes around it;
 * when its request goes away, the focus moves to the same button of the request that took its
 * place, else to the one before, else to "Lower all hands".
 */
export class ChairControls {
  readonly element: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #empty: HTMLParagraphElement;
  readonly #lowerAll: HTMLButtonElement;
  readonly #rows = new Map<number, Row>();

  constructor(
    private readonly ctx: RoomContext,
    private readonly floorId: number,
    private readonly name: (entry: FloorQueueEntry) => string,
    private readonly reportError: (message: string) => void,
  ) {
    this.#list = h('ul', { class: 'chair-requests', 'aria-labelledby': 'chair-heading' });
    this.#empty = h('p', { class: 'muted' }, 'No requests to decide.');
    this.#lowerAll = this.#button('Lower all hands', () =>
      this.ctx.client.floor.lowerAllHands(this.floorId),
    );
    this.element = h('div', { class: 'chair-controls' }, this.#empty, this.#list, this.#lowerAll);
  }

  render(view: FloorView): void {
    const wanted: WantedRow[] = [
      ...view.holders.map((entry) => ({
        entry,
        status: 'has the floor',
        kinds: ['revoke'] as const,
      })),
      ...view.raisedHands.map((entry, index) => ({
        entry,
        status: `${ordinal(index + 1)} in line, ${entry.state === 'pending' ? 'waiting for your decision' : 'in the queue'}`,
        kinds: ['grant', 'deny'] as const,
      })),
    ];
    const active = document.activeElement;
    const focused = this.#focusedRow(active);
    const oldOrder = [...this.#rows.keys()];
    const keep = new Set(wanted.map((w) => w.entry.floorRequestId));

    // Where the focus goes if its row disappears: the row now at the same place, or the one before.
    let focusTarget: HTMLButtonElement | undefined;
    if (focused && !keep.has(focused.row.floorRequestId)) {
      const index = oldOrder.indexOf(focused.row.floorRequestId);
      const survivors = oldOrder.filter((id) => keep.has(id));
      const after = oldOrder.slice(index + 1).find((id) => keep.has(id));
      const before = oldOrder
        .slice(0, index)
        .reverse()
        .find((id) => keep.has(id));
      focusTarget = this.#pendingFocus(after ?? before, focused.kind, wanted, survivors);
    }
    for (const [id, row] of this.#rows) {
      if (!keep.has(id)) {
        row.item.remove();
        this.#rows.delete(id);
      }
    }

    wanted.forEach((want, index) => {
      const row = this.#row(want);
      if (this.#list.children[index] !== row.item) {
        this.#list.insertBefore(row.item, this.#list.children[index] ?? null);
      }
    });
    // Rows re-created in order: the Map follows the list.
    const ordered = wanted.map((w) => this.#rows.get(w.entry.floorRequestId) as Row);
    this.#rows.clear();
    ordered.forEach((row) => this.#rows.set(row.floorRequestId, row));

    this.#empty.hidden = wanted.length > 0;
    this.#list.hidden = wanted.length === 0;

    if (focusTarget) {
      focusTarget.focus();
    } else if (focused && !this.element.contains(document.activeElement)) {
      // Still here but moved (or its button replaced): put the focus back on the row.
      const row = this.#rows.get(focused.row.floorRequestId);
      const again =
        active instanceof HTMLButtonElement && active.isConnected
          ? active
          : row && [...row.buttons.values()][0];
      (again ?? this.#lowerAll).focus();
    }
  }

  /** The surviving row's button of the same kind (or its first), or "Lower all hands". */
  #pendingFocus(
    id: number | undefined,
    kind: ActionKind | undefined,
    wanted: readonly WantedRow[],
    survivors: readonly number[],
  ): HTMLButtonElement {
    const target = id ?? survivors[0];
    const want = wanted.find((w) => w.entry.floorRequestId === target);
    if (target === undefined || !want) {
      return this.#lowerAll;
    }
    const row = this.#row(want);
    return (kind && row.buttons.get(kind)) ?? [...row.buttons.values()][0] ?? this.#lowerAll;
  }

  #focusedRow(active: Element | null): { row: Row; kind: ActionKind | undefined } | undefined {
    for (const row of this.#rows.values()) {
      if (active && row.item.contains(active)) {
        const kind = [...row.buttons].find(([, button]) => button === active)?.[0];
        return { row, kind };
      }
    }
    return undefined;
  }

  /** Creates or updates the row of a request: its status and the buttons it needs now. */
  #row(want: WantedRow): Row {
    const id = want.entry.floorRequestId;
    let row = this.#rows.get(id);
    if (!row) {
      const status = h('span', { class: 'status' });
      row = {
        floorRequestId: id,
        item: h('li', { 'data-floor-request-id': id }, status),
        status,
        buttons: new Map(),
      };
      this.#rows.set(id, row);
    }
    const name = this.name(want.entry);
    const text = `${name}: ${want.status} `;
    if (row.status.textContent !== text) {
      row.status.textContent = text;
    }
    for (const [kind, button] of row.buttons) {
      if (!want.kinds.includes(kind)) {
        button.remove();
        row.buttons.delete(kind);
      }
    }
    let previous: Element = row.status;
    for (const kind of want.kinds) {
      const label = this.#label(kind, name);
      let button = row.buttons.get(kind);
      if (!button) {
        button = this.#button(label, () => this.#act(kind, id));
        row.buttons.set(kind, button);
      } else if (button.textContent !== label) {
        button.textContent = label;
      }
      // In `kinds` order; moved only when out of place (moving a node takes its focus away).
      if (previous.nextElementSibling !== button) {
        previous.after(button);
      }
      previous = button;
    }
    return row;
  }

  #label(kind: ActionKind, name: string): string {
    switch (kind) {
      case 'revoke':
        return `Revoke the floor from ${name}`;
      case 'grant':
        return `Grant the floor to ${name}`;
      case 'deny':
        return `Deny ${name}`;
    }
  }

  #act(kind: ActionKind, floorRequestId: number): Promise<void> {
    const floor = this.ctx.client.floor;
    switch (kind) {
      case 'revoke':
        return floor.revoke(floorRequestId);
      case 'grant':
        return floor.grant(floorRequestId);
      case 'deny':
        return floor.deny(floorRequestId);
    }
  }

  /**
   * A button that runs `action` once at a time. While it runs the button is aria-disabled rather
   * than disabled, so it keeps the keyboard focus.
   */
  #button(label: string, action: () => Promise<void>): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') {
        return;
      }
      button.setAttribute('aria-disabled', 'true');
      this.reportError('');
      action()
        .catch((reason: unknown) => {
          this.reportError(
            `${button.textContent} failed: ${reason instanceof Error ? reason.message : String(reason)}`,
          );
        })
        .finally(() => {
          button.removeAttribute('aria-disabled');
        });
    });
    return button;
  }
}
