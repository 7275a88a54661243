/** Maps event names to the payload their listeners receive (`undefined` for none). */
export type EventMap = object;

export type Listener<T> = [T] extends [undefined] ? () => void : (payload: T) => void;

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/**
 * A small typed event emitter for the pure libraries (no Node `events`). A listener that throws does
 * not stop the others: the error goes to `onListenerError` (default: rethrown asynchronously, so it
 * is reported but never corrupts the emitter's caller).
 */
export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) => {
      queueMicrotask(() => {
        throw error;
      });
    },
  ) {}

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    const off = this.on(event, ((payload: Events[K]) => {
      off();
      listener(payload);
    }) as Listener<Events[K]>);
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Calls every listener of `event` in the order they were added. */
  emit<K extends keyof Events>(
    event: K,
    ...payload: [Events[K]] extends [undefined] ? [] : [Events[K]]
  ): void {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) {
      return;
    }
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[K] | undefined) => void)(payload[0]);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
