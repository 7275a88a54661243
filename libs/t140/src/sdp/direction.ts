import { T140Error } from '../errors.js';

/** A T.140 data-channel direction attribute inside `a=dcsa` (RFC 8865 §4.2.3). */
export type T140Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export const T140_DIRECTIONS: readonly T140Direction[] = [
  'sendrecv',
  'sendonly',
  'recvonly',
  'inactive',
];

export function isT140Direction(value: string): value is T140Direction {
  return (T140_DIRECTIONS as readonly string[]).includes(value);
}

/**
 * The directions an answer may carry for an offered direction (RFC 8865 §4.2.3.2, RFC 3264):
 * sendrecv → any; sendonly → recvonly/inactive; recvonly → sendonly/inactive; inactive → inactive.
 */
export function allowedAnswerDirections(offered: T140Direction): readonly T140Direction[] {
  switch (offered) {
    case 'sendrecv':
      return T140_DIRECTIONS;
    case 'sendonly':
      return ['recvonly', 'inactive'];
    case 'recvonly':
      return ['sendonly', 'inactive'];
    case 'inactive':
      return ['inactive'];
  }
}

/**
 * The answerer's direction for an offered one, given what the answerer wants to do: the wish is
 * narrowed to what the offer allows (e.g. an offer of sendonly and a wish of sendrecv → recvonly).
 */
export function answerDirection(
  offered: T140Direction,
  wish: T140Direction = 'sendrecv',
): T140Direction {
  const send =
    (wish === 'sendrecv' || wish === 'sendonly') &&
    offered !== 'sendonly' &&
    offered !== 'inactive';
  const receive =
    (wish === 'sendrecv' || wish === 'recvonly') &&
    offered !== 'recvonly' &&
    offered !== 'inactive';
  const direction: T140Direction = send
    ? receive
      ? 'sendrecv'
      : 'sendonly'
    : receive
      ? 'recvonly'
      : 'inactive';
  if (!allowedAnswerDirections(offered).includes(direction)) {
    throw new T140Error('INVALID_STATE', `no answer direction for offer ${offered}`);
  }
  return direction;
}

/**
 * What the offerer may do once the answer arrived (RFC 8865 §4.2.3.3): it must not send when the
 * answer says inactive or sendonly. A missing or illegal marking is treated as sendrecv.
 */
export function offererDirection(
  offered: T140Direction,
  answered: T140Direction | undefined,
): T140Direction {
  const answer =
    answered !== undefined && allowedAnswerDirections(offered).includes(answered)
      ? answered
      : 'sendrecv';
  const send =
    (offered === 'sendrecv' || offered === 'sendonly') &&
    (answer === 'sendrecv' || answer === 'recvonly');
  const receive =
    (offered === 'sendrecv' || offered === 'recvonly') &&
    (answer === 'sendrecv' || answer === 'sendonly');
  return send ? (receive ? 'sendrecv' : 'sendonly') : receive ? 'recvonly' : 'inactive';
}
