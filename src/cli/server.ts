import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { WEB_DIST } from './web-build.ts';
import { mintToken, TokenVerifier } from '../api/auth.ts';
import { createLogger, type Logger } from '../api/logger.ts';
import { demoRouting, startDemoApi } from '../demo/api.ts';
import { DEMO_USER, seedDemo } from '../demo/seed.ts';
import type { Store } from '../store/index.ts';
import { startRuntime } from './runtime.ts';
import type { Settings } from './settings.ts';

export interface RunningServer {
  url: string;
  store: Store;
  /** A token for the demo user, when the demo is on. */
  demoToken?: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Seed the demo workspace and serve the demo API it calls. */
  demo?: boolean;
  logger?: Logger;
  /** Routes origins elsewhere (tests send the example connectors to their stand-in API). */
  connectTo?: Record<string, string>;
  /** Run queued executions in this process too (default); off for an API-only process. */
  worker?: boolean;
  /** Executions run at once by this process's worker (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
}

/** Opens the database, brings it up to date, and serves the API until closed. */
export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const verifier = new TokenVerifier(settings.auth);
  const closers: (() => Promise<void> | void)[] = [];
  try {
    let routing = { allowedHosts: [] as string[], connectTo: { ...options.connectTo } };
    if (options.demo) {
      const api = await startDemoApi();
      closers.push(() => new Promise<void>((done) => api.server.close(() => done())));
      const demo = demoRouting(api.url);
      routing = { allowedHosts: demo.allowedHosts, connectTo: { ...routing.connectTo, ...demo.connectTo } };
    }
    const runtime = await startRuntime(settings, { logger, ...routing, worker: options.worker, concurrency: options.concurrency });
    closers.unshift(() => runtime.close());
    const { store, engine, queue } = runtime;
    let demoToken: string | undefined;
    if (options.demo) {
      if (await seedDemo(store)) logger.info({ workspace: 'Demo workspace' }, 'demo workspace created');
      if (settings.auth.jwtSecret) demoToken = await mintToken(settings.auth.jwtSecret, DEMO_USER.id, { email: DEMO_USER.email, audience: settings.auth.audience, issuer: settings.auth.issuer });
    }
    const app = createApp({ store, engine, queue, logger, verifier, rateLimitPerMinute: settings.rateLimitPerMinute, bulkLimitPerMinute: settings.bulkLimitPerMinute, ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}), maxBodyBytes: settings.maxBodyBytes, webDir: WEB_DIST });
    const server = await listen(app.fetch, settings.port, settings.host);
    closers.unshift(() => new Promise<void>((done) => server.close(() => done())));
    const { port } = server.address() as AddressInfo;
    const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
    logger.info({ url, database: store.database.kind }, 'listening');
    return { url, store, ...(demoToken ? { demoToken } : {}), close: () => closeAll(closers) };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

async function closeAll(closers: (() => Promise<void> | void)[]): Promise<void> {
  for (const close of closers) await close();
}
