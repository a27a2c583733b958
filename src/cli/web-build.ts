import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the web app's production build lives, served at `/`. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the web app with Vite when its build is missing (a fresh clone's first `npm start`). */
export async function ensureWebBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(`${WEB_DIST}/index.html`)) return;
  log('Building the web app (first start only)...');
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)) });
}
