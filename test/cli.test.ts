import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, standIn, type StandIn } from './support/stand-in.ts';

const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
const examples = new URL('../examples/', import.meta.url).pathname;

async function connectors(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1', CONNECTORS_ALLOWED_HOSTS: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('connectors run', () => {
  let api: StandIn;
  let dir: string;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      if (request.headers['x-api-key'] !== 'cli-key-1234') return json(response, 401, { error: 'bad key' });
      json(response, 200, { identities: [{ firstName: 'Jose', lastName: 'Tayzon', address: '1461 Indian Well Dr', city: 'Diamond Bar', state: 'CA', zip: '91765' }] });
    });
    dir = mkdtempSync(join(tmpdir(), 'connectors-cli-'));
    writeFileSync(join(dir, 'contact.json'), JSON.stringify({ phone_number: '+16266958105' }));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ name: 'Broken', steps: [{ url: 'https://x.test/{{ step_2.id }}' }, { url: 42 }] }));
    writeFileSync(join(dir, 'not-json.json'), '{ "name": ');
  });
  afterAll(() => api.close());

  const phone = (key: string, ...more: string[]) =>
    connectors('run', `${examples}enhance-data.single-step.json`, '--contact', join(dir, 'contact.json'), '--credential', `api_key=${key}`, '--allow-host', '127.0.0.1', '--connect-to', `https://api.example.com=${api.url}`, ...more);

  it('prints a readable trace and exits 0 when the connector succeeds', async () => {
    const { code, stdout } = await phone('cli-key-1234');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Enhance Data \(single-step\): success in [\d.]+ ms$/m);
    expect(stdout).toMatch(/✓ step_1 {2}GET https:\/\/api\.example\.com\/phone\?phone=%2B16266958105&format=json → 200 [\d.]+ ms/);
    expect(stdout).toContain('firstname = "Jose"');
    expect(stdout).not.toContain('cli-key-1234');
  });

  it('prints one JSON object with --json', async () => {
    const { code, stdout } = await phone('cli-key-1234', '--json');
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { status: string; steps: unknown[]; patch: Record<string, unknown> };
    expect(output.status).toBe('success');
    expect(output.steps).toHaveLength(1);
    expect(output.patch).toMatchObject({ firstname: 'Jose', zip: '91765' });
  });

  it('exits 1 when the connector ran and failed', async () => {
    const { code, stdout } = await phone('wrong-key');
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ step_1 .*→ 401/);
    expect(stdout).toMatch(/Failed at step_1: HTTP 401 Unauthorized from api\.example\.com/);
  });

  it('exits 2 with every problem and its path when the definition is invalid', async () => {
    const { code, stderr } = await connectors('run', join(dir, 'broken.json'));
    expect(code).toBe(2);
    expect(stderr).toContain('broken.json: not a valid connector definition');
    expect(stderr).toContain('steps[1].url: Invalid input: expected string, received number');
    const bad = await connectors('run', join(dir, 'not-json.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not-json\.json is not valid JSON/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing credential', async () => {
    const { code, stdout } = await connectors('run', `${examples}enhance-data.single-step.json`, '--contact', join(dir, 'contact.json'));
    expect(code).toBe(1);
    expect(stdout).toContain('headers["X-API-Key"]: missing value for {{ workspace.api_key }} (no such credential is stored for this workspace)');
  });

  it('exits 2 on bad options, without a stack trace', async () => {
    const { code, stderr } = await connectors('run', `${examples}enhance-data.single-step.json`, '--credential', 'novalue');
    expect(code).toBe(2);
    expect(stderr).toBe('connectors: --credential takes KEY=VALUE, got "novalue"\n');
    expect((await connectors('run', '--nope', 'x.json')).code).toBe(2);
  });

  it('refuses file-loading tags with their path, and reads no file', async () => {
    for (const [file, tag] of [
      ['include.json', '{% include contact.company %}'],
      ['render.json', "{% render 'package.json' %}"],
      ['layout.json', "{% layout 'data/secrets.json' %}"],
    ] as const) {
      writeFileSync(join(dir, file), JSON.stringify({ name: 'Files', steps: [{ url: `https://api.example.com/phone${tag}` }] }));
      const { code, stdout, stderr } = await connectors('run', join(dir, file), '--contact', join(dir, 'contact.json'));
      expect(code, file).toBe(2);
      expect(stderr).toMatch(/steps\[0\]\.url: invalid template: \{% (include|render|layout) %\} is not allowed: templates cannot read files/);
      expect(stdout + stderr).not.toContain('"name": "connectors"');
    }
  });

  it('keeps a //host path on the origin --connect-to names', async () => {
    const other = await standIn((request, response) => json(response, 200, { reached: request.target }));
    try {
      const file = join(dir, 'slashes.json');
      writeFileSync(file, JSON.stringify({ name: 'Slashes', steps: [{ url: `https://api.example.com//${new URL(other.url).host}/steal`, headers: { 'X-API-Key': '{{ workspace.api_key }}' } }] }));
      const { code } = await connectors('run', file, '--credential', 'api_key=cli-key-1234', '--allow-host', `127.0.0.1:${new URL(api.url).port}`, '--connect-to', `https://api.example.com=${api.url}`);
      expect(code).toBe(0);
      expect(other.received).toEqual([]);
      expect(api.received.at(-1)?.target).toBe(`//${new URL(other.url).host}/steal`);
    } finally {
      await other.close();
    }
  });

  it('is refused by the SSRF guard unless the host is allowed', async () => {
    const { code, stdout } = await connectors('run', `${examples}enhance-data.single-step.json`, '--contact', join(dir, 'contact.json'), '--credential', 'api_key=cli-key-1234', '--connect-to', `https://api.example.com=${api.url}`);
    expect(code).toBe(1);
    expect(stdout).toMatch(/refused to connect to 127\.0\.0\.1: it is a loopback address/);
  });
});

describe('connectors demo', () => {
  it('runs both examples against the bundled demo API, without a server', async () => {
    const { code, stdout } = await connectors('demo');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Enhance Data \(single-step\): success/);
    expect(stdout).toMatch(/HubSpot Contact Enrichment \(multi-step\): success/);
    expect(stdout).toContain('metadata.company_name = "Tayzon Logistics"');
  });
});
