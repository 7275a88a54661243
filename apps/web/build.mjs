// Bundles the web client for browsers with esbuild: apps/web/src/main.ts (and the @parley/* sources it
// imports, resolved through the root tsconfig paths) into dist/app.js, and copies static/ beside it;
// and the SDK alone, @parley/client as one ES module, into dist/parley-client.js (for pages that
// import it from the server: `import { ParleyClient } from '/parley-client.js'`).
// The server serves dist/ at "/". `node apps/web/build.mjs --watch` rebuilds on change.
import { build, context } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = `${here}dist`;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
cpSync(`${here}static`, outdir, { recursive: true });

const options = {
  entryPoints: { app: `${here}src/main.ts`, 'parley-client': `${root}libs/client/src/index.ts` },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  sourcemap: true,
  minify: true,
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
};

if (process.argv.includes('--watch')) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`web: watching, output in ${outdir}`);
} else {
  await build(options);
}
