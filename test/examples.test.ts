import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, standIn, type StandIn } from './support/stand-in.ts';
import { runOnce } from './support/engine.ts';

const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8'));
const phoneAnswer = example('enhance-data.api-response.json');

describe('the original design examples, verbatim', () => {
  let api: StandIn;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      if (request.url.pathname === '/phone') return json(response, 200, phoneAnswer);
      if (request.headers.authorization !== 'Bearer hubspot-secret-token') return json(response, 401, { message: 'no auth' });
      if (request.url.pathname === '/crm/v3/objects/contacts/search') return json(response, 200, { results: [{ id: '777' }] });
      if (request.url.pathname === '/crm/v3/objects/contacts/777') {
        return json(response, 200, { properties: { firstname: 'Ada', lastname: 'Lovelace' }, associations: { companies: [{ id: 'c-42' }] } });
      }
      if (request.url.pathname === '/crm/v3/objects/companies/c-42') {
        return json(response, 200, { properties: { name: 'Analytical Engines Ltd', industry: 'COMPUTING' } });
      }
      json(response, 404, { message: 'not found' });
    });
  });
  afterAll(() => api.close());

  it('keeps the repository copies identical to the shared originals', () => {
    for (const name of ['enhance-data.single-step.json', 'hubspot-contact-enrichment.multi-step.json', 'enhance-data.api-response.json']) {
      const shared = new URL(`../../shared/examples/${name}`, import.meta.url);
      if (existsSync(shared)) expect(example(name)).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
    }
  });

  it('runs the single-step phone enrichment and fills name and address', async () => {
    api.received.length = 0;
    const result = await runOnce(
      example('enhance-data.single-step.json'),
      { contact: { phone_number: '+16266958105' }, credentials: { api_key: { value: 'phone-key-123' } } },
      { connectTo: { 'https://api.example.com': api.url } },
    );
    expect(result.status).toBe('success');
    expect(result.patch).toEqual({ firstname: 'Jose', lastname: 'Tayzon', st_address: '1461 Indian Well Dr', city: 'Diamond Bar', state: 'CA', zip: '91765' });
    const [request] = api.received;
    // The + of the phone number must not become a space on the way.
    expect(request?.target).toBe('/phone?phone=%2B16266958105&format=json');
    expect(request?.url.searchParams.get('phone')).toBe('+16266958105');
    expect(request?.headers['x-api-key']).toBe('phone-key-123');
    // The raw response is kept with the run, and the key is masked in the trace.
    expect(result.steps[0]?.response?.body).toEqual(phoneAnswer);
    expect(result.steps[0]?.request?.headers['X-API-Key']).toBe('••••••');
  });

  it('runs the 3-step HubSpot chain, passing each step outputs to the next', async () => {
    api.received.length = 0;
    const result = await runOnce(
      example('hubspot-contact-enrichment.multi-step.json'),
      { input: { email: 'ada@example.com' }, credentials: { hubspot: { token: 'hubspot-secret-token' } } },
      { connectTo: { 'https://api.hubspot.com': api.url } },
    );
    expect(result.status).toBe('success');
    expect(api.received.map((r) => `${r.method} ${r.target}`)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'GET /crm/v3/objects/contacts/777',
      'GET /crm/v3/objects/companies/c-42',
    ]);
    expect(JSON.parse(api.received[0]?.body ?? '')).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.com' }] }],
    });
    expect(result.steps.map((s) => s.outputs)).toEqual([
      { contactId: '777' },
      { firstName: 'Ada', lastName: 'Lovelace', companyId: 'c-42' },
      { companyName: 'Analytical Engines Ltd', industry: 'COMPUTING' },
    ]);
    // first_name of this document and firstname of the other land on the same field.
    expect(result.patch).toEqual({
      firstname: 'Ada',
      lastname: 'Lovelace',
      metadata: { company_name: 'Analytical Engines Ltd', industry: 'COMPUTING' },
    });
    expect(JSON.stringify(result.steps)).not.toContain('hubspot-secret-token');
  });

  it('names the exact body field whose value is missing', async () => {
    const result = await runOnce(example('hubspot-contact-enrichment.multi-step.json'), { credentials: { hubspot: { token: 'hubspot-secret-token' } } });
    expect(result.error).toEqual({
      step: 'step_1',
      code: 'template',
      message: 'body.filterGroups[0].filters[0].value: missing value for {{ input.email }} (the input has no value for it; add one, or give a default: {{ input.email | default: "…" }})',
    });
  });

  it('fails the chain at the step whose request failed, and skips the rest', async () => {
    const result = await runOnce(
      example('hubspot-contact-enrichment.multi-step.json'),
      { input: { email: 'ada@example.com' }, credentials: { hubspot: { token: 'wrong-token' } } },
      { connectTo: { 'https://api.hubspot.com': api.url } },
    );
    expect(result.status).toBe('failed');
    expect(result.error?.step).toBe('step_1');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(result.steps[0]?.error).toMatchObject({ code: 'http_status', status: 401 });
    expect(result.steps[0]?.error?.message).toMatch(/^HTTP 401 Unauthorized from api\.hubspot\.com: .*no auth/);
    expect(result.patch).toEqual({});
  });
});
