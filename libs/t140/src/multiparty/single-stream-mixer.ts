import { systemClock, TypedEmitter, type Clock, type TimerHandle } from '@parley/transport';
import { SGR_RESET, T140 } from '../codec/control-codes.js';
import { countGraphemes, splitGraphemes } from '../codec/graphemes.js';
import type { T140Change } from '../receiver/t140-change.js';

export interface SingleStreamMixerOptions {
  readonly clock?: Clock;
  /** The label sent before a source's text (RFC 9071 §4.2.2: delimited, e.g. "[Bob]: "). */
  readonly formatLabel?: (name: string) => string;
  /** A pause this long in the current source's text allows a switch (RFC 9071: e.g. > 10 s). Default 10 000 ms. */
  readonly pauseMs?: number;
  /** Others waiting this long force a switch at the next word delimiter (e.g. > 1 min). Default 60 000 ms. */
  readonly forceAfterMs?: number;
  /** ...or this long after the forced search began, delimiter or not (e.g. 15 s). Default 15 000 ms. */
  readonly forceWordTimeoutMs?: number;
}

export interface SingleStreamMixerEvents {
  /** T.140 text for the recipient (feed it to a T140Relay or an RTP sender); `source` is whose text it carries (the CSRC). */
  data: { readonly text: string; readonly source: string };
}

type Item =
  | { readonly kind: 'text'; text: string; readonly at: number }
  | { readonly kind: 'newline'; readonly at: number }
  | { readonly kind: 'erase'; count: number; readonly at: number }
  | { readonly kind: 'sgr'; readonly params: readonly number[]; readonly at: number };

interface SourceQueue {
  readonly name: string;
  readonly items: Item[];
  lastReceivedAt: number;
  /** The last SGR sent for this source (not a reset), re-sent after each switch to it. */
  sgr: readonly number[] | undefined;
}

const SUITABLE_END = /(?:[.!?,]\s)$/u;

/**
 * RFC 9071 §4.2: several sources' real-time text serialised into one T.140 stream for a recipient
 * that is not multiparty aware (one data channel, one RTP stream without CSRC handling). Text is
 * sent one source at a time; a switch happens only at a suitable point (a new line, a completed
 * sentence or comma phrase, a long pause, or forced after others waited a long time) and to the
 * source with the oldest waiting text; it starts a new line if needed, resets and restores SGR
 * rendition, and sends the source's label. A display count per turn keeps BACKSPACE from erasing
 * the label or another source's text: extra erasures are shown as "X". Erasure of text still
 * waiting in a queue removes it there.
 */
export class SingleStreamMixer {
  readonly #events = new TypedEmitter<SingleStreamMixerEvents>();
  readonly #clock: Clock;
  readonly #formatLabel: (name: string) => string;
  readonly #pauseMs: number;
  readonly #forceAfterMs: number;
  readonly #forceWordTimeoutMs: number;
  readonly #sources = new Map<string, SourceQueue>();
  #current: string | undefined;
  #displayCount = 0;
  /** The last characters sent (to judge line ends and sentence ends). */
  #tail = '';
  #sentAnything = false;
  #forceSince: number | undefined;
  #timer: { readonly handle: TimerHandle } | undefined;

  constructor(options: SingleStreamMixerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#formatLabel = options.formatLabel ?? ((name) => `[${name}]: `);
    this.#pauseMs = options.pauseMs ?? 10_000;
    this.#forceAfterMs = options.forceAfterMs ?? 60_000;
    this.#forceWordTimeoutMs = options.forceWordTimeoutMs ?? 15_000;
  }

  readonly on = this.#events.on.bind(this.#events);
  readonly off = this.#events.off.bind(this.#events);

  /** The source whose text is being sent. */
  get currentSource(): string | undefined {
    return this.#current;
  }

