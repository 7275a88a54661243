import { WebSocket } from 'ws';

/**
 * An open WebSocket to one of the server's fallbacks for clients without WebRTC: `/msrp`, `/bfcp`
 * or `/t140`, with the participant's token in the query and the subprotocol of the same name.
 * The caller closes it.
 */
export async function openFallbackSocket(
  wsUrl: string,
  protocol: 'msrp' | 'bfcp' | 't140',
  token: string,
): Promise<WebSocket> {
  const ws = new WebSocket(`${wsUrl}/${protocol}?token=${encodeURIComponent(token)}`, [protocol]);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  return ws;
}
