import type { ChatDeliveryState, FloorRequestState, OwnFloorRequest } from '@parley/client';

/** Delivery state in words (never colour alone), with a symbol for sighted users. */
export function deliveryLabel(
  state: ChatDeliveryState,
  failure?: { reason: string },
  toRoom = false,
): string {
  switch (state) {
    case 'sending':
      return 'Sending…';
    case 'sent':
      return '✓ Sent';
    case 'delivered':
      return toRoom ? '✓✓ Delivered to the room' : '✓✓ Delivered';
    case 'partial':
      return `⚠ Not delivered to everyone${failure ? `: ${failure.reason}` : ''}`;
    case 'failed':
      return `✗ Not delivered${failure ? `: ${failure.reason}` : ''}`;
  }
}

export function timeLabel(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : n % 10 === 1
        ? 'st'
        : n % 10 === 2
          ? 'nd'
          : n % 10 === 3
            ? 'rd'
            : 'th';
  return `${n}${suffix}`;
}

/**
 * One sentence about our own request on a floor; `place` is our place among the raised hands
 * (1 = next), when known.
 */
export function ownFloorSentence(
  request: OwnFloorRequest | undefined,
  floorName: string,
  place?: number,
): string {
  if (!request) {
    return `Your hand is down.`;
  }
  return floorStateSentence(request.state, place ?? request.queuePosition, floorName);
}

export function floorStateSentence(
  state: FloorRequestState,
  place: number | undefined,
  floorName: string,
): string {
  switch (state) {
    case 'pending':
      return place === undefined
        ? 'Your hand is raised: waiting for the chair.'
        : `Your hand is raised, ${ordinal(place)} in line: waiting for the chair.`;
    case 'accepted':
      return place === undefined
        ? 'Your hand is raised: you are in the queue.'
        : `Your hand is raised, ${ordinal(place)} in line.`;
    case 'granted':
      return `You have the floor (${floorName}).`;
    case 'denied':
      return 'The chair lowered your hand.';
    case 'revoked':
      return 'The chair took the floor back.';
    case 'cancelled':
      return 'Your hand is down.';
    case 'released':
      return 'You gave the floor back.';
  }
}
