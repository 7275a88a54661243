import { readSdpLines } from './sdp-lines.js';

/** An `m=text` RTP section for real-time text (RFC 4103 §7.2, RFC 9071 §2.3). */
export interface RtpTextMedia {
  readonly port: number;
  readonly protocol: string;
  readonly payloadTypes: readonly number[];
  /** Payload type of `t140/1000`. */
  readonly t140PayloadType?: number;
  /** Payload type of `red/1000`. */
  readonly redPayloadType?: number;
  /** Redundant generations from `a=fmtp:<red> 98/98/98` (list length minus one). */
  readonly redundancy?: number;
  /** `a=fmtp:<t140> cps=<n>`: what the SDP's author can receive. */
  readonly cps?: number;
  /** `a=rtt-mixer`: multiparty-aware (RFC 9071). */
  readonly rttMixer: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `m=text` sections of an SDP (or fragment), with their T.140 and RED payload types. */
export function parseRtpTextMedia(sdp: string): RtpTextMedia[] {
  const { attributes, media } = readSdpLines(sdp);
  const out: RtpTextMedia[] = [];
  for (const m of media) {
    if (m.media !== 'text') {
      continue;
    }
    const description: Mutable<RtpTextMedia> = {
      port: m.port,
      protocol: m.protocol,
      payloadTypes: m.formats.map(Number).filter((n) => Number.isInteger(n)),
      rttMixer: false,
    };
    const own = attributes.filter((a) => a.media === m.index);
    for (const a of own) {
      const rtpmap =
        a.name === 'rtpmap' ? /^(\d{1,3}) (t140|red)\/1000$/i.exec(a.value ?? '') : null;
      if (rtpmap) {
        if (rtpmap[2]?.toLowerCase() === 't140') {
          description.t140PayloadType = Number(rtpmap[1]);
        } else {
          description.redPayloadType = Number(rtpmap[1]);
        }
      }
      if (a.name === 'rtt-mixer' && a.value === undefined) {
        description.rttMixer = true;
      }
    }
    for (const a of own) {
      const fmtp = a.name === 'fmtp' ? /^(\d{1,3}) (.+)$/.exec(a.value ?? '') : null;
      if (!fmtp) {
        continue;
      }
      const pt = Number(fmtp[1]);
      const params = fmtp[2] ?? '';
      if (pt === description.redPayloadType) {
        const list = params.split('/');
        if (list.every((p) => /^\d{1,3}$/.test(p))) {
          description.redundancy = list.length - 1;
        }
      } else if (pt === description.t140PayloadType) {
        const cps = /(?:^|;)\s*cps=(\d{1,9})\s*(?:;|$)/.exec(params);
        if (cps && Number(cps[1]) >= 1) {
          description.cps = Number(cps[1]);
        }
      }
    }
    out.push(description);
  }
  return out;
}

/** SDP lines (no line ends) for an `m=text` section offering text/red over text/t140. */
export function generateRtpTextMedia(options: {
  readonly port: number;
  readonly protocol?: string;
  readonly t140PayloadType: number;
  readonly redPayloadType?: number;
  readonly redundancy?: number;
  readonly cps?: number;
  readonly rttMixer?: boolean;
}): string[] {
  const t140 = options.t140PayloadType;
  const red = options.redPayloadType;
  const lines = [
    `m=text ${options.port} ${options.protocol ?? 'RTP/AVP'} ${red !== undefined ? `${red} ${t140}` : `${t140}`}`,
    `a=rtpmap:${t140} t140/1000`,
  ];
  if (options.cps !== undefined) {
    lines.push(`a=fmtp:${t140} cps=${options.cps}`);
  }
  if (red !== undefined) {
    lines.push(`a=rtpmap:${red} red/1000`);
    lines.push(
      `a=fmtp:${red} ${Array.from({ length: (options.redundancy ?? 2) + 1 }, () => t140).join('/')}`,
    );
  }
  if (options.rttMixer) {
    lines.push('a=rtt-mixer');
  }
  return lines;
}
