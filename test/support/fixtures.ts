import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './process.js';

/**
 * The RFC examples and our constructed vectors (test/fixtures/rfc-examples, see its README): each
 * file has a `#` comment header ending with a line that is exactly `# ---`, then the payload.
 */
export const rfcExamplesDir = join(repoRoot, 'test', 'fixtures', 'rfc-examples');

export function rfcExampleNames(extension: string, prefix = ''): string[] {
  return readdirSync(rfcExamplesDir)
    .filter((name) => name.endsWith(extension) && name.startsWith(prefix))
    .sort();
}

/** The exact payload bytes of an example (header stripped). */
export function loadRfcExample(name: string): Uint8Array {
  const raw = readFileSync(join(rfcExamplesDir, name));
  const marker = raw.indexOf('# ---');
  if (marker < 0) {
    throw new Error(`${name}: no "# ---" header marker`);
  }
  const payloadStart = raw.indexOf(0x0a, marker) + 1;
  return new Uint8Array(raw.subarray(payloadStart));
}

/** The header comment lines of an example (NOTE/CHECK lines say which RFC defects it carries). */
export function rfcExampleHeader(name: string): string[] {
  const raw = readFileSync(join(rfcExamplesDir, name), 'latin1');
  const marker = raw.indexOf('# ---');
  return raw
    .slice(0, marker)
    .split(/\r?\n/)
    .filter((line) => line.startsWith('#'));
}

/** Hex text (whitespace separated, `#` comments) to bytes. */
export function hexToBytes(text: string): Uint8Array {
  const hex = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .join('')
    .replace(/\s+/g, '');
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new Error('not an even-length hex string');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return bytes;
}

/** The octets of a `.hex` example. */
export function loadHexExample(name: string): Uint8Array {
  return hexToBytes(new TextDecoder().decode(loadRfcExample(name)));
}
