import { h } from './dom.js';
import type { RoomContext } from './room-context.js';

function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** Saves the room's real-time text transcript (text or WebVTT, from the server) and the chat. */
export function exportPanel(ctx: RoomContext): HTMLElement {
  const room = ctx.client.self.room;
  const status = h('p', { role: 'status', class: 'muted', id: 'export-status' });
  const action = (label: string, run: () => Promise<void>): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => {
      button.disabled = true;
      run().then(
        () => {
          status.textContent = 'Saved.';
          button.disabled = false;
        },
        (reason: unknown) => {
          status.textContent = `Could not save: ${reason instanceof Error ? reason.message : String(reason)}`;
          button.disabled = false;
        },
      );
    });
    return button;
  };
  return h(
    'section',
    { class: 'panel export-panel', 'aria-labelledby': 'export-heading' },
    h('h2', { id: 'export-heading' }, 'Transcript'),
    h('p', { class: 'hint' }, 'Save what was typed in this room, with who typed it and when.'),
    h(
      'div',
      { class: 'actions' },
      ctx.client.offers('t140') &&
        action('Save real-time text (.txt)', async () => {
          download(
            `${room}-transcript.txt`,
            await ctx.client.api.transcriptFile(room, 'text'),
            'text/plain',
          );
        }),
      ctx.client.offers('t140') &&
        action('Save captions (WebVTT)', async () => {
          download(
            `${room}-transcript.vtt`,
            await ctx.client.api.transcriptFile(room, 'webvtt'),
            'text/vtt',
          );
        }),
      ctx.client.offers('msrp') &&
        action('Save chat (.txt)', () => {
          const lines = ctx.client.chat.messages.map(
            (m) =>
              `[${new Date(m.sentAt).toISOString()}] ${m.sender.displayName}${m.privateTo === undefined ? '' : ` (private to ${m.privateTo})`}: ${m.text}`,
          );
          download(`${room}-chat.txt`, `${lines.join('\n')}\n`, 'text/plain');
          return Promise.resolve();
        }),
    ),
    status,
  );
}
