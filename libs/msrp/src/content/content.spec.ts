import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@parley/transport';
import { loadRfcExample } from '../../../../test/support/fixtures.js';
import { MsrpError } from '../errors.js';
import { cpimHeaderValues, formatCpim, parseCpim, unwrapCpim, wrapCpim } from './cpim.js';
import {
  buildImdn,
  imdnRequestHeaders,
  parseImdn,
  readImdnRequest,
  IMDN_CONTENT_TYPE,
} from './imdn.js';
import {
  buildIsComposing,
  ComposingReceiver,
  ComposingSender,
  parseIsComposing,
} from './is-composing.js';

const dec = new TextDecoder();
const text = (name: string) => dec.decode(loadRfcExample(name));

describe('CPIM (RFC 3862)', () => {
  it('reads the RFC 3862 §5.1 example (container headers first) and writes it back byte for byte', () => {
    const wire = loadRfcExample('rfc3862-s5.1-cpim-detagged.cpim');
    const message = parseCpim(wire, { containerHeaders: true });
    expect(cpimHeaderValues(message, 'Subject')).toEqual([
      'the weather will be fine today',
      "beau temps prevu pour aujourd'hui",
    ]);
    expect(message.headers.find((h) => h.parameters !== '')).toEqual({
      name: 'Subject',
      parameters: ';lang=fr',
      value: "beau temps prevu pour aujourd'hui",
    });
    expect(
      cpimHeaderValues(message, 'VitalMessageOption', 'mid:MessageFeatures@id.foo.com'),
    ).toEqual(['Confirmation-requested']);
    const container = 'Content-type: Message/CPIM\r\n\r\n';
    expect(dec.decode(formatCpim(message))).toBe(dec.decode(wire).slice(container.length));
  });

  it('unwraps the CPIM body of the RFC 4975 §11.4 chunks', () => {
    const body =
      'To: Bob <sip:bob@example.com>\r\nFrom: Alice <sip:alice@example.com>\r\nDateTime: 2006-05-15T15:02:31-03:00\r\nContent-Type: text/plain\r\n\r\nABCD\r\n1234567890';
    const cpim = unwrapCpim(new TextEncoder().encode(body));
    expect(cpim.from).toEqual({ name: 'Alice', uri: 'sip:alice@example.com' });
    expect(cpim.to).toEqual([{ name: 'Bob', uri: 'sip:bob@example.com' }]);
    expect(cpim.contentType).toBe('text/plain');
    expect(dec.decode(cpim.body)).toBe('ABCD\r\n1234567890');
  });

  it('wraps and unwraps', () => {
    const wrapped = wrapCpim({
      from: { name: 'Alice "A"', uri: 'sip:alice@example.com' },
      to: [{ uri: 'sip:chatroom22@chat.example.com' }],
      dateTime: '2009-03-02T15:02:31-03:00',
      contentType: 'text/plain;charset=utf-8',
      body: 'Hello guys ✓',
    });
    const back = unwrapCpim(wrapped);
    expect(back.from).toEqual({ name: 'Alice "A"', uri: 'sip:alice@example.com' });
    expect(back.to).toEqual([{ name: undefined, uri: 'sip:chatroom22@chat.example.com' }]);
    expect(back.contentType).toBe('text/plain;charset=utf-8');
    expect(dec.decode(back.body)).toBe('Hello guys ✓');
    expect(() =>
      wrapCpim({ from: { uri: 'a' }, to: [], contentType: 'text/plain', body: '' }),
    ).toThrow(MsrpError);
    expect(() => parseCpim(new TextEncoder().encode('From <x>\r\n\r\n'))).toThrow(
      expect.objectContaining({ code: 'INVALID_CPIM' }),
    );
  });
});

