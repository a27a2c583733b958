import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/*
 * A small stand-in for the remote APIs the example connectors call (a phone lookup API and
 * HubSpot's CRM), so the demo runs with no account and no network.
 */

export const DEMO_CREDENTIALS = { api_key: { value: 'demo-phone-key' }, hubspot: { token: 'demo-hubspot-token' } };

export const DEMO_CONTACT = { email: 'jose.tayzon@example.com', phone_number: '+16266958105' };

const PHONE_BOOK: Record<string, { firstName: string; lastName: string; address: string; city: string; state: string; zip: string }> = {
  '+16266958105': { firstName: 'Jose', lastName: 'Tayzon', address: '1461 Indian Well Dr', city: 'Diamond Bar', state: 'CA', zip: '91765' },
};

type Reply = [number, unknown];

/** Contacts in the demo CRM's list: 10 pages of 10. */
export const DEMO_LIST_SIZE = 100;

function route(method: string, url: URL, headers: Record<string, string | string[] | undefined>): Reply {
  const path = url.pathname;
  if (method === 'GET' && path === '/phone') {
    if (headers['x-api-key'] !== DEMO_CREDENTIALS.api_key.value) return [401, { error: 'invalid API key' }];
    const phone = url.searchParams.get('phone') ?? '';
    const identity = PHONE_BOOK[phone];
    return [200, { input: { phone }, identities: identity ? [identity] : [] }];
  }
  if (headers.authorization !== `Bearer ${DEMO_CREDENTIALS.hubspot.token}`) return [401, { message: 'Authentication credentials not found' }];
  if (method === 'GET' && path === '/crm/v3/objects/contacts') {
    // HubSpot's list of contacts: pages of `limit`, the next one asked for with `after`.
    const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 10) || 10);
    const after = Number(url.searchParams.get('after') ?? 0) || 0;
    const results = Array.from({ length: Math.max(0, Math.min(limit, DEMO_LIST_SIZE - after)) }, (_, n) => ({ id: String(1000 + after + n), properties: { email: `contact${after + n}@example.com` } }));
    const next = after + results.length;
    return [200, { results, ...(next < DEMO_LIST_SIZE ? { paging: { next: { after: String(next), link: `?after=${next}` } } } : {}) }];
  }
  if (method === 'POST' && path === '/crm/v3/objects/contacts/search') return [200, { total: 1, results: [{ id: '501', properties: {} }] }];
  if (method === 'GET' && path === '/crm/v3/objects/contacts/501') {
    // Asked for its companies, as HubSpot answers (`associations.companies.results`); otherwise in the
    // shape the original design's example reads (`associations.companies[0].id`), so it runs verbatim.
    const companies = url.searchParams.get('associations') === 'companies' ? { results: [{ id: '9001', type: 'contact_to_company' }] } : [{ id: '9001' }];
    return [200, { id: '501', properties: { firstname: 'Jose', lastname: 'Tayzon' }, associations: { companies } }];
  }
  if (method === 'GET' && path === '/crm/v3/objects/companies/9001') {
    return [200, { id: '9001', properties: { name: 'Tayzon Logistics', industry: 'TRANSPORTATION' } }];
  }
  return [404, { message: `no ${method} ${path} on the demo API` }];
}

/**
 * How an engine reaches the demo API: the example connectors' hosts are sent to it, and only its
 * own address and port are let through the SSRF guard.
 */
export function demoRouting(url: string): { allowedHosts: string[]; connectTo: Record<string, string> } {
  return { allowedHosts: [new URL(url).host], connectTo: { 'https://api.example.com': url, 'https://api.hubspot.com': url } };
}

export async function startDemoApi(port = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const [status, body] = route(request.method ?? 'GET', new URL(request.url ?? '/', 'http://demo'), request.headers);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
