import wrtc from '@roamhq/wrtc';
import { BfcpConnection, FloorChair } from '@parley/bfcp';
import { MsrpSession, type ReceivedMessage, type ReceivedReport } from '@parley/msrp';
import { T140Channel, type T140Change } from '@parley/t140';
import { appendToDataChannelSection, RtcDataChannelAdapter } from '@parley/transport';
import { randomBytes } from 'node:crypto';
import { pollUntil } from './poll-until.js';
import { SignalingTestClient } from './signaling-client.js';
import type { TestServer } from './test-server.js';

export interface JoinOptions {
  readonly identity: string;
  readonly room: string;
  readonly displayName?: string;
  readonly roles?: string[];
  /** Negotiate the three channels in SDP (RFC 8864 dcmap) instead of opening them in-band (DCEP). */
  readonly negotiated?: boolean;
}

interface Services {
  msrp: { path: string };
  t140: { cps: number };
  bfcp: { conferenceId: number; userId: number; chair: boolean };
}

/**
 * A conference participant on a real libwebrtc peer (@roamhq/wrtc): signaling, one peer connection
 * with msrp, t140 and bfcp channels, and the pure engines on top — what a client application does.
 */
export class WebRtcTestParticipant {
  readonly messages: ReceivedMessage[] = [];
  readonly reports: ReceivedReport[] = [];

  private constructor(
    readonly options: JoinOptions,
    readonly signaling: SignalingTestClient,
    readonly pc: wrtc.RTCPeerConnection,
    readonly participantId: string,
    readonly services: Services,
    readonly chat: MsrpSession,
    readonly rtt: T140Channel,
    /** FloorChair can do everything FloorParticipant does, plus ChairAction (which the server refuses to non-chairs). */
    readonly floor: FloorChair,
    /** Changes of other participants' real-time text, by source participant id. */
    readonly remoteText: Map<string, T140Change[]>,
    /** The per-source channels the server opened towards this participant. */
    readonly remoteChannels: Map<string, T140Channel>,
  ) {
    chat.on('message', (m) => this.messages.push(m));
    chat.on('report', (r) => this.reports.push(r));
  }

  static async join(server: TestServer, options: JoinOptions): Promise<WebRtcTestParticipant> {
    const token = await server.token({
      identity: options.identity,
      room: options.room,
      displayName: options.displayName ?? options.identity,
      roles: options.roles ?? [],
    });
    const signaling = await SignalingTestClient.connect(server.wsUrl);
    const joined = await signaling.join(token, options.room);
    const services = joined.services as unknown as Services;
    const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    // The server trickles candidates as soon as it answers: they are added once the answer is.
    const remoteDescriptionSet = signaling.trickleIce(pc);
    const remoteChannels = new Map<string, T140Channel>();
    const remoteText = new Map<string, T140Change[]>();
    pc.ondatachannel = ({ channel }) => {
      const match = /^rtt:(.+)$/.exec(channel.label);
      if (match) {
        const source = match[1] as string;
        const t140 = new T140Channel(new RtcDataChannelAdapter(channel));
        remoteChannels.set(source, t140);
        t140.receiver.on('change', (change) => {
          const list = remoteText.get(source) ?? [];
          list.push(change);
          remoteText.set(source, list);
        });
      }
    };
    const localPath = `msrp://${randomBytes(4).toString('hex')}.invalid:9/${randomBytes(6).toString('hex')};dc`;
    const make = (label: string, protocol: string, id: number) =>
      new RtcDataChannelAdapter(
        pc.createDataChannel(
          label,
          options.negotiated ? { negotiated: true, id, protocol } : { protocol },
        ),
        { maxMessageSize: 262_144 },
      );
    const msrpChannel = make('chat', 'msrp', 1);
    const t140Channel = make('rtt', 't140', 3);
    const bfcpChannel = make('floor', 'bfcp', 5);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const sdp = options.negotiated
      ? appendToDataChannelSection(offer.sdp ?? '', [
          'a=dcmap:1 label="chat";subprotocol="msrp"',
          'a=dcsa:1 msrp-cema',
          'a=dcsa:1 setup:active',
          'a=dcsa:1 accept-types:message/cpim text/plain',
          `a=dcsa:1 path:${localPath}`,
          'a=dcmap:3 label="rtt";subprotocol="t140"',
          'a=dcsa:3 fmtp:t140 cps=30',
          'a=dcmap:5 label="floor";subprotocol="bfcp"',
          'a=dcsa:5 floorctrl:c-only',
        ])
      : (offer.sdp ?? '');
    signaling.send({ type: 'offer', sdp });
    const answer = await signaling.next('answer');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    remoteDescriptionSet();
    await pollUntil(
      () =>
        [msrpChannel, t140Channel, bfcpChannel].every((c) => c.state === 'open') ? true : undefined,
      {
        what: `${options.identity}'s channels to open`,
      },
    );

    const chat = new MsrpSession({
      channel: msrpChannel,
      localPath,
      remotePath: services.msrp.path,
    });
    await chat.sendBodiless();
    const rtt = new T140Channel(t140Channel);
    const floor = new FloorChair(new BfcpConnection(bfcpChannel, { role: 'client' }), {
      conferenceId: services.bfcp.conferenceId,
      userId: services.bfcp.userId,
    });
    await floor.hello();
    return new WebRtcTestParticipant(
      options,
      signaling,
      pc,
      joined.participantId,
      services,
      chat,
      rtt,
      floor,
      remoteText,
      remoteChannels,
    );
  }

  /** What `sourceParticipantId` has typed, as this participant's display shows it. */
  textFrom(sourceParticipantId: string): string {
    return this.remoteChannels.get(sourceParticipantId)?.receiver.text ?? '';
  }

  close(): void {
    this.chat.close();
    this.rtt.close();
    this.pc.close();
    this.signaling.close();
  }
}
