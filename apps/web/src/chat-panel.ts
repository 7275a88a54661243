import { compareMessages, type ChatMessage } from '@parley/client';
import { h, replaceChildren } from './dom.js';
import { deliveryLabel, timeLabel } from './format.js';
import type { RoomContext } from './room-context.js';

/**
 * The chat: a log of messages (sender, time, text, and for ours the delivery state in words), a
 * button to load earlier messages from the history API, and a form to write to everyone or to
 * one participant privately.
 */
export class ChatPanel {
  readonly element: HTMLElement;
  readonly #log: HTMLOListElement;
  readonly #items = new Map<string, { item: HTMLLIElement; message: ChatMessage }>();
  readonly #to: HTMLSelectElement;
  readonly #earlier: HTMLButtonElement;

  constructor(private readonly ctx: RoomContext) {
    const chat = ctx.client.chat;
    this.#log = h('ol', { class: 'chat-log', 'aria-label': 'Messages, oldest first' });
    this.#earlier = h('button', { type: 'button', class: 'secondary' }, 'Load earlier messages');
    this.#earlier.addEventListener('click', () => {
      void this.#loadEarlier();
    });
    this.#to = h('select', { id: 'chat-to' });
    const input = h('input', { id: 'chat-input', autocomplete: 'off', maxlength: 4000 });
    const error = h('p', { class: 'error', role: 'alert', id: 'chat-error' });
    const form = h(
      'form',
      { class: 'chat-form', 'aria-label': 'Send a chat message' },
      h('div', { class: 'field' }, h('label', { for: 'chat-to' }, 'Send to'), this.#to),
      h('div', { class: 'field grow' }, h('label', { for: 'chat-input' }, 'Message'), input),
      h('button', { type: 'submit' }, 'Send'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (text.trim() === '') {
        error.textContent = 'Write a message first.';
        input.focus();
        return;
      }
      error.textContent = '';
      try {
        chat.send(text, this.#to.value === '' ? {} : { to: this.#to.value });
        input.value = '';
      } catch (reason) {
        error.textContent = `Not sent: ${reason instanceof Error ? reason.message : String(reason)}`;
      }
    });
    this.element = h(
      'section',
      { class: 'panel chat-panel', 'aria-labelledby': 'chat-heading' },
      h('h2', { id: 'chat-heading' }, 'Chat'),
      this.#earlier,
      // The messages scroll: like each real-time text pane, a focusable log named by its heading,
      // so a keyboard user can scroll it. Not live: new messages go through the announcer.
      h(
        'div',
        {
          class: 'chat-scroll',
          id: 'chat-log',
          role: 'log',
          'aria-live': 'off',
          tabindex: 0,
          'aria-labelledby': 'chat-heading',
        },
        this.#log,
      ),
      error,
      form,
    );
    for (const message of chat.messages) {
      this.#upsert(message);
    }
    chat.events.on('message', (message) => {
      this.#upsert(message);
      if (message.direction === 'incoming' && !message.fromHistory) {
        const kind = message.privateTo === undefined ? 'Chat from' : 'Private message from';
        ctx.announcer.polite(`${kind} ${message.sender.displayName}: ${message.text}`);
      }
    });
    chat.events.on('update', (message) => {
      this.#upsert(message);
      if (message.state === 'failed' || message.state === 'partial') {
        ctx.announcer.polite(deliveryLabel(message.state, message.failure));
      }
    });
    this.refreshRecipients();
    const refresh = (): void => {
      this.refreshRecipients();
    };
    ctx.client.events.on('participant-joined', refresh);
    ctx.client.events.on('participant-left', refresh);
    ctx.client.events.on('participant-updated', refresh);
  }

  /** The recipients list: everyone, or one other participant. */
  refreshRecipients(): void {
    const selected = this.#to.value;
    const self = this.ctx.client.self.participantId;
    const others = [...this.ctx.client.participants.values()]
      .filter((p) => p.participantId !== self)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    replaceChildren(
      this.#to,
      h('option', { value: '' }, 'Everyone'),
      ...others.map((p) =>
        h(
          'option',
          { value: p.identity, selected: p.identity === selected },
          `${p.displayName} (private)`,
        ),
      ),
    );
  }

  async #loadEarlier(): Promise<void> {
    this.#earlier.disabled = true;
    try {
      const added = await this.ctx.client.chat.loadEarlier();
      this.ctx.announcer.polite(
        added.length === 0 ? 'No earlier messages.' : `${added.length} earlier messages loaded.`,
      );
    } catch (reason) {
      this.ctx.announcer.polite(
        `Could not load earlier messages: ${reason instanceof Error ? reason.message : String(reason)}`,
      );
    } finally {
      this.#earlier.disabled = false;
      this.#earlier.hidden = !this.ctx.client.chat.hasEarlier;
    }
  }

  #upsert(message: ChatMessage): void {
    const item = this.#render(message);
    const existing = this.#items.get(message.messageId);
    if (existing) {
      existing.item.replaceWith(item);
    } else {
      const after = [...this.#items.values()].find(
        (other) => compareMessages(other.message, message) > 0,
      );
      this.#log.insertBefore(item, after?.item ?? null);
    }
    this.#items.set(message.messageId, { item, message });
  }

  #render(message: ChatMessage): HTMLLIElement {
    const self = this.ctx.client.self.identity;
    const mine = message.direction === 'outgoing';
    const recipient =
      message.privateTo === undefined
        ? undefined
        : message.privateTo === self
          ? 'private, to you'
          : `private, to ${this.ctx.client.participantByIdentity(message.privateTo)?.displayName ?? message.privateTo}`;
    return h(
      'li',
      {
        class: `chat-message${mine ? ' mine' : ''}${message.privateTo === undefined ? '' : ' private'}`,
        'data-message-id': message.messageId,
        'data-state': message.state,
      },
      h(
        'p',
        { class: 'meta' },
        h(
          'span',
          { class: 'sender' },
          mine ? `${message.sender.displayName} (you)` : message.sender.displayName,
        ),
        recipient ? h('span', { class: 'recipient' }, ` (${recipient})`) : undefined,
        ' ',
        h('time', { datetime: new Date(message.sentAt).toISOString() }, timeLabel(message.sentAt)),
      ),
      h('p', { class: 'text' }, message.text),
      mine
        ? h(
            'p',
            { class: 'state' },
            deliveryLabel(message.state, message.failure, message.privateTo === undefined),
          )
        : undefined,
    );
  }
}
