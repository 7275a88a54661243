import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clientMessageJsonSchema, clientMessageSchema } from './signaling.protocol.js';

const doc = readFileSync(
  fileURLToPath(new URL('../../../../docs/signaling.md', import.meta.url)),
  'utf8',
);

describe('the signaling schema', () => {
  it('is published in docs/signaling.md exactly as the server validates it', () => {
    const block = /## Schema[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block as string)).toEqual(clientMessageJsonSchema());
  });

  it('accepts the documented messages and refuses unknown fields and types', () => {
    expect(clientMessageSchema.safeParse({ type: 'authenticate', token: 't' }).success).toBe(true);
    expect(clientMessageSchema.safeParse({ type: 'join', room: 'r1', id: 'x' }).success).toBe(true);
    expect(clientMessageSchema.safeParse({ type: 'shout' }).success).toBe(false);
    expect(clientMessageSchema.safeParse({ type: 'authenticate' }).success).toBe(false);
  });
});
