/**
 * The URIs a room's chat uses in CPIM From/To (docs/conference.md): participants are
 * `im:<identity>@parley.invalid`, the room itself `im:<room>@rooms.parley.invalid`.
 */
const PARTICIPANT_HOST = 'parley.invalid';
const ROOM_HOST = 'rooms.parley.invalid';

const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export function participantUri(identity: string): string {
  return `im:${encode(identity)}@${PARTICIPANT_HOST}`;
}

export function roomUri(room: string): string {
  return `im:${encode(room)}@${ROOM_HOST}`;
}

/** What a CPIM address URI names in a room: the room, a participant identity, or nothing we know. */
export function readChatUri(uri: string): { room: string } | { identity: string } | undefined {
  const match = /^im:([^@]+)@(.+)$/i.exec(uri.trim());
  if (!match) {
    return undefined;
  }
  let user: string;
  try {
    user = decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
  const host = (match[2] as string).toLowerCase();
  if (host === ROOM_HOST) {
    return { room: user };
  }
  if (host === PARTICIPANT_HOST) {
    return { identity: user };
  }
  return undefined;
}

/** The server's MSRP session path for one participant's chat channel (`dc` or `ws` transport). */
export function switchPath(sessionId: string, transport: 'dc' | 'ws'): string {
  return `msrps://${PARTICIPANT_HOST}:9/${sessionId};${transport}`;
}
