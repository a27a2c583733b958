import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
/** Where the web app's production build lives, served at `/`. */
export const WEB_DIST = join(WEB, 'dist');

/** The newest change to the web app's sources (its build folder aside). */
function sourcesChangedAt(): number {
  const files = readdirSync(WEB, { recursive: true, encoding: 'utf8' }).filter((file) => !file.startsWith('dist'));
  return Math.max(...files.map((file) => statSync(join(WEB, file)).mtimeMs));
}

/** Builds the web app with Vite when its build is missing (a fresh clone's first `npm start`) or older than its sources. */
export async function ensureWebBuilt(log: (line: string) => void): Promise<void> {
  const page = join(WEB_DIST, 'index.html');
  if (existsSync(page) && statSync(page).mtimeMs >= sourcesChangedAt()) return;
  log('Building the web app...');
  const { build } = await import('vite');
  // Vite takes NODE_ENV over its mode, and a test runner sets it to `test`: React's development
  // build would be served.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB, 'vite.config.ts') });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
