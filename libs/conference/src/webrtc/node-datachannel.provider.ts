import { Injectable } from '@nestjs/common';
import type { MessageChannel, Unsubscribe } from '@parley/transport';
import { TypedEmitter } from '@parley/transport';
import nodeDataChannel, {
  type DataChannel,
  type IceServer as NdcIceServer,
  type PeerConnection,
} from 'node-datachannel';
import type { ResolvedParleyOptions } from '../parley.options.js';
import { NodeDataChannelAdapter } from './node-datachannel-channel.adapter.js';
import {
  PeerNegotiationError,
  type DataChannelInit,
  type PeerConnectionState,
  type ServerPeer,
  type ServerPeerConfig,
  type ServerPeerEvents,
  type WebRtcProvider,
} from './webrtc-provider.js';

const DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65_536;

/** Reads `a=max-message-size` from an SDP (RFC 8841 §6: 64K when absent, 0 = no limit). */
export function remoteMaxMessageSize(sdp: string): number {
  const match = /^a=max-message-size:(\d+)\s*$/m.exec(sdp);
  if (!match) {
    return DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
  }
  const value = Number(match[1]);
  return value === 0 ? Number.POSITIVE_INFINITY : value;
}

/** `stun:host:port` / `turn:host:port?transport=tcp` to libdatachannel's ICE server form. */
function toNdcIceServers(config: ServerPeerConfig): (string | NdcIceServer)[] {
  const servers: (string | NdcIceServer)[] = [];
  for (const server of config.iceServers) {
    for (const url of server.urls) {
      const match =
        /^(stuns?|turns?):([^:?]+|\[[^\]]+\])(?::(\d+))?(?:\?transport=(udp|tcp))?$/.exec(url);
      if (!match) {
        continue;
      }
      const [, scheme, host = '', port, transport] = match;
      if (scheme === 'stun' || scheme === 'stuns') {
        servers.push(`${scheme}:${host}:${port ?? '3478'}`);
      } else {
        servers.push({
          hostname: host.replace(/^\[|\]$/g, ''),
          port: Number(port ?? (scheme === 'turns' ? 5349 : 3478)),
          username: server.username ?? '',
          password: server.credential ?? '',
          relayType: scheme === 'turns' ? 'TurnTls' : transport === 'tcp' ? 'TurnTcp' : 'TurnUdp',
        });
      }
    }
  }
  return servers;
}

function toState(state: string): PeerConnectionState {
  switch (state) {
    case 'new':
    case 'connecting':
    case 'connected':
    case 'disconnected':
    case 'failed':
    case 'closed':
      return state;
    default:
      return 'connecting';
  }
}

class NodeDataChannelPeer implements ServerPeer {
  readonly #events = new TypedEmitter<ServerPeerEvents>();
  readonly #pc: PeerConnection;
  #state: PeerConnectionState = 'new';
  #remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
  #pendingDescription: ((sdp: string) => void) | undefined;

