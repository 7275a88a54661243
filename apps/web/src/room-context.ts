import type { ParleyClient, ParticipantSummary } from '@parley/client';
import type { Announcer } from './announcer.js';
import type { Settings } from './settings.js';

/** What every panel of the room screen shares. */
export interface RoomContext {
  readonly client: ParleyClient;
  readonly announcer: Announcer;
  settings(): Settings;
}

/** A participant's name as shown everywhere (display name; "You" for ourselves is added by callers). */
export function participantName(
  participant: ParticipantSummary | undefined,
  fallback = 'Someone',
): string {
  return participant?.displayName ?? fallback;
}

/** Makes a string safe for an element id (participant ids are UUIDs, but never trust input). */
export function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
