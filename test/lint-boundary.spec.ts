import { describe, expect, it } from '@jest/globals';
import { lintAs } from './support/lint-probe.js';

/**
 * Proves the dependency rule of ARCHITECTURE.md: the pure protocol libraries import no framework,
 * database, socket, WebRTC stack or Node built-in. The rule is read from the repository's real
 * ESLint configuration, then applied to probe files placed in each library.
 */
describe('lint boundary of the pure libraries', () => {
  const forbidden = [
    `import { Module } from '@nestjs/common';`,
    `import { DataSource } from 'typeorm';`,
    `import { Subject } from 'rxjs';`,
    `import { map } from 'rxjs/operators';`,
    `import { WebSocket } from 'ws';`,
    `import nodeDataChannel from 'node-datachannel';`,
    `import wrtc from '@roamhq/wrtc';`,
    `import { readFile } from 'node:fs';`,
    `import { EventEmitter } from 'events';`,
    `import type { Socket } from 'node:net';`,
    `export { createHash } from 'node:crypto';`,
  ];

  describe.each(['msrp', 't140', 'bfcp', 'transport'])('libs/%s', (lib) => {
    it.each(forbidden)('refuses %s', async (line) => {
      const messages = await lintAs(`libs/${lib}/src/probe.ts`, `${line}\n`);
      expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    });

    it('refuses Node globals', async () => {
      const messages = await lintAs(
        `libs/${lib}/src/probe.ts`,
        `export const b = Buffer.from('x');\nexport const e = process.env;\n`,
      );
      expect(messages.map((m) => m.ruleId)).toEqual([
        'no-restricted-globals',
        'no-restricted-globals',
      ]);
    });

    it('allows web-platform code and sibling files', async () => {
      const code = `import { x } from './x.js';\nexport const bytes = new TextEncoder().encode(String(x));\n`;
      expect(await lintAs(`libs/${lib}/src/probe.ts`, code)).toEqual([]);
    });
  });

  it('lets a pure library use another through its alias, but not by relative path', async () => {
    expect(
      await lintAs('libs/msrp/src/probe.ts', `import { x } from '@parley/transport';\n`),
    ).toEqual([]);
    const messages = await lintAs(
      'libs/msrp/src/probe.ts',
      `import { x } from '../../transport/src/index.js';\n`,
    );
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
  });

  it('does not restrict the NestJS libraries', async () => {
    const code = `import { Module } from '@nestjs/common';\nimport { DataSource } from 'typeorm';\n`;
    expect(await lintAs('libs/conference/src/probe.ts', code)).toEqual([]);
    expect(await lintAs('libs/history/src/probe.ts', code)).toEqual([]);
  });
});
