import { describe, expect, it } from '@jest/globals';
import { lintAs } from './support/lint-probe.js';

/**
 * The browser code (the @parley/client SDK and the web app) runs in browsers only: the repository's
 * real ESLint configuration refuses Node built-ins, Node globals, servers and WebRTC stacks in it,
 * while DOM APIs and the @parley/* aliases are fine. Probe files are linted as if they were there.
 */
describe('lint boundary of the browser code', () => {
  describe.each(['libs/client/src', 'apps/web/src'])('%s', (folder) => {
    it.each([
      `import { readFile } from 'node:fs';`,
      `import { EventEmitter } from 'events';`,
      `import { WebSocket } from 'ws';`,
      `import wrtc from '@roamhq/wrtc';`,
      `import { Module } from '@nestjs/common';`,
      `import { x } from '../../transport/src/index.js';`,
    ])('refuses %s', async (line) => {
      const messages = await lintAs(`${folder}/probe.ts`, `${line}\n`);
      expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    });

    it('refuses Node globals', async () => {
      const messages = await lintAs(
        `${folder}/probe.ts`,
        `export const b = Buffer.from('x');\nexport const e = process.env;\n`,
      );
      expect(messages.map((m) => m.ruleId)).toEqual([
        'no-restricted-globals',
        'no-restricted-globals',
      ]);
    });

    it('allows DOM APIs and the @parley aliases', async () => {
      const code = `import { MsrpSession } from '@parley/msrp';\nexport const s = new WebSocket(location.href);\nexport const m = MsrpSession;\n`;
      expect(await lintAs(`${folder}/probe.ts`, code)).toEqual([]);
    });
  });
});
