import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web/dist (the bundled web client), found from this file in src/ (tests) or dist/ (built). */
export const WEB_APP_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Serves the web client at `/` when it has been built (`npm run build:web`); says whether it did. */
export function serveWebApp(app: NestExpressApplication, root = WEB_APP_ROOT): boolean {
  if (!existsSync(join(root, 'index.html'))) {
    return false;
  }
  app.useStaticAssets(root, { index: 'index.html', fallthrough: true });
  return true;
}
