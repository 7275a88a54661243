import { ParleyClientError, RestClient } from '@parley/client';
import { h } from './dom.js';

export interface JoinRequest {
  readonly token: string;
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(3)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `${base || 'guest'}-${random}`;
}

function field(id: string, label: string, input: HTMLElement, hint?: string): HTMLDivElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : undefined,
    input,
  );
}

/**
 * The join screen: a development sign-in (POST /api/dev/tokens) with name, room and the chair role,
 * or a participant token pasted from elsewhere. Resolves with the token to connect with.
 */
export function joinView(
  main: HTMLElement,
  defaults: { room: string; error?: string },
): Promise<JoinRequest> {
  return new Promise((resolve) => {
    const error = h('p', { class: 'error', id: 'join-error', role: 'alert' }, defaults.error ?? '');
    const name = h('input', {
      id: 'join-name',
      name: 'name',
      autocomplete: 'name',
      required: true,
      maxlength: 64,
    });
    const room = h('input', {
      id: 'join-room',
      name: 'room',
      required: true,
      maxlength: 64,
      pattern: '[A-Za-z0-9_.\\-]{1,64}',
      value: defaults.room,
      'aria-describedby': 'join-room-hint',
    });
    const chair = h('input', { type: 'checkbox', id: 'join-chair', name: 'chair' });
    const submit = h('button', { type: 'submit' }, 'Join the room');
    const form = h(
      'form',
      { class: 'join-form', 'aria-labelledby': 'join-heading' },
      field('join-name', 'Your name', name),
      field('join-room', 'Room', room, 'Letters, digits, dots, dashes and underscores.'),
      h(
        'div',
        { class: 'choice' },
        chair,
        h('label', { for: 'join-chair' }, 'Join as chair (moderate the floor)'),
      ),
      submit,
    );
    const token = h('textarea', { id: 'join-token', rows: 3, spellcheck: false, required: true });
    const tokenForm = h(
      'form',
      { class: 'token-form', 'aria-label': 'Join with a token' },
      field('join-token', 'Participant token', token),
      h('button', { type: 'submit' }, 'Join with this token'),
    );
    const show = (message: string): void => {
      error.textContent = message;
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      submit.disabled = true;
      show('');
      RestClient.devToken(location.origin, {
        identity: slug(name.value),
        displayName: name.value.trim(),
        room: room.value.trim(),
        roles: chair.checked ? ['chair'] : [],
      }).then(
        ({ token: issued }) => {
          resolve({ token: issued });
        },
        (reason: unknown) => {
          submit.disabled = false;
          const status = reason instanceof ParleyClientError ? reason.details.status : undefined;
          show(
            status === 404
              ? 'This server does not issue development tokens: join with a token from your organisation.'
              : `Could not join: ${reason instanceof Error ? reason.message : String(reason)}`,
          );
        },
      );
    });
    tokenForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (tokenForm.reportValidity()) {
        resolve({ token: token.value.trim() });
      }
    });
    main.replaceChildren(
      h('h1', { id: 'join-heading', tabindex: -1 }, 'Join a Parley room'),
      h(
        'p',
        { class: 'lead' },
        'Type to each other in real time, chat, and take turns to speak under a moderator.',
      ),
      error,
      form,
      h(
        'details',
        { class: 'token-details' },
        h('summary', {}, 'I have a participant token'),
        tokenForm,
      ),
    );
    if (defaults.error) {
      error.focus();
    }
    name.focus();
  });
}
