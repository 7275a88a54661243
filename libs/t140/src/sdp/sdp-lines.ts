/** One `a=` attribute line of an SDP, with the byte offset of the line in the whole SDP. */
export interface SdpAttributeLine {
  readonly name: string;
  /** The value after the colon, or undefined for a property attribute (`a=sendrecv`). */
  readonly value: string | undefined;
  /** Byte offset (UTF-8) of the line start. */
  readonly offset: number;
  /** Byte offset of the value start (or of the line end for a property attribute). */
  readonly valueOffset: number;
  /** Index of the m= section the line belongs to (-1: session level). */
  readonly media: number;
}

export interface SdpMediaLine {
  readonly index: number;
  readonly media: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly string[];
  readonly offset: number;
}

const encoder = new TextEncoder();

/** Splits SDP text (CRLF or LF) into its attribute lines and m= lines, keeping byte offsets. */
export function readSdpLines(sdp: string): {
  attributes: SdpAttributeLine[];
  media: SdpMediaLine[];
} {
  const attributes: SdpAttributeLine[] = [];
  const media: SdpMediaLine[] = [];
  let offset = 0;
  let section = -1;
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('m=')) {
      const [kind = '', port = '', protocol = '', ...formats] = line.slice(2).split(' ');
      section++;
      media.push({
        index: section,
        media: kind,
        port: Number.parseInt(port, 10),
        protocol,
        formats,
        offset,
      });
    } else if (line.startsWith('a=')) {
      const colon = line.indexOf(':');
      const name = colon < 0 ? line.slice(2) : line.slice(2, colon);
      const value = colon < 0 ? undefined : line.slice(colon + 1);
      const valueOffset =
        offset +
        (colon < 0 ? encoder.encode(line).length : encoder.encode(line.slice(0, colon + 1)).length);
      attributes.push({ name, value, offset, valueOffset, media: section });
    }
    offset += encoder.encode(raw).length + 1;
  }
  return { attributes, media };
}
