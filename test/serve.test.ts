import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand } from './support/processes.ts';
import { Client } from './support/app.ts';

const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;
const DEMO_WORKSPACE = 'de300000-0000-4000-8000-000000000001';

/** `npm start` as a new user runs it: `connectors serve --demo` in its own process. */
async function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; token: string; output: () => string }> {
  const { child, output } = await startCommand(['serve', '--demo'], { CONNECTORS_ALLOWED_HOSTS: '', DATABASE_URL: '', ...env }, /export TOKEN=\S+/);
  return { child, url: /running: (\S+)/.exec(output())![1]!, token: /export TOKEN=(\S+)/.exec(output())![1]!, output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('npm start (connectors serve --demo)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'connectors-serve-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves the demo workspace, whose example connectors run against the demo API, and keeps it across restarts', async () => {
    const first = await serve({ CONNECTORS_DATA_DIR: dataDir });
    expect(first.output()).toContain(`${first.url}/docs`);
    const client = new Client(first.url, first.token, DEMO_WORKSPACE);
    const list = (await client.get<{ data: { id: string; name: string }[] }>('/connectors')).body;
    expect(list.data.map((connector) => connector.name)).toEqual(['Enhance Data', 'HubSpot Contact Enrichment']);
    const contacts = (await client.get<{ data: { id: string }[] }>('/contacts')).body;
    for (const connector of list.data) {
      const run = (await client.post<{ status: string; patch: Record<string, unknown> }>(`/connectors/${connector.id}/test`, { contact_id: contacts.data[0]!.id, input_data: { email: 'jose.tayzon@example.com' } })).body;
      expect({ name: connector.name, status: run.status }).toEqual({ name: connector.name, status: 'success' });
    }
    // Only the demo API was let through the SSRF guard: the server's own port is refused.
    const created = (await client.post<{ id: string }>('/connectors', { name: 'Probe', steps: [{ url: `${first.url}/health` }] })).body;
    const refused = (await client.post<{ status: string; error: { code: string } }>(`/connectors/${created.id}/test`, {})).body;
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'blocked' } });
    expect(await stop(first.child)).toBe(0);
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);

    const second = await serve({ CONNECTORS_DATA_DIR: dataDir });
    // The token of the first run still works: the secret is kept with the data.
    const again = (await new Client(second.url, first.token, DEMO_WORKSPACE).get<{ total: number }>('/connectors')).body;
    expect(again.total).toBe(3);
    expect(await stop(second.child)).toBe(0);
  });

  it('mints tokens with connectors token, and refuses to share one data folder between two processes', async () => {
    const server = await serve({ CONNECTORS_DATA_DIR: dataDir });
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, 'token', '--user', 'demo-user', '--workspace', DEMO_WORKSPACE], { cwd: root, env: { ...process.env, CONNECTORS_DATA_DIR: dataDir } });
      // With --workspace, no X-Workspace-Id header is needed.
      const response = await fetch(`${server.url}/api/v1/contacts`, { headers: { authorization: `Bearer ${stdout.trim()}` } });
      expect(response.status).toBe(200);
      const clash = await promisify(execFile)(process.execPath, [bin, 'serve'], { cwd: root, env: { ...process.env, PORT: '0', CONNECTORS_DATA_DIR: dataDir } }).catch((error: { code: number; stderr: string }) => error);
      expect(clash).toMatchObject({ code: 1, stderr: expect.stringMatching(/embedded database in .* is in use by process \d+/) as unknown });
    } finally {
      await stop(server.child);
    }
  });

  it('refuses to start against PostgreSQL without a JWT secret and an encryption key', async () => {
    const failure = await promisify(execFile)(process.execPath, [bin, 'serve'], { cwd: root, env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', JWT_SECRET: '', JWKS_URL: '', CONNECTORS_ENCRYPTION_KEY: '' } }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: 'connectors: with DATABASE_URL, set JWT_SECRET (HS256) or JWKS_URL to verify tokens\n' });
  });
});
