import { ParleyClient, RestClient } from '@parley/client';

export async function joinRoom(
  serverUrl: string,
  field: HTMLTextAreaElement,
  chatLog: HTMLOListElement,
): Promise<ParleyClient> {
  // In development the server issues tokens; in production your backend signs them (docs/signaling.md).
  const { token } = await RestClient.devToken(serverUrl, {
    identity: 'ada',
    displayName: 'Ada',
    room: 'room-1',
  });
  const client = new ParleyClient({ serverUrl, token });
  await client.connect(); // WebRTC data channels, or the WebSocket fallbacks

  // Real-time text: every edit of the field becomes T.140; Enter ends the line.
  client.rtt.bindTextField(field);
  client.rtt.events.on('change', ({ remote }) => {
    const name = client.participants.get(remote.participantId)?.displayName ?? '?';
    console.log(`${name} is typing: ${remote.currentLine}`); // render with textContent, never innerHTML
  });

  // Chat through the room's MSRP switch, with delivery state.
  client.chat.events.on('message', (message) => {
    const item = document.createElement('li');
    item.textContent = `${message.sender.displayName}: ${message.text}`;
    chatLog.append(item);
  });
  client.chat.events.on('update', (message) => {
    console.log(`${message.messageId} is ${message.state}`); // sent, delivered, failed...
  });
  client.chat.send('Hello everyone');
  await client.chat.loadEarlier(); // older messages from the history API

  // Floor control: raise a hand, follow the queue.
  client.floor.events.on('request', (request) => {
    console.log(`my request is ${request.state}, place ${request.queuePosition ?? '-'}`);
  });
  await client.floor.request();
  return client;
}
