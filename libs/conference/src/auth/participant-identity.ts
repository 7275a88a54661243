/** Who a signed token says its holder is. */
export interface ParticipantIdentity {
  /** Stable identity (JWT `sub`), unique within a room. */
  readonly identity: string;
  /** The one room the token admits to (JWT `room`). */
  readonly room: string;
  /** Name shown to others (JWT `name`). */
  readonly displayName: string;
  /** Roles (JWT `roles`); `chair` may moderate the floor. */
  readonly roles: readonly string[];
  /** Token expiry, seconds since the epoch (JWT `exp`). */
  readonly expiresAt: number;
}

export const CHAIR_ROLE = 'chair';

export function isChair(identity: Pick<ParticipantIdentity, 'roles'>): boolean {
  return identity.roles.includes(CHAIR_ROLE);
}
