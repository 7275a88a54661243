import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import type { ParticipantIdentity } from '../auth/participant-identity.js';
import { resolveParleyOptions } from '../parley.options.js';
import { RoomRegistry } from './room-registry.service.js';

const identity = (name: string, roles: string[] = []): ParticipantIdentity => ({
  identity: name,
  room: 'r1',
  displayName: name,
  roles,
  expiresAt: 2_000_000_000,
});

const signal = () => ({ send: () => undefined, close: () => undefined });

describe('RoomRegistry events', () => {
  it('says when a participant resumes with a new token and when the last one leaves', () => {
    const rooms = new RoomRegistry(
      resolveParleyOptions({
        auth: { jwtSecret: 'a-test-secret-of-at-least-32-characters!' },
        signaling: { reconnectGraceMs: 1000 },
      }),
    );
    const clock = new ManualClock();
    rooms.clock = clock;
    const log: string[] = [];
    rooms.on('participant-joined', (p) => log.push(`joined ${p.identity.identity}`));
    rooms.on('participant-resumed', (p) =>
      log.push(`resumed ${p.identity.identity} ${p.identity.roles.join(',')}`),
    );
    rooms.on('participant-left', (p) => log.push(`left ${p.identity.identity}`));
    rooms.on('room-empty', (room) => log.push(`empty ${room}`));

    const first = signal();
    const { participant: alice } = rooms.join(identity('alice'), first);
    const { participant: bob } = rooms.join(identity('bob'), signal());
    rooms.join(identity('alice', ['chair']), signal());
    rooms.leave(bob);
    rooms.disconnected(alice, alice.currentSignal as ReturnType<typeof signal>);
    clock.advance(1000);
    expect(log).toEqual([
      'joined alice',
      'joined bob',
      'resumed alice chair',
      'left bob',
      'left alice',
      'empty r1',
    ]);
  });
});