  /** Declares a source and the name its label shows (privacy: choose what to reveal). */
  addSource(source: string, name: string): void {
    if (!this.#sources.has(source)) {
      this.#sources.set(source, {
        name,
        items: [],
        lastReceivedAt: this.#clock.now(),
        sgr: undefined,
      });
    }
  }

  /** Forgets a source (it left); its queued text is dropped. */
  removeSource(source: string): void {
    this.#sources.delete(source);
    if (this.#current === source) {
      this.#current = undefined;
    }
    this.#pump();
  }

  /** A change of a source's text (from its T140Receiver); undeclared sources are named after their id. */
  push(change: T140Change): void {
    this.addSource(change.source, change.source);
    const queue = this.#sources.get(change.source) as SourceQueue;
    const at = this.#clock.now();
    queue.lastReceivedAt = at;
    switch (change.kind) {
      case 'append':
        this.#queueText(queue, change.text, at);
        break;
      case 'newline':
        queue.items.push({ kind: 'newline', at });
        break;
      case 'erase':
        this.#queueErase(queue, change.count, at);
        break;
    }
    this.#pump();
  }

  /** A source's SGR (from its receiver's `control` events), kept and re-sent across switches. */
  pushSgr(source: string, params: readonly number[]): void {
    this.addSource(source, source);
    const queue = this.#sources.get(source) as SourceQueue;
    queue.items.push({ kind: 'sgr', params, at: this.#clock.now() });
    this.#pump();
  }

  /** Stops the timers. */
  close(): void {
    this.#cancelTimer();
  }

  #queueText(queue: SourceQueue, text: string, at: number): void {
    const last = queue.items[queue.items.length - 1];
    if (last?.kind === 'text') {
      last.text += text;
    } else {
      queue.items.push({ kind: 'text', text, at });
    }
  }

  #queueErase(queue: SourceQueue, count: number, at: number): void {
    let left = count;
    while (left > 0) {
      const last = queue.items[queue.items.length - 1];
      if (last?.kind === 'text') {
        const clusters = splitGraphemes(last.text);
        const take = Math.min(left, clusters.length);
        last.text = clusters.slice(0, clusters.length - take).join('');
        left -= take;
        if (last.text === '') {
          queue.items.pop();
        }
      } else if (last?.kind === 'newline') {
        queue.items.pop();
        left--;
      } else if (last?.kind === 'erase') {
        last.count += left;
        left = 0;
      } else {
        queue.items.push({ kind: 'erase', count: left, at });
        left = 0;
      }
    }
  }

  #emit(text: string): void {
    if (text === '' || this.#current === undefined) {
      return;
    }
    this.#sentAnything = true;
    this.#tail = (this.#tail + text).slice(-8);
    this.#events.emit('data', { text, source: this.#current });
  }

  #endsLine(): boolean {
    return !this.#sentAnything || this.#tail.endsWith(T140.LS);
  }

  /** The oldest waiting source other than the current one. */
  #oldestWaiting(): { id: string; at: number } | undefined {
    let best: { id: string; at: number } | undefined;
    for (const [id, queue] of this.#sources) {
      const first = queue.items[0];
      if (id !== this.#current && first && (!best || first.at < best.at)) {
        best = { id, at: first.at };
      }
    }
    return best;
  }

  #mayLeaveCurrent(now: number, otherSince: number): boolean {
    const current = this.#current === undefined ? undefined : this.#sources.get(this.#current);
    if (!current) {
      return true;
    }
    if (this.#endsLine() || SUITABLE_END.test(this.#tail)) {
      return true;
    }
    if (current.items.length === 0 && now - current.lastReceivedAt >= this.#pauseMs) {
      return true;
    }
    if (now - otherSince >= this.#forceAfterMs) {
      this.#forceSince ??= now;
      if (/\s$/u.test(this.#tail) || now - this.#forceSince >= this.#forceWordTimeoutMs) {
        return true;
      }
    }
    return false;
  }

  #switchTo(id: string): void {
    const previous = this.#current === undefined ? undefined : this.#sources.get(this.#current);
    const next = this.#sources.get(id) as SourceQueue;
    let preamble = '';
    if (!this.#endsLine()) {
      preamble += T140.LS;
    }
    if (previous?.sgr) {
      preamble += SGR_RESET;
    }
    if (next.sgr) {
      preamble += `${T140.CSI}${next.sgr.join(';')}m`;
    }
    preamble += this.#formatLabel(next.name);
    this.#current = id;
    this.#displayCount = 0;
    this.#forceSince = undefined;
    this.#emit(preamble);
  }

  #transmit(queue: SourceQueue, item: Item): void {
    switch (item.kind) {
      case 'text':
        this.#displayCount += countGraphemes(item.text);
        this.#emit(item.text);
        return;
      case 'newline':
        this.#displayCount++;
        this.#emit(T140.LS);
        return;
      case 'erase': {
        let out = '';
        for (let i = 0; i < item.count; i++) {
          if (this.#displayCount > 0) {
            this.#displayCount--;
            out += T140.BS;
          } else {
            out += 'X';
          }
        }
        this.#emit(out);
        return;
      }
      case 'sgr': {
        const reset = item.params.length === 0 || item.params.every((p) => p === 0);
        queue.sgr = reset ? undefined : item.params;
        this.#emit(`${T140.CSI}${item.params.join(';')}m`);
        return;
      }
    }
  }

  #pump(): void {
    this.#cancelTimer();
    const now = this.#clock.now();
    for (;;) {
      const current = this.#current === undefined ? undefined : this.#sources.get(this.#current);
      const other = this.#oldestWaiting();
      if (current && current.items.length > 0) {
        const first = current.items[0] as Item;
        if (other && other.at < first.at && this.#mayLeaveCurrent(now, other.at)) {
          this.#switchTo(other.id);
          continue;
        }
        current.items.shift();
        this.#transmit(current, first);
        continue;
      }
      if (!other) {
        return;
      }
      if (this.#mayLeaveCurrent(now, other.at)) {
        this.#switchTo(other.id);
        continue;
      }
      this.#armTimer(now, other.at, current);
      return;
    }
  }

  #armTimer(now: number, otherSince: number, current: SourceQueue | undefined): void {
    const deadlines = [otherSince + this.#forceAfterMs];
    if (current) {
      deadlines.push(current.lastReceivedAt + this.#pauseMs);
    }
    if (this.#forceSince !== undefined) {
      deadlines.push(this.#forceSince + this.#forceWordTimeoutMs);
    }
    const at = Math.min(...deadlines.filter((d) => d > now));
    if (!Number.isFinite(at)) {
      return;
    }
    this.#timer = {
      handle: this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, at - now),
    };
  }

  #cancelTimer(): void {
    if (this.#timer) {
      this.#clock.clearTimeout(this.#timer.handle);
      this.#timer = undefined;
    }
  }
}
