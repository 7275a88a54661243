import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../clock/clock.js';
import { InvalidStateError, MessageTooLargeError, TransportError } from '../errors.js';
import type { ChannelState, MessageChannel } from '../channel/message-channel.js';
import { RtcDataChannelAdapter, type RtcDataChannelLike } from './rtc-data-channel.adapter.js';
import { WebSocketAdapter, type WebSocketLike } from './websocket.adapter.js';

type Handler = (event?: unknown) => void;

/** A platform object that records what is sent and lets the test fire its events. */
class FakePlatform {
  readonly sent: unknown[] = [];
  readonly handlers = new Map<string, Handler[]>();
  closed: unknown[] | undefined;
  bufferedAmount = 0;
  binaryType = 'blob';
  send(data: unknown): void {
    this.sent.push(data);
  }
  addEventListener(type: string, listener: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  fire(type: string, event?: unknown): void {
    for (const handler of this.handlers.get(type) ?? []) {
      handler(event);
    }
  }
}

class FakeDataChannel extends FakePlatform {
  readonly label = 'chat';
  readonly protocol = 'msrp';
  readonly id = 3;
  readonly ordered = true;
  readonly maxRetransmits = null;
  readonly maxPacketLifeTime = 500;
  readonly negotiated = true;
  readyState: ChannelState = 'connecting';
  bufferedAmountLowThreshold = 0;
  close(): void {
    this.closed = [];
  }
}

class FakeWebSocket extends FakePlatform {
  readonly protocol = 'bfcp';
  readyState = 0;
  close(code?: number, reason?: string): void {
    this.closed = [code, reason];
  }
}

function record(channel: MessageChannel) {
  const events: [string, unknown][] = [];
  for (const name of ['open', 'message', 'bufferedamountlow', 'error', 'close'] as const) {
    channel.on(name, (payload?: unknown) => events.push([name, payload]));
  }
  return events;
}

describe('RtcDataChannelAdapter', () => {
  it('maps the channel, its events and its send checks', () => {
    const dc = new FakeDataChannel();
    const adapter = new RtcDataChannelAdapter(dc as unknown as RtcDataChannelLike, {
      maxMessageSize: 4,
    });
    const events = record(adapter);
    expect(dc.binaryType).toBe('arraybuffer');
    expect(adapter.properties).toEqual({
      ordered: true,
      maxRetransmits: undefined,
      maxPacketLifeTime: 500,
      negotiated: true,
      id: 3,
    });
    expect(() => {
      adapter.send('x');
    }).toThrow(new InvalidStateError('cannot send on data channel "chat": it is connecting'));
    dc.readyState = 'open';
    dc.fire('open');
    adapter.send('abcd');
    adapter.send(new Uint8Array([1, 2]));
    expect(() => {
      adapter.send('abcde');
    }).toThrow(MessageTooLargeError);
    expect(() => {
      adapter.send('éé¢');
    }).toThrow(MessageTooLargeError);
    expect(dc.sent).toEqual(['abcd', new Uint8Array([1, 2])]);
    dc.fire('message', { data: 'text' });
    dc.fire('message', { data: new Uint8Array([7, 8, 9]).buffer });
    dc.fire('message', { data: { not: 'data' } });
    dc.fire('bufferedamountlow');
    dc.fire('error', { error: new RangeError('boom') });
    dc.fire('error', {});
    dc.fire('close');
    expect(events).toEqual([
      ['open', undefined],
      ['message', 'text'],
      ['message', new Uint8Array([7, 8, 9])],
      [
        'error',
        new TransportError(
          'UNSUPPORTED_MESSAGE',
          'data channel delivered a message that is neither text nor bytes',
        ),
      ],
      ['bufferedamountlow', undefined],
      ['error', new RangeError('boom')],
      ['error', new TransportError('INVALID_STATE', 'data channel error')],
      ['close', {}],
    ]);
    adapter.bufferedAmountLowThreshold = 10;
    expect(dc.bufferedAmountLowThreshold).toBe(10);
    adapter.close();
    expect(dc.closed).toEqual([]);
  });

  it('takes max-message-size 0 as no limit, and stops calling a listener after off', () => {
    const dc = new FakeDataChannel();
    const adapter = new RtcDataChannelAdapter(dc as unknown as RtcDataChannelLike, {
      maxMessageSize: 0,
    });
    expect(adapter.maxMessageSize).toBe(Number.POSITIVE_INFINITY);
    const got: unknown[] = [];
    const listener = (m: unknown) => got.push(m);
    adapter.on('message', listener);
    dc.fire('message', { data: 'a' });
    adapter.off('message', listener);
    dc.fire('message', { data: 'b' });
    expect(got).toEqual(['a']);
  });
});

describe('WebSocketAdapter', () => {
  it('maps the socket, its events and its send checks, and polls for drain', () => {
    const ws = new FakeWebSocket();
    const clock = new ManualClock();
    const adapter = new WebSocketAdapter(ws as unknown as WebSocketLike, {
      maxMessageSize: 4,
      clock,
    });
    const events = record(adapter);
    expect(adapter.label).toBe('bfcp');
    expect(() => {
      adapter.send('x');
    }).toThrow(new InvalidStateError('cannot send on WebSocket "bfcp": it is connecting'));
    ws.readyState = 1;
    ws.fire('open');
    expect(adapter.state).toBe('open');
    ws.bufferedAmount = 3;
    adapter.send(new Uint8Array([1, 2, 3]));
    expect(() => {
      adapter.send('abcde');
    }).toThrow(MessageTooLargeError);
    expect(ws.sent).toEqual([new Uint8Array([1, 2, 3])]);
    clock.advance(10);
    ws.bufferedAmount = 0;
    clock.advance(10);
    ws.fire('message', { data: new Uint8Array([5]) });
    ws.fire('message', { data: 42 });
    ws.fire('error', { message: 'reset' });
    ws.fire('close', { code: 1006, reason: 'gone' });
    expect(events).toEqual([
      ['open', undefined],
      ['bufferedamountlow', undefined],
      ['message', new Uint8Array([5])],
      [
        'error',
        new TransportError(
          'UNSUPPORTED_MESSAGE',
          'WebSocket delivered a message that is neither text nor bytes',
        ),
      ],
      ['error', new TransportError('INVALID_STATE', 'reset')],
      ['close', { code: 1006, reason: 'gone' }],
    ]);
    ws.readyState = 3;
    expect(adapter.state).toBe('closed');
    expect(() => {
      adapter.send('x');
    }).toThrow(InvalidStateError);
    adapter.close(4000, 'bye');
    expect(ws.closed).toEqual([4000, 'bye']);
  });
});
