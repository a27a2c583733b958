import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Hono } from 'hono';
import type { Env } from './env.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The web app's production build (`web/dist`) at `/`. It routes in the URL's fragment, so the
 * page and its hashed assets are all the server serves.
 */
export function mountWebUi(app: Hono<Env>, dir: string): void {
  app.get('/', async (c) => {
    const page = await readFile(join(dir, 'index.html'), 'utf8').catch(() => undefined);
    if (page === undefined) return c.text('The web app is not built: run `npm run build:web` (or `npm start`, which builds it when missing).', 503);
    return c.html(page, 200, { 'Cache-Control': 'no-cache' });
  });
  app.get('/assets/:file', async (c) => {
    // basename: a request cannot reach outside the assets folder.
    const file = basename(c.req.param('file'));
    const type = Object.hasOwn(TYPES, extname(file)) ? TYPES[extname(file)] : undefined;
    const content = type ? await readFile(join(dir, 'assets', file)).catch(() => undefined) : undefined;
    if (!type || !content) return c.notFound();
    // Names carry a hash of the content: they never change.
    return c.body(content, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
}
