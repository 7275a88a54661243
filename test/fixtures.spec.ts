import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHexExample, loadRfcExample, rfcExamplesDir } from './support/fixtures.js';

interface ManifestEntry {
  readonly kind?: 'hex';
  readonly octets?: number;
  readonly octets_sha256?: string;
  readonly payload_bytes?: number;
  readonly payload_sha256?: string;
}

const manifest = JSON.parse(readFileSync(join(rfcExamplesDir, 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestEntry
>;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('RFC example fixtures load the exact bytes the manifest records', () => {
  it.each(Object.keys(manifest))('%s', (name) => {
    const entry = manifest[name]!;
    if (entry.kind === 'hex') {
      const octets = loadHexExample(name);
      expect({ size: octets.length, sha: sha256(octets) }).toEqual({
        size: entry.octets,
        sha: entry.octets_sha256,
      });
    } else {
      const payload = loadRfcExample(name);
      expect({ size: payload.length, sha: sha256(payload) }).toEqual({
        size: entry.payload_bytes,
        sha: entry.payload_sha256,
      });
    }
  });
});