  constructor(config: ServerPeerConfig, options: ResolvedParleyOptions['webrtc']) {
    this.#pc = new nodeDataChannel.PeerConnection(config.name, {
      iceServers: toNdcIceServers(config),
      maxMessageSize: options.maxMessageSize,
      disableAutoNegotiation: true,
      enableIceTcp: options.iceTcp,
      ...(options.bindAddress === undefined ? {} : { bindAddress: options.bindAddress }),
      ...(options.portRange === undefined
        ? {}
        : { portRangeBegin: options.portRange.begin, portRangeEnd: options.portRange.end }),
    });
    this.#pc.onLocalDescription((sdp) => {
      const resolve = this.#pendingDescription;
      this.#pendingDescription = undefined;
      resolve?.(sdp);
    });
    this.#pc.onLocalCandidate((candidate, mid) => {
      this.#events.emit('candidate', { candidate: candidate.replace(/^a=/, ''), mid });
    });
    this.#pc.onGatheringStateChange((state) => {
      if (state === 'complete') {
        this.#events.emit('gathering-complete');
      }
    });
    this.#pc.onStateChange((state) => {
      this.#state = toState(state);
      this.#events.emit('state', this.#state);
    });
    this.#pc.onDataChannel((channel) => {
      this.#events.emit(
        'data-channel',
        this.#adapt(channel, { ordered: true, negotiated: false, id: channel.getId() }),
      );
    });
  }

  get state(): PeerConnectionState {
    return this.#state;
  }

  get remoteMaxMessageSize(): number {
    return this.#remoteMaxMessageSize;
  }

  async answer(offerSdp: string): Promise<string> {
    this.#guard(() => {
      this.#pc.setRemoteDescription(offerSdp, 'offer');
    });
    this.#remoteMaxMessageSize = remoteMaxMessageSize(offerSdp);
    return this.#localDescription('answer');
  }

  async offer(): Promise<string> {
    return this.#localDescription('offer');
  }

  acceptAnswer(answerSdp: string): void {
    this.#guard(() => {
      this.#pc.setRemoteDescription(answerSdp, 'answer');
    });
    this.#remoteMaxMessageSize = remoteMaxMessageSize(answerSdp);
  }

  addRemoteCandidate(candidate: string, mid: string): void {
    this.#guard(() => {
      this.#pc.addRemoteCandidate(
        candidate.startsWith('candidate:') ? candidate : `candidate:${candidate}`,
        mid,
      );
    });
  }

  createDataChannel(label: string, init: DataChannelInit): MessageChannel {
    const channel = this.#pc.createDataChannel(label, {
      protocol: init.protocol,
      ...(init.negotiated ? { negotiated: true, id: init.id } : {}),
      ...(init.ordered === false ? { unordered: true } : {}),
      ...(init.maxRetransmits === undefined ? {} : { maxRetransmits: init.maxRetransmits }),
      ...(init.maxPacketLifeTime === undefined
        ? {}
        : { maxPacketLifeTime: init.maxPacketLifeTime }),
    });
    return this.#adapt(channel, {
      ordered: init.ordered ?? true,
      maxRetransmits: init.maxRetransmits,
      maxPacketLifeTime: init.maxPacketLifeTime,
      negotiated: init.negotiated ?? false,
      id: init.negotiated ? init.id : undefined,
    });
  }

  close(): void {
    this.#pendingDescription = undefined;
    this.#pc.close();
  }

  on<K extends keyof ServerPeerEvents>(
    event: K,
    listener: ServerPeerEvents[K] extends undefined
      ? () => void
      : (payload: ServerPeerEvents[K]) => void,
  ): Unsubscribe {
    return this.#events.on(event, listener as never);
  }

  #adapt(
    channel: DataChannel,
    properties: NodeDataChannelAdapter['properties'],
  ): NodeDataChannelAdapter {
    return new NodeDataChannelAdapter(channel, properties, this.#remoteMaxMessageSize);
  }

  #localDescription(type: 'offer' | 'answer'): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.#pendingDescription = resolve;
      try {
        this.#pc.setLocalDescription(type);
      } catch (error) {
        this.#pendingDescription = undefined;
        reject(new PeerNegotiationError(error instanceof Error ? error.message : String(error)));
      }
    });
  }

  #guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      throw new PeerNegotiationError(
        error instanceof Error
          ? error.message.replace(/^libdatachannel error while /, '')
          : String(error),
      );
    }
  }
}

/** The server's WebRTC stack: libdatachannel through node-datachannel's native API. */
@Injectable()
export class NodeDataChannelProvider implements WebRtcProvider {
  constructor(private readonly options: ResolvedParleyOptions['webrtc']) {}

  createPeer(config: ServerPeerConfig): ServerPeer {
    return new NodeDataChannelPeer(config, this.options);
  }

  shutdown(): void {
    nodeDataChannel.cleanup();
  }
}
