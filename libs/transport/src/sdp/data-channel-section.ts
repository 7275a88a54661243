import {
  DataChannelSdpError,
  parseDcmap,
  parseDcsa,
  parseSdpInteger,
  serializeDcmap,
  serializeDcsa,
  type Dcmap,
  type Dcsa,
} from './dcmap.js';

/** A negotiated data channel as described by one dcmap and its dcsa attributes. */
export interface DataChannelDescription {
  readonly dcmap: Dcmap;
  /** dcsa attribute bodies for this stream id, in order. */
  readonly attributes: readonly string[];
}

/** What the `webrtc-datachannel` m-section of an SDP says about data channels. */
export interface DataChannelSection {
  /** `a=sctp-port` (RFC 8841), when present. */
  readonly sctpPort?: number | undefined;
  /** `a=max-message-size`; 65536 when absent (RFC 8841 §6); 0 means no limit. */
  readonly maxMessageSize: number;
  readonly channels: readonly DataChannelDescription[];
  /** Problems found (bad dcmap lines, dcsa without dcmap); such lines are ignored, as RFC 8864 asks. */
  readonly problems: readonly string[];
}

/**
 * Reads the data-channel m-section of an SDP (the first `m=application ... webrtc-datachannel`).
 * Never throws: bad lines are reported in `problems` and ignored. Returns undefined without such a section.
 */
export function readDataChannelSection(sdp: string): DataChannelSection | undefined {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((line) =>
    /^m=application \S+ \S*SCTP\S* webrtc-datachannel/.test(line),
  );
  if (start < 0) {
    return undefined;
  }
  let sctpPort: number | undefined;
  let maxMessageSize = 65536;
  const dcmaps: Dcmap[] = [];
  const dcsas: Dcsa[] = [];
  const problems: string[] = [];
  for (let i = start + 1; i < lines.length && !(lines[i] as string).startsWith('m='); i++) {
    const line = lines[i] as string;
    try {
      if (line.startsWith('a=sctp-port:')) {
        const at = 'a=sctp-port:'.length;
        sctpPort = parseSdpInteger(line.slice(at).trim(), 65535, line, at);
      } else if (line.startsWith('a=max-message-size:')) {
        const at = 'a=max-message-size:'.length;
        maxMessageSize = parseSdpInteger(line.slice(at).trim(), Number.MAX_SAFE_INTEGER, line, at);
      } else if (line.startsWith('a=dcmap:')) {
        const dcmap = parseDcmap(line.slice('a=dcmap:'.length));
        if (dcmaps.some((d) => d.streamId === dcmap.streamId)) {
          throw new DataChannelSdpError('duplicate stream id', line);
        }
        dcmaps.push(dcmap);
      } else if (line.startsWith('a=dcsa:')) {
        dcsas.push(parseDcsa(line.slice('a=dcsa:'.length)));
      }
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  for (const dcsa of dcsas) {
    if (!dcmaps.some((d) => d.streamId === dcsa.streamId)) {
      problems.push(`dcsa for stream ${String(dcsa.streamId)} without a dcmap: ignored`);
    }
  }
  return {
    sctpPort,
    maxMessageSize,
    channels: dcmaps.map((dcmap) => ({
      dcmap,
      attributes: dcsas.filter((d) => d.streamId === dcmap.streamId).map((d) => d.attribute),
    })),
    problems,
  };
}

/**
 * Returns `sdp` with `lines` (without line endings, e.g. `a=dcmap:1 ...`) appended to its
 * data-channel m-section, keeping the SDP's line ending. Returns `sdp` unchanged without such a section.
 */
export function appendToDataChannelSection(sdp: string, lines: readonly string[]): string {
  if (lines.length === 0) {
    return sdp;
  }
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const all = sdp.split(/\r?\n/);
  const trailingEmpty = all[all.length - 1] === '';
  if (trailingEmpty) {
    all.pop();
  }
  const start = all.findIndex((line) =>
    /^m=application \S+ \S*SCTP\S* webrtc-datachannel/.test(line),
  );
  if (start < 0) {
    return sdp;
  }
  let end = start + 1;
  while (end < all.length && !(all[end] as string).startsWith('m=')) {
    end++;
  }
  all.splice(end, 0, ...lines);
  return all.join(eol) + (trailingEmpty ? eol : '');
}

/** Returns `sdp` without any `a=dcmap`/`a=dcsa` line (e.g. lines a stack echoed from the offer into its answer). */
export function withoutDataChannelAttributes(sdp: string): string {
  return sdp.replace(/^a=dcmap:.*(?:\r?\n|$)|^a=dcsa:.*(?:\r?\n|$)/gm, '');
}

/** The `a=dcmap`/`a=dcsa` lines describing one channel. */
export function dataChannelLines(description: DataChannelDescription): string[] {
  return [
    `a=dcmap:${serializeDcmap(description.dcmap)}`,
    ...description.attributes.map(
      (attribute) => `a=dcsa:${serializeDcsa({ streamId: description.dcmap.streamId, attribute })}`,
    ),
  ];
}
