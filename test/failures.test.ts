import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oneStep, standIn, type StandIn } from './support/stand-in.ts';
import { runOnce } from './support/engine.ts';

describe('remote APIs that misbehave', () => {
  let api: StandIn;
  const hits = new Map<string, number>();
  const count = (key: string) => {
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    return n;
  };
  beforeAll(async () => {
    api = await standIn(async (request, response) => {
      const key = `${request.url.pathname}?${request.url.searchParams.get('run') ?? ''}`;
      switch (request.url.pathname) {
        case '/flaky':
          return count(key) === 1 ? json(response, 503, { error: 'busy' }) : json(response, 200, { ok: true });
        case '/rate-limited':
          return count(key) === 1 ? json(response, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(response, 200, { ok: true });
        case '/rate-limited-long':
          return json(response, 429, { error: 'slow down' }, { 'retry-after': '3600' });
        case '/late':
          await new Promise((resolve) => setTimeout(resolve, 300));
          return json(response, 200, { late: true });
        case '/slow':
          await new Promise((resolve) => setTimeout(resolve, 2000));
          return json(response, 200, { late: true });
        case '/trickle':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"items": [');
          for (let i = 0; i < 20 && !response.destroyed; i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            response.write(`${i},`);
          }
          return void response.end('0]}');
        case '/huge':
          response.writeHead(200, { 'content-type': 'application/json' });
          for (let i = 0; i < 64; i++) response.write(`${'x'.repeat(16 * 1024)}`);
          return void response.end();
        case '/endless':
          // A body that never ends, until the reader hangs up.
          response.writeHead(200, { 'content-type': 'application/json' });
          response.on('close', () => hits.set('/endless closed', 1));
          while (!response.destroyed) {
            if (!response.write('x'.repeat(64 * 1024))) await once(response, 'drain').catch(() => undefined);
            await new Promise((resolve) => setImmediate(resolve));
          }
          return;
        case '/early-hints':
          // 103 Early Hints (RFC 8297), as CDNs send them before the answer itself.
          response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
          return json(response, 200, { hinted: true });
        case '/malformed':
          return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"identities": [ {"firstName": "Jo');
        case '/to-metadata':
          return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        case '/to-private':
          return void response.writeHead(307, { location: 'http://10.1.2.3/admin' }).end();
        case '/missing':
          return json(response, 404, { message: 'no such contact', detail: 'y'.repeat(5000) });
        default:
          return json(response, 200, { echo: request.target });
      }
    });
  });
  afterAll(() => api.close());

  it('tries again after a 503 and succeeds', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/flaky?run=a`, retries: 2, outputs: { ok: 'ok' } }));
    expect(result.status).toBe('success');
    expect(result.steps[0]?.attempts).toBe(2);
    expect(result.steps[0]?.notes[0]).toMatch(/attempt 1: HTTP 503 Service Unavailable .*trying again/);
  });

  it('does not retry a 503 when the step allows no retries', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/flaky?run=b` }));
    expect(result.status).toBe('failed');
    expect(result.steps[0]?.error).toMatchObject({ code: 'http_status', status: 503 });
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const started = Date.now();
    const result = await runOnce(oneStep({ url: `${api.url}/rate-limited?run=c`, retries: 1 }));
    expect(result.status).toBe('success');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.steps[0]?.notes[0]).toMatch(/HTTP 429 .*trying again in 1000 ms/);
  });

  it('gives up at once when Retry-After is longer than a step waits', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/rate-limited-long`, retries: 3 }));
    expect(result.steps[0]?.error?.message).toMatch(/HTTP 429 Too Many Requests .*retry after 3600 s, longer than the 60 s a step waits/);
    expect(result.steps[0]?.attempts).toBe(1);
  });

  it('stops a slow API at the step timeout', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/slow`, timeout: 200 }));
    expect(result.status).toBe('timeout');
    expect(result.steps[0]?.error?.code).toBe('timeout');
    expect(result.steps[0]?.error?.message).toMatch(/no complete answer from 127\.0\.0\.1:\d+ in time \(step timeout 200 ms\)/);
    expect(result.steps[0]?.durationMs).toBeLessThan(1500);
  });

  it('lets go quietly of an answer that arrives after the timeout', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/late`, timeout: 100 }));
    expect(result.steps[0]?.error?.code).toBe('timeout');
    // The answer arrives now; dropping it must raise nothing (the runner fails on unhandled errors).
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('stops a body that trickles in for longer than the step timeout', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/trickle`, timeout: 300 }));
    expect(result.steps[0]?.error?.code).toBe('timeout');
    expect(result.steps[0]?.durationMs).toBeLessThan(800);
  });

  it('refuses a response larger than the size cap', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/huge` }), {}, { maxResponseBytes: 256 * 1024 });
    expect(result.steps[0]?.error).toMatchObject({ code: 'too_large' });
    expect(result.steps[0]?.error?.message).toMatch(/larger than the 256 KB limit/);
  });

  it('hangs up on a body that grows past the size cap, so the API stops sending', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/endless` }), {}, { maxResponseBytes: 256 * 1024 });
    expect(result.steps[0]?.error).toMatchObject({ code: 'too_large' });
    await expect.poll(() => hits.get('/endless closed'), { timeout: 5000 }).toBe(1);
  });

  it('reads the answer that follows an informational 103 Early Hints', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/early-hints`, outputs: { hinted: 'hinted' } }));
    expect(result.status).toBe('success');
    expect(result.steps[0]?.response?.status).toBe(200);
    expect(result.steps[0]?.outputs).toEqual({ hinted: true });
  });

  it('says a JSON response is malformed and keeps what came', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/malformed`, outputs: { first: 'identities[0].firstName' } }));
    expect(result.steps[0]?.error?.code).toBe('invalid_response');
    expect(result.steps[0]?.error?.message).toMatch(/says it is JSON but is not valid JSON .*it begins: \{"identities"/);
    expect(result.steps[0]?.response?.body).toBe('{"identities": [ {"firstName": "Jo');
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/to-metadata` }));
    expect(result.steps[0]?.error?.code).toBe('blocked');
    expect(result.steps[0]?.error?.message).toMatch(/refused to connect to 169\.254\.169\.254: it is a link-local \(cloud metadata\) address/);
  });

  it('refuses a redirect to a private address', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/to-private` }));
    expect(result.steps[0]?.error?.message).toMatch(/10\.1\.2\.3: it is a private address.*CONNECTORS_ALLOWED_HOSTS/);
  });

  it('keeps the status and a short body of a non-2xx answer', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/missing` }));
    expect(result.steps[0]?.error?.status).toBe(404);
    expect(result.steps[0]?.error?.message).toMatch(/^HTTP 404 Not Found from 127\.0\.0\.1:\d+: \{"message":"no such contact"/);
    expect(result.steps[0]?.error?.message.length).toBeLessThan(300);
  });

  it('names a missing template variable and sends nothing', async () => {
    api.received.length = 0;
    const result = await runOnce(oneStep({ url: `${api.url}/lookup?phone={{ contact.phone_number }}` }), { contact: { email: 'a@b.c' } });
    expect(result.status).toBe('failed');
    expect(result.steps[0]?.error?.code).toBe('template');
    expect(result.steps[0]?.error?.message).toMatch(/^url: missing value for \{\{ contact\.phone_number \}\} \(the contact has no value for it; add one, or give a default/);
    expect(api.received).toHaveLength(0);
  });

  it('uses a default filter instead of failing on a missing variable', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/lookup?country={{ contact.country | default: "US" | downcase }}` }));
    expect(result.steps[0]?.response?.body).toEqual({ echo: '/lookup?country=us' });
  });

  it('says which earlier output found nothing when a later step needs it', async () => {
    const result = await runOnce({
      name: 'chain',
      steps: [
        { id: 'search', url: `${api.url}/search`, outputMapping: { contactId: 'results[0].id' } },
        { id: 'details', url: `${api.url}/contacts/{{ search.contactId }}` },
      ],
    });
    expect(result.error?.step).toBe('details');
    expect(result.steps[0]?.notes).toContain('output contactId: results[0].id found nothing in the response');
    expect(result.error?.message).toMatch(/url: missing value for \{\{ search\.contactId \}\} \(output contactId of search: results\[0\]\.id found nothing/);
  });

  it('reports an unreachable API as a network error', async () => {
    const closed = await standIn(() => undefined);
    const url = closed.url;
    await closed.close();
    const result = await runOnce(oneStep({ url: `${url}/x` }));
    expect(result.steps[0]?.error).toMatchObject({ code: 'network' });
    expect(result.steps[0]?.error?.message).toMatch(/refused the connection/);
  });

  it('stops the whole run at its time limit', async () => {
    const result = await runOnce(
      { name: 'long', steps: [{ url: `${api.url}/slow` }, { url: `${api.url}/ok` }] },
      {},
      { maxRunMs: 300 },
    );
    expect(result.status).toBe('timeout');
    expect(result.steps[0]?.error?.code).toBe('run_timeout');
    expect(result.steps[0]?.error?.message).toMatch(/the run reached its 0.3 s limit/);
    expect(result.steps[1]?.status).toBe('skipped');
  });
});
