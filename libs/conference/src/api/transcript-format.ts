import type { RttLineRecord } from '@parley/history';

/** `HH:MM:SS.mmm` from milliseconds. */
function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const milli = total % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(milli).padStart(3, '0')}`;
}

/** The transcript as plain text: one line per RTT line, `[HH:MM:SS] Name: text`, UTC. */
export function transcriptAsText(lines: readonly RttLineRecord[]): string {
  return lines
    .map((line) => {
      const time = new Date(line.startedAt).toISOString().slice(11, 19);
      return `[${time}] ${line.sourceName}: ${line.text}${line.completedAt === null ? ' …' : ''}`;
    })
    .join('\n')
    .concat(lines.length > 0 ? '\n' : '');
}

/** Text safe inside a WebVTT cue (W3C WebVTT §4.2.2: `&`, `<` and `>` escaped; no "-->"). */
function vttText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The transcript as WebVTT: one cue per line, timed from the first line of the room, from when the
 * line started to when it was completed (at least one second), with the speaker as a voice span.
 */
export function transcriptAsWebVtt(lines: readonly RttLineRecord[]): string {
  const origin = lines[0]?.startedAt ?? 0;
  const cues = lines.map((line, index) => {
    const start = line.startedAt - origin;
    const end = Math.max(start + 1000, (line.completedAt ?? line.startedAt) - origin);
    const name = vttText(line.sourceName).replaceAll('\n', ' ');
    return `${String(index + 1)}\n${clock(start)} --> ${clock(end)}\n<v ${name}>${vttText(line.text) || ' '}`;
  });
  return ['WEBVTT', ...cues].join('\n\n').concat('\n');
}
