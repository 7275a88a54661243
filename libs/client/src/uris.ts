/**
 * The identifiers docs/conference.md defines: participant and room URIs in CPIM From/To, and the
 * MSRP paths of the client.
 */

const PARTICIPANT_DOMAIN = 'parley.invalid';
const ROOM_DOMAIN = 'rooms.parley.invalid';

/** Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~). */
export function encodeUnreserved(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `im:<identity>@parley.invalid` */
export function participantUri(identity: string): string {
  return `im:${encodeUnreserved(identity)}@${PARTICIPANT_DOMAIN}`;
}

/** `im:<room>@rooms.parley.invalid` */
export function roomUri(room: string): string {
  return `im:${encodeUnreserved(room)}@${ROOM_DOMAIN}`;
}

function decodeUser(uri: string, domain: string): string | undefined {
  const match = /^im:([^@]*)@(.*)$/i.exec(uri.trim());
  if (!match || match[2]?.toLowerCase() !== domain) {
    return undefined;
  }
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}

/** The identity in a participant URI, or undefined when the URI is not one. */
export function identityFromUri(uri: string): string | undefined {
  return decodeUser(uri, PARTICIPANT_DOMAIN);
}

/** The room in a room URI, or undefined when the URI is not one. */
export function roomFromUri(uri: string): string | undefined {
  return decodeUser(uri, ROOM_DOMAIN);
}
