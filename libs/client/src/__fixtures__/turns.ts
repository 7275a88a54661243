// Delivery turns of in-memory channels, run by hand: `settle` runs them, and every promise callback
// between them, until nothing is left (no timer, no sleep).
import { createLoopbackPair, type LoopbackOptions, type LoopbackPair } from '@parley/transport';

export class Turns {
  readonly #queue: (() => void)[] = [];

  pair(options: LoopbackOptions = {}): LoopbackPair {
    return createLoopbackPair({ ...options, schedule: (turn) => this.#queue.push(turn) });
  }

  async settle(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      await new Promise<void>((resolve) => {
        setImmediate(resolve);
      });
      const turn = this.#queue.shift();
      if (!turn) {
        return;
      }
      turn();
    }
    throw new Error('settle: still busy after 10000 turns');
  }
}

/** A text field for the binding: a real EventTarget with a value. */
export class FakeTextField extends EventTarget {
  value = '';

  /** Types one character (or pastes a string) at the end, as an input event. */
  type(text: string): void {
    this.value += text;
    this.dispatchEvent(new Event('input'));
  }

  backspace(): void {
    this.value = this.value.slice(0, -1);
    this.dispatchEvent(new Event('input'));
  }

  /** Presses a key; returns whether the default action was prevented. */
  key(key: string, init: { shiftKey?: boolean } = {}): boolean {
    const event = Object.assign(new Event('keydown', { cancelable: true }), {
      key,
      shiftKey: init.shiftKey ?? false,
    });
    this.dispatchEvent(event);
    return event.defaultPrevented;
  }
}
