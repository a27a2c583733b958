import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { mintToken } from '../../src/api/auth.ts';
import { createLogger } from '../../src/api/logger.ts';
import type { Settings } from '../../src/cli/settings.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/cli/server.ts';
import { SecretBox } from '../../src/store/index.ts';
import type { components } from '../../web/src/api-schema.ts';

/*
 * The API under test: the real server over real HTTP, on PGlite (always) and on PostgreSQL
 * (when one answers on 127.0.0.1:5432; a fresh database per suite).
 */

/** The API's resources, as its OpenAPI document describes them. */
export type Schemas = components['schemas'];

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

export const postgresReachable = await (async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL} (${(error as Error).message}): the PostgreSQL runs of the API suites are skipped`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
})();

export interface Backend {
  name: 'PGlite' | 'PostgreSQL';
  /** Makes an empty database (a folder, or a database on the server) and says how to reach it. */
  create(): Promise<{ databaseUrl?: string; dataDir: string; drop(): Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'PGlite',
    async create() {
      const dataDir = await mkdtemp(join(tmpdir(), 'connectors-test-'));
      return { dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async create() {
      const name = `connectors_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      await admin(`create database ${name}`);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), dataDir: '', drop: () => admin(`drop database if exists ${name} with (force)`) };
    },
  },
];

/** The backends this machine can run, PostgreSQL skipped (with a warning) when it does not answer. */
export const AVAILABLE_BACKENDS = BACKENDS.filter((backend) => backend.name === 'PGlite' || postgresReachable);

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const ENCRYPTION_KEY = `test:${Buffer.alloc(32, 7).toString('base64')}`;

export function testSettings(database: { databaseUrl?: string; dataDir: string }, overrides: Partial<Settings> = {}): Settings {
  return {
    port: 0,
    host: '127.0.0.1',
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
    dataDir: database.dataDir,
    auth: { jwtSecret: JWT_SECRET },
    encryptionKey: ENCRYPTION_KEY,
    allowedHosts: ['127.0.0.1'],
    rateLimitPerMinute: 1000,
    bulkLimitPerMinute: 100_000,
    maxBodyBytes: 1024 * 1024,
    retentionDays: 30,
    responsesKept: 20,
    ...overrides,
  };
}

export const secretBox = () => SecretBox.fromSetting(ENCRYPTION_KEY);

/** A running app, its log lines, and a client that speaks to it as a given user. */
export interface TestApp extends RunningServer {
  logs: string[];
  as(userId: string, workspaceId?: string): Promise<Client>;
}

export async function startApp(settings: Settings, options: ServerOptions = {}): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const server = await startServer(settings, { logger: createLogger('info', sink), ...options });
  return {
    ...server,
    logs,
    as: async (userId, workspaceId) => new Client(server.url, await mintToken(JWT_SECRET, userId), workspaceId),
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  /** The answer as sent: `{ success, data }` or `{ success: false, error }`. */
  envelope: { success?: boolean; data?: unknown };
  text: string;
}

/** Calls the API as one user, in one workspace (X-Workspace-Id) unless told otherwise. */
export class Client {
  readonly url: string;
  readonly token: string;
  workspaceId: string | undefined;
  /** Every body this client received, for checks that something never appears. */
  readonly seen: string[] = [];

  constructor(url: string, token: string, workspaceId?: string) {
    this.url = url;
    this.token = token;
    this.workspaceId = workspaceId;
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(this.workspaceId ? { 'x-workspace-id': this.workspaceId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    this.seen.push(text);
    // A CSV export is text; every other answer is JSON.
    const envelope = (text && !response.headers.get('content-type')?.startsWith('text/csv') ? JSON.parse(text) : {}) as { success?: boolean; data?: unknown };
    // As the web app reads answers: a resource as its `data`, a list (or an error) as the whole answer.
    const read = envelope.success === true && !Array.isArray(envelope.data) ? envelope.data : envelope;
    return { status: response.status, headers: response.headers, body: read as T, envelope, text };
  }

  get = <T = Record<string, unknown>>(path: string) => this.call<T>('GET', path);
  post = <T = Record<string, unknown>>(path: string, body: unknown = {}) => this.call<T>('POST', path, body);
  put = <T = Record<string, unknown>>(path: string, body: unknown) => this.call<T>('PUT', path, body);
  patch = <T = Record<string, unknown>>(path: string, body: unknown) => this.call<T>('PATCH', path, body);
  delete = <T = Record<string, unknown>>(path: string) => this.call<T>('DELETE', path);

  /** Reads a server-sent event stream to its end. */
  async events(path: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${this.token}`, ...(this.workspaceId ? { 'x-workspace-id': this.workspaceId } : {}) },
    });
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`not an event stream (${response.status}): ${await response.text()}`);
    const text = await response.text();
    return text
      .split('\n\n')
      .filter((block) => block.includes('data:'))
      .map((block) => {
        const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
        return { event: field('event'), data: JSON.parse(field('data')) as Record<string, unknown> };
      });
  }

  /** Calls `path` until `done` holds for its body (60 s at most: generous on a busy machine). */
  async until<T>(path: string, done: (body: T) => boolean): Promise<T> {
    for (let waited = 0; waited < 60_000; waited += 50) {
      const { body } = await this.get<T>(path);
      if (done(body)) return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${path} did not get there in 60 s`);
  }

  /** Creates a workspace and works in it from then on. */
  async newWorkspace(name: string): Promise<string> {
    const created = await this.post<{ id: string }>('/workspaces', { name });
    if (created.status !== 201) throw new Error(`workspace not created: ${created.text}`);
    this.workspaceId = created.body.id;
    return created.body.id;
  }
}

export function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
