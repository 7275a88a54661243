import {
  MIXED_SOURCE,
  type LinesMark,
  type RemoteText,
  type ParticipantSummary,
} from '@parley/client';
import { h, replaceChildren } from './dom.js';
import { idPart, participantName, type RoomContext } from './room-context.js';
import { RttAnnouncementPolicy } from './rtt-announcements.js';

/** Finished lines kept on screen per participant (the transcript export has everything). */
const VISIBLE_LINES = 200;

interface Pane {
  readonly section: HTMLElement;
  readonly heading: HTMLElement;
  readonly lines: HTMLElement;
  readonly current: HTMLElement;
  readonly policy: RttAnnouncementPolicy;
  /** The finished lines on screen; 'empty' while "Nothing typed yet." shows. */
  rendered: LinesMark | 'empty' | undefined;
}

/**
 * Real-time text: one labelled region per remote participant showing their text as it is typed
 * (finished lines, then the current line), and our own text field. Completed lines (or words, per
 * the setting) are announced once; keystrokes never are.
 */
export class RttPanel {
  readonly element: HTMLElement;
  readonly #grid: HTMLElement;
  readonly #panes = new Map<string, Pane>();

  constructor(private readonly ctx: RoomContext) {
    const field = h('textarea', {
      id: 'my-text',
      rows: 2,
      spellcheck: true,
      autocomplete: 'off',
      'aria-describedby': 'my-text-hint',
    });
    ctx.client.rtt.bindTextField(field);
    this.#grid = h('div', { class: 'rtt-grid' });
    this.element = h(
      'section',
      { class: 'panel rtt-panel', 'aria-labelledby': 'rtt-heading' },
      h('h2', { id: 'rtt-heading' }, 'Real-time text'),
      this.#grid,
      h(
        'div',
        { class: 'compose' },
        h('label', { for: 'my-text' }, 'Your real-time text'),
        h(
          'p',
          { class: 'hint', id: 'my-text-hint' },
          'Everyone sees each character as you type it. Press Enter to finish the line.',
        ),
        field,
      ),
    );
    const rtt = ctx.client.rtt;
    for (const participant of ctx.client.participants.values()) {
      this.#ensurePane(participant.participantId);
    }
    for (const remote of rtt.remotes.values()) {
      this.#render(remote);
    }
    rtt.events.on('remote', (remote) => {
      this.#render(remote);
    });
    rtt.events.on('change', ({ remote, change }) => {
      this.#render(remote);
      const pane = this.#panes.get(remote.participantId);
      if (!pane) {
        return;
      }
      pane.policy.setMode(ctx.settings().announce);
      const said = pane.policy.next(change);
      if (said !== undefined) {
        ctx.announcer.polite(`${this.#name(remote.participantId)}: ${said}`);
      }
    });
    rtt.events.on('bell', (remote) => {
      ctx.announcer.polite(`${this.#name(remote.participantId)} rang the bell`);
    });
    const client = ctx.client;
    client.events.on('participant-joined', (p) => {
      this.#ensurePane(p.participantId);
    });
    client.events.on('participant-updated', (p) => {
      this.#updateHeading(p);
    });
    client.events.on('participant-left', (p) => {
      const pane = this.#panes.get(p.participantId);
      if (pane && (rtt.remote(p.participantId)?.text ?? '') === '') {
        pane.section.remove();
        this.#panes.delete(p.participantId);
      } else if (pane) {
        pane.heading.textContent = `${p.displayName} (left)`;
      }
    });
  }

  #name(participantId: string): string {
    if (participantId === MIXED_SOURCE) {
      return 'Everyone';
    }
    return participantName(this.ctx.client.participants.get(participantId));
  }

  #ensurePane(participantId: string): Pane | undefined {
    const client = this.ctx.client;
    const mixed = client.rtt.mode === 'mixed';
    if (participantId === client.self.participantId || (mixed && participantId !== MIXED_SOURCE)) {
      return undefined;
    }
    let pane = this.#panes.get(participantId);
    if (pane) {
      return pane;
    }
    const id = `rtt-${idPart(participantId)}`;
    const heading = h('h3', { id: `${id}-name` });
    const lines = h('div', { class: 'rtt-lines' });
    const current = h('p', { class: 'rtt-current' });
    const section = h(
      'section',
      {
        class: 'rtt-pane',
        id,
        'aria-labelledby': `${id}-name`,
        'data-participant-id': participantId,
      },
      heading,
      // A log of what they typed, focusable to scroll it by keyboard. Not live: completed lines are
      // announced through the announcer, never keystroke by keystroke.
      h(
        'div',
        {
          class: 'rtt-text',
          role: 'log',
          'aria-live': 'off',
          tabindex: 0,
          'aria-labelledby': `${id}-name`,
        },
        lines,
        current,
      ),
    );
    pane = {
      section,
      heading,
      lines,
      current,
      policy: new RttAnnouncementPolicy(this.ctx.settings().announce),
      rendered: undefined,
    };
    this.#panes.set(participantId, pane);
    this.#grid.append(section);
    const participant = client.participants.get(participantId);
    if (participant) {
      this.#updateHeading(participant);
    } else {
      heading.textContent = this.#name(participantId);
    }
    this.#renderEmpty(pane);
    return pane;
  }

  #updateHeading(participant: ParticipantSummary): void {
    const pane = this.#panes.get(participant.participantId);
    if (pane) {
      pane.heading.textContent = `${participant.displayName}${participant.connected ? '' : ' (disconnected)'}`;
    }
  }

  #renderEmpty(pane: Pane): void {
    replaceChildren(pane.lines, h('p', { class: 'rtt-empty' }, 'Nothing typed yet.'));
    pane.rendered = 'empty';
  }

  #render(remote: RemoteText): void {
    const pane = this.#ensurePane(remote.participantId);
    if (!pane) {
      return;
    }
    const mark = remote.linesMark();
    if (mark.count === 0 && remote.currentLine === '') {
      if (pane.rendered !== 'empty') {
        this.#renderEmpty(pane);
      }
    } else if (pane.rendered === 'empty' || remote.linesChangedSince(pane.rendered)) {
      // By a line counter that keeps counting past the display's maxLines (10 000 by default),
      // never by the number of lines kept, which stops growing there.
      replaceChildren(
        pane.lines,
        ...remote.recentLines(VISIBLE_LINES).map((line) => h('p', { class: 'rtt-line' }, line)),
      );
      pane.rendered = mark;
    }
    pane.current.textContent = remote.currentLine;
    pane.section.classList.toggle('typing', remote.currentLine !== '');
  }
}
