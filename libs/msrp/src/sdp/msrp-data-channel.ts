import { dataChannelLines, dcmapFromParams, tryParseDcsa } from '@parley/transport';
import { MsrpError } from '../errors.js';
import { parseDcmap, type Dcmap } from './dcmap.js';
import {
  formatMsrpAttributes,
  parseMsrpAttributes,
  type MsrpMediaAttributes,
} from './msrp-attributes.js';
import type { MsrpUri } from '../uri/msrp-uri.js';

/** One MSRP data channel described in SDP (RFC 8873 §4): its dcmap and its dcsa attributes. */
export interface MsrpDataChannelDescription {
  readonly dcmap: Dcmap;
  readonly attributes: MsrpMediaAttributes;
}

function sdpError(message: string): MsrpError {
  return new MsrpError('INVALID_SDP', message);
}

/**
 * The session URI (rightmost in `a=path`) of a data-channel endpoint has the transport `dc`
 * (RFC 8873 §4.1) and, with `requireScheme`, the scheme `msrps` (RFC 8873 §4.2: "always msrps",
 * DTLS). The older RFC 8864 §7 examples write `msrp://...;dc`, hence the switch.
 */
function checkDataChannelPath(
  streamId: number,
  path: readonly MsrpUri[],
  requireScheme: boolean,
): void {
  const last = path[path.length - 1];
  if (last === undefined) {
    throw sdpError(`dcsa ${streamId}: empty path`);
  }
  if (last.transport !== 'dc') {
    throw sdpError(
      `dcsa ${streamId}: the path URI of an MSRP data channel has the transport "dc", not "${last.transport}" (RFC 8873 §4.1)`,
    );
  }
  if (requireScheme && last.scheme !== 'msrps') {
    throw sdpError(
      `dcsa ${streamId}: the path URI of an MSRP data channel has the scheme msrps, not ${last.scheme} (RFC 8873 §4.2)`,
    );
  }
}

/** The attribute lines of an SDP text or fragment, as `[name, value]` (value after the first colon). */
function attributeLines(sdp: string | readonly string[]): { name: string; value: string }[] {
  const lines = typeof sdp === 'string' ? sdp.split(/\r?\n/) : sdp;
  const out: { name: string; value: string }[] = [];
  for (const line of lines) {
    if (!line.startsWith('a=')) {
      continue;
    }
    const body = line.slice(2);
    const colon = body.indexOf(':');
    out.push(
      colon < 0
        ? { name: body, value: '' }
        : { name: body.slice(0, colon), value: body.slice(colon + 1) },
    );
  }
  return out;
}

/**
 * Finds the MSRP data channels in an SDP m-section (or whole SDP text): every `a=dcmap` with
 * `subprotocol="msrp"`, with the attributes of its `a=dcsa:<id>` lines. Checks the RFC 8873 §4.3-4.5
 * rules: no max-retr/max-time, ordered only true, and the mandatory `path`, `msrp-cema` and `setup`
 * dcsa attributes (`requireRfc8873: false` accepts the older RFC 8864 examples that lack the last
 * two). dcsa lines without a dcmap are discarded (RFC 8864 §5.2). Throws `MsrpError('INVALID_SDP')`.
 */
export function parseMsrpDataChannels(
  sdp: string | readonly string[],
  options: { readonly requireRfc8873?: boolean } = {},
): MsrpDataChannelDescription[] {
  const strict = options.requireRfc8873 ?? true;
  const lines = attributeLines(sdp);
  const maps = lines.filter((l) => l.name === 'dcmap').map((l) => parseDcmap(l.value));
  const bodiesById = new Map<number, string[]>();
  for (const line of lines) {
    const dcsa = line.name === 'dcsa' ? tryParseDcsa(line.value) : undefined;
    if (dcsa) {
      const bodies = bodiesById.get(dcsa.streamId) ?? [];
      bodies.push(dcsa.attribute);
      bodiesById.set(dcsa.streamId, bodies);
    }
  }
  const out: MsrpDataChannelDescription[] = [];
  for (const dcmap of maps) {
    if (dcmap.subprotocol !== 'msrp') {
      continue;
    }
    if (dcmap.maxRetr !== undefined || dcmap.maxTime !== undefined) {
      throw sdpError(
        `dcmap ${dcmap.streamId}: MSRP needs a reliable channel (no max-retr/max-time, RFC 8873 §4.3)`,
      );
    }
    if (dcmap.ordered === false) {
      throw sdpError(`dcmap ${dcmap.streamId}: MSRP needs an ordered channel (RFC 8873 §4.3)`);
    }
    const attributes = parseMsrpAttributes(bodiesById.get(dcmap.streamId) ?? []);
    if (strict && (!attributes.cema || attributes.setup === undefined)) {
      throw sdpError(
        `dcmap ${dcmap.streamId}: dcsa msrp-cema and setup are mandatory (RFC 8873 §4.4)`,
      );
    }
    checkDataChannelPath(dcmap.streamId, attributes.path, strict);
    out.push({ dcmap, attributes });
  }
  return out;
}

/**
 * The `a=dcmap` and `a=dcsa` lines (without CRLF) describing one MSRP data channel (RFC 8873 §4).
 * `a=dcsa:<id> msrp-cema` is always written whatever `attributes.cema` says, `setup` is required
 * and the session URI must be `msrps:...;dc` (RFC 8873 §4.1, §4.2, §4.4), as parsing requires.
 */
export function formatMsrpDataChannel(description: MsrpDataChannelDescription): string[] {
  const { dcmap, attributes } = description;
  if (dcmap.maxRetr !== undefined || dcmap.maxTime !== undefined || dcmap.ordered === false) {
    throw sdpError('an MSRP data channel is reliable and ordered (RFC 8873 §4.3)');
  }
  if (attributes.setup === undefined) {
    throw sdpError(`dcsa ${dcmap.streamId}: setup is mandatory (RFC 8873 §4.4, §4.5)`);
  }
  checkDataChannelPath(dcmap.streamId, attributes.path, true);
  return dataChannelLines({
    dcmap: dcmapFromParams({ ...dcmap, subprotocol: 'msrp' }),
    // RFC 8873 §4.4: msrp-cema is mandatory on a data channel; spread first, then force it.
    attributes: formatMsrpAttributes({ ...attributes, cema: true }),
  });
}