describe('IMDN (RFC 5438)', () => {
  it('reads the request of the §7.1.1.3 example despite its missing empty line', () => {
    const message = parseCpim(loadRfcExample('rfc5438-s7.1.1.3-im-requesting-imdn.cpim'));
    expect(readImdnRequest(message)).toEqual({
      messageId: '34jk324j',
      dateTime: '2006-04-04T12:16:49-05:00',
      notifications: ['positive-delivery', 'negative-delivery'],
    });
    expect(dec.decode(message.body)).toBe('Hello World\r\n');
  });

  it.each([
    ['rfc5438-s7.2.1.1-delivery-imdn.cpim', { kind: 'delivery', status: 'delivered' }],
    ['rfc5438-s7.2.1.2-display-imdn.cpim', { kind: 'display', status: 'displayed' }],
  ])('reads the notification in %s', (name, notification) => {
    const imdn = parseImdn(dec.decode(parseCpim(loadRfcExample(name)).body));
    expect(imdn).toMatchObject({
      messageId: '34jk324j',
      recipientUri: 'im:bob@example.com',
      notification,
    });
  });

  it('reads the §8.1 processing notification (container headers first)', () => {
    const cpim = parseCpim(loadRfcExample('rfc5438-s8.1-processing-imdn.cpim'), {
      containerHeaders: true,
    });
    expect(parseImdn(dec.decode(cpim.body)).notification).toEqual({
      kind: 'processing',
      status: 'processed',
    });
  });

  it('builds requests and notifications that read back', () => {
    const im = wrapCpim({
      from: { uri: 'im:alice@example.com' },
      to: [{ uri: 'im:bob@example.com' }],
      headers: imdnRequestHeaders({
        messageId: 'm1x2',
        dateTime: '2024-01-01T00:00:00Z',
        notifications: ['positive-delivery', 'display'],
      }),
      contentType: 'text/plain',
      body: 'hi',
    });
    expect(readImdnRequest(parseCpim(im))?.notifications).toEqual(['positive-delivery', 'display']);
    const xml = buildImdn({
      messageId: 'm1x2',
      dateTime: '2024-01-01T00:00:00Z',
      notification: { kind: 'display', status: 'displayed' },
    });
    expect(parseImdn(xml).notification).toEqual({ kind: 'display', status: 'displayed' });
    expect(IMDN_CONTENT_TYPE).toBe('message/imdn+xml');
    expect(() => parseImdn('<imdn xmlns="urn:other"></imdn>')).toThrow(
      expect.objectContaining({ code: 'INVALID_XML' }),
    );
    expect(() => parseImdn(xml.replace('<displayed/>', '<delivered/>'))).toThrow(MsrpError);
  });
});

describe('isComposing (RFC 3994)', () => {
  it('reads the RFC 3994 §5 documents', () => {
    expect(parseIsComposing(text('rfc3994-s5-active.xml'))).toEqual({
      state: 'active',
      lastActive: undefined,
      contentType: 'text/plain',
      refresh: 90,
    });
    expect(parseIsComposing(text('rfc3994-s5-idle.xml'))).toMatchObject({
      state: 'idle',
      lastActive: '2003-01-27T10:43:00Z',
    });
    expect(parseIsComposing(buildIsComposing({ state: 'active', refresh: 60 }))).toMatchObject({
      state: 'active',
      refresh: 60,
    });
    expect(
      parseIsComposing(buildIsComposing({ state: 'active' }).replace('active', 'thinking')).state,
    ).toBe('idle');
  });

  it('sender: active once, refreshes, idle after 15 s, silent idle when the message is sent', () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const sender = new ComposingSender({
      clock,
      send: (xml) => sent.push(parseIsComposing(xml).state),
      refreshSeconds: 60,
    });
    sender.typing();
    clock.advance(5_000);
    sender.typing();
    expect(sent).toEqual(['active']);
    clock.advance(14_999);
    expect(sent).toEqual(['active']);
    clock.advance(1);
    expect(sent).toEqual(['active', 'idle']);
    sender.typing();
    clock.advance(10_000);
    sender.messageSent();
    clock.advance(120_000);
    expect(sent).toEqual(['active', 'idle', 'active']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sender refreshes an active state at the refresh interval', () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const sender = new ComposingSender({
      clock,
      send: (xml) => sent.push(parseIsComposing(xml).state),
      refreshSeconds: 60,
      idleTimeoutMs: 100_000,
    });
    for (let t = 0; t < 90_000; t += 10_000) {
      sender.typing();
      clock.advance(10_000);
    }
    expect(sent).toEqual(['active', 'active']);
    sender.stop();
  });

  it('receiver: idle on refresh expiry (default 120 s), on idle, on a content message', () => {
    const clock = new ManualClock();
    const receiver = new ComposingReceiver({ clock });
    const changes: string[] = [];
    receiver.on('change', (s) => changes.push(s.state));
    receiver.receive({ state: 'active' });
    receiver.receive({ state: 'active' });
    clock.advance(119_999);
    expect(receiver.state).toBe('active');
    clock.advance(1);
    expect(changes).toEqual(['active', 'idle']);
    receiver.receive({ state: 'active', refresh: 60 });
    receiver.messageReceived();
    receiver.receive({ state: 'active', refresh: 60 });
    receiver.receive({ state: 'idle' });
    expect(changes).toEqual(['active', 'idle', 'active', 'idle', 'active', 'idle']);
    expect(clock.pendingTimers).toBe(0);
  });
});
