import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { mintToken, TokenVerifier } from '../api/auth.ts';
import { createLogger, type Logger } from '../api/logger.ts';
import { startDemoApi } from '../demo/api.ts';
import { DEMO_USER, seedDemo } from '../demo/seed.ts';
import { Engine } from '../engine/index.ts';
import { ExecutionRunner } from '../jobs/execution-runner.ts';
import { JobQueue } from '../jobs/queue.ts';
import { openDatabase, SecretBox, Store } from '../store/index.ts';
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
  /** Executions run at once by this process's worker (default 20). */
  concurrency?: number;
}

/** Opens the database, brings it up to date, and serves the API until closed. */
export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const verifier = new TokenVerifier(settings.auth);
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  const store = new Store(database, SecretBox.fromSetting(settings.encryptionKey));
  const closers: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    await store.templates.loadShipped();
    const allowedHosts = [...settings.allowedHosts];
    const connectTo = { ...options.connectTo };
    let demoToken: string | undefined;
    if (options.demo) {
      // The demo API answers for the example connectors' hosts; only its own port is let through.
      const api = await startDemoApi();
      closers.unshift(() => new Promise<void>((done) => api.server.close(() => done())));
      allowedHosts.push(api.url.replace('http://', ''));
      connectTo['https://api.example.com'] = api.url;
      connectTo['https://api.hubspot.com'] = api.url;
      if (await seedDemo(store)) logger.info({ workspace: 'Demo workspace' }, 'demo workspace created');
      if (settings.auth.jwtSecret) demoToken = await mintToken(settings.auth.jwtSecret, DEMO_USER.id, { email: DEMO_USER.email, audience: settings.auth.audience, issuer: settings.auth.issuer });
    }
    const engine = new Engine({ allowedHosts, connectTo });
    closers.unshift(() => engine.close());
    const queue = new JobQueue(database);
    await queue.start();
    // Stopped before the engine and the store, so running executions can finish.
    closers.unshift(() => queue.stop());
    if (options.worker !== false) {
      const runner = new ExecutionRunner(store, engine);
      const concurrency = options.concurrency ?? 20;
      await queue.work((job) => runner.run(job.executionId), concurrency, Math.max(1, Math.ceil(concurrency / 2)));
    }
    const app = createApp({ store, engine, queue, logger, verifier, rateLimitPerMinute: settings.rateLimitPerMinute, maxBodyBytes: settings.maxBodyBytes });
    const server = await listen(app.fetch, settings.port, settings.host);
    closers.unshift(() => new Promise<void>((done) => server.close(() => done())));
    const { port } = server.address() as AddressInfo;
    const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
    logger.info({ url, database: database.kind }, 'listening');
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
