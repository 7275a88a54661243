import { describe, expect, it } from '@jest/globals';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  ping: undefined;
  data: number;
}

describe('TypedEmitter', () => {
  it('calls listeners in order and unsubscribes', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const off = emitter.on('data', (n) => seen.push(`a${n}`));
    emitter.on('data', (n) => seen.push(`b${n}`));
    emitter.emit('data', 1);
    off();
    emitter.emit('data', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('once fires a single time', () => {
    const emitter = new TypedEmitter<Events>();
    let count = 0;
    emitter.once('ping', () => count++);
    emitter.emit('ping');
    emitter.emit('ping');
    expect(count).toBe(1);
    expect(emitter.listenerCount('ping')).toBe(0);
  });

  it('a throwing listener does not stop the others', () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<Events>((e) => errors.push(e));
    let reached = false;
    emitter.on('ping', () => {
      throw new Error('boom');
    });
    emitter.on('ping', () => {
      reached = true;
    });
    emitter.emit('ping');
    expect(reached).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
