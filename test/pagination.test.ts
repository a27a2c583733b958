import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../src/engine/index.ts';
import { linksOf } from '../src/engine/pagination.ts';
import { runOnce } from './support/engine.ts';
import { json, standIn, type StandIn } from './support/stand-in.ts';

/*
 * Paginated lists as the providers document them: Stripe (has_more, starting_after the last id),
 * HubSpot (paging.next.after; in the search body too), Slack (response_metadata.next_cursor),
 * GitHub (the Link header; GraphQL's pageInfo.endCursor as a variable), and a page number with a total.
 */

const CHARGES = Array.from({ length: 7 }, (_, n) => ({ id: `ch_${n + 1}`, object: 'charge', amount: (n + 1) * 100 }));
const page = <T>(list: T[], start: number, size: number) => list.slice(start, start + size);

describe('pagination', () => {
  let api: StandIn;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      const query = request.url.searchParams;
      const limit = Number(query.get('limit') ?? 3);
      switch (request.url.pathname) {
        case '/v1/charges': {
          if (request.headers.authorization !== 'Bearer sk_test_1') return json(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
          const after = query.get('starting_after');
          const start = after ? CHARGES.findIndex((charge) => charge.id === after) + 1 : 0;
          const data = page(CHARGES, start, limit);
          return json(response, 200, { object: 'list', url: '/v1/charges', has_more: start + data.length < CHARGES.length, data });
        }
        case '/crm/v3/objects/contacts': {
          const start = Number(query.get('after') ?? 0);
          const results = page(CHARGES, start, limit).map((charge) => ({ id: charge.id, properties: { email: `${charge.id}@example.com` } }));
          const more = start + results.length < CHARGES.length;
          return json(response, 200, { results, ...(more ? { paging: { next: { after: String(start + results.length), link: `?after=${start + results.length}` } } } : {}) });
        }
        case '/api/users.list': {
          const start = Number(query.get('cursor')?.replace('dXNlcjo', '') ?? 0);
          const members = page(CHARGES, start, limit).map((charge) => ({ id: charge.id }));
          const more = start + members.length < CHARGES.length;
          return json(response, 200, { ok: true, members, response_metadata: { next_cursor: more ? `dXNlcjo${start + members.length}` : '' } });
        }
        case '/repos/octo/hello/issues': {
          const number = Number(query.get('page') ?? 1);
          const issues = page(CHARGES, (number - 1) * 3, 3).map((charge) => ({ number: charge.amount / 100, title: charge.id }));
          const base = `${api.url}/repos/octo/hello/issues?per_page=3`;
          const links = [number < 3 ? `<${base}&page=${number + 1}>; rel="next"` : '', `<${base}&page=3>; rel="last"`].filter(Boolean);
          return json(response, 200, issues, { link: links.join(', ') });
        }
        case '/graphql': {
          // GitHub GraphQL: a connection's pageInfo, and the cursor sent back as a variable.
          const { variables } = JSON.parse(request.body) as { variables: { login: string; after: string | null } };
          const start = variables.after ? Number(variables.after.replace('Y3Vyc29yOnYyOpHO', '')) : 0;
          const nodes = page(CHARGES, start, 3).map((charge) => ({ name: charge.id, stargazerCount: charge.amount }));
          const end = start + nodes.length;
          return json(response, 200, { data: { user: { login: variables.login, repositories: { totalCount: CHARGES.length, nodes, pageInfo: { endCursor: `Y3Vyc29yOnYyOpHO${end}`, hasNextPage: end < CHARGES.length } } } } });
        }
        case '/crm/v3/objects/contacts/search': {
          // HubSpot search: `after` and `limit` in the JSON body, `paging.next.after` in the answer.
          if (request.method !== 'POST' || request.headers['content-type'] !== 'application/json') return json(response, 415, { status: 'error', message: 'Unsupported Media Type' });
          const search = JSON.parse(request.body) as { after?: string; limit: number; filterGroups: unknown[] };
          if (!Array.isArray(search.filterGroups)) return json(response, 400, { status: 'error', message: 'filterGroups is required' });
          const start = Number(search.after ?? 0);
          const results = page(CHARGES, start, search.limit).map((charge) => ({ id: charge.id }));
          const more = start + results.length < CHARGES.length;
          return json(response, 200, { total: CHARGES.length, results, ...(more ? { paging: { next: { after: String(start + results.length) } } } : {}) });
        }
        case '/numbered': {
          const number = Number(query.get('page') ?? 1);
          return json(response, 200, { total: CHARGES.length, page: number, items: page(CHARGES, (number - 1) * 2, 2) });
        }
        case '/forever':
          return json(response, 200, { items: [{ id: 1 }], next: '/forever?again=1' });
        case '/elsewhere':
          return json(response, 200, { items: [{ id: 1 }], next: query.get('next') ?? 'https://evil.example/steal' });
        case '/linked-away':
          return json(response, 200, [{ id: 1 }], { link: '<https://evil.example/steal?page=2>; rel="next"' });
        default:
          return json(response, 404, {});
      }
    });
  });
  afterAll(() => api.close());

  const listing = (url: string, paginate: Record<string, unknown>, outputs: Record<string, string> = { count: 'items | size' }, extra: Record<string, unknown> = {}) =>
    runOnce({ name: 'List', steps: [{ id: 'list', url, paginate, outputMapping: outputs, ...extra }] });

  it('Stripe: follows has_more with starting_after the last id, and sums what it collected', async () => {
    const result = await listing(
      `${api.url}/v1/charges`,
      { items: 'data', hasMore: '{{ has_more }}', nextQuery: { starting_after: '{{ data.last.id }}' } },
      { count: 'items | size', total: 'items | map: "amount" | sum', big: 'items | where: "amount", 700 | map: "id" | first' },
      { query: { limit: '3' }, auth: { type: 'bearer', token: 'sk_test_1' } },
    );
    expect(result.status).toBe('success');
    expect(result.steps[0]?.outputs).toEqual({ count: 7, total: 2800, big: 'ch_7' });
    expect(result.steps[0]?.pages?.map((p) => [new URL(p.url).search, p.status, p.items])).toEqual([
      ['?limit=3', 200, 3],
      ['?limit=3&starting_after=ch_3', 200, 3],
      ['?limit=3&starting_after=ch_6', 200, 1],
    ]);
    expect(result.steps[0]?.attempts).toBe(3);
  });

  it('HubSpot and Slack: a next cursor in the body, until it is gone or empty', async () => {
    const hubspot = await listing(`${api.url}/crm/v3/objects/contacts`, { items: 'results', nextQuery: { after: '{{ paging.next.after }}' } }, { emails: 'items | map: "properties" | map: "email" | join: ","' });
    expect(hubspot.steps[0]?.outputs.emails).toBe(CHARGES.map((charge) => `${charge.id}@example.com`).join(','));
    const slack = await listing(`${api.url}/api/users.list`, { items: 'members', nextQuery: { cursor: '{{ response_metadata.next_cursor }}' } });
    expect([slack.steps[0]?.outputs.count, slack.steps[0]?.pages?.length]).toEqual([7, 3]);
  });

  it('GitHub: the next URL from the Link header, and a body that is a list', async () => {
    const result = await listing(`${api.url}/repos/octo/hello/issues?per_page=3`, { items: '_body', nextUrl: '{{ _links.next }}' }, { titles: 'items | map: "title" | join: " "' });
    expect(result.steps[0]?.outputs.titles).toBe(CHARGES.map((charge) => charge.id).join(' '));
    expect(result.steps[0]?.pages?.map((p) => new URL(p.url).searchParams.get('page'))).toEqual([null, '2', '3']);
    expect(linksOf('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toEqual({ next: 'https://api.github.com/x?page=2', last: 'https://api.github.com/x?page=5' });
  });

  it('GitHub GraphQL and HubSpot search: the cursor goes back in the JSON body, the rest of the body as it was', async () => {
    const graphql = await listing(
      `${api.url}/graphql`,
      { items: 'data.user.repositories.nodes', hasMore: '{{ data.user.repositories.pageInfo.hasNextPage }}', nextBody: { 'variables.after': '{{ data.user.repositories.pageInfo.endCursor }}' } },
      { count: 'items | size', stars: 'items | map: "stargazerCount" | sum' },
      { method: 'POST', body: { query: 'query($login: String!, $after: String) { user(login: $login) { repositories(first: 3, after: $after) { nodes { name stargazerCount } pageInfo { endCursor hasNextPage } } } }', variables: { login: 'octocat', after: null } } },
    );
    expect(graphql.steps[0]?.outputs).toEqual({ count: 7, stars: 2800 });
    const sent = api.received.filter((request) => request.url.pathname === '/graphql').slice(-3).map((request) => JSON.parse(request.body) as { query: string; variables: Record<string, unknown> });
    expect(sent.map((body) => body.variables)).toEqual([{ login: 'octocat', after: null }, { login: 'octocat', after: 'Y3Vyc29yOnYyOpHO3' }, { login: 'octocat', after: 'Y3Vyc29yOnYyOpHO6' }]);
    expect(new Set(sent.map((body) => body.query)).size).toBe(1);

    const search = await listing(`${api.url}/crm/v3/objects/contacts/search`, { items: 'results', nextBody: { after: '{{ paging.next.after }}' } }, { ids: 'items | map: "id" | join: ","' }, { method: 'POST', body: { filterGroups: [], limit: 4 } });
    expect(search.steps[0]?.outputs.ids).toBe(CHARGES.map((charge) => charge.id).join(','));
    expect(search.steps[0]?.pages).toHaveLength(2);
    expect(search.steps[0]?.request?.body).toBe('{"filterGroups":[],"limit":4,"after":"4"}');
  });

  it('a page number with a total, and the limits: pages, items, a cursor that does not move', async () => {
    const numbered = await listing(`${api.url}/numbered`, { items: 'items', hasMore: '{{ _items < total }}', nextQuery: { page: '{{ _page | plus: 1 }}' } });
    expect([numbered.steps[0]?.outputs.count, numbered.steps[0]?.pages?.length]).toEqual([7, 4]);

    const fewPages = await listing(`${api.url}/numbered`, { items: 'items', nextQuery: { page: '{{ _page | plus: 1 }}' }, maxPages: 2 });
    expect(fewPages.steps[0]?.outputs.count).toBe(4);
    expect(fewPages.steps[0]?.notes).toContain('pages: stopped at maxPages (2); there may be more');
    const fewItems = await listing(`${api.url}/numbered`, { items: 'items', nextQuery: { page: '{{ _page | plus: 1 }}' }, maxItems: 3 });
    expect([fewItems.steps[0]?.outputs.count, fewItems.steps[0]?.pages?.length]).toEqual([3, 2]);

    const stuck = await listing(`${api.url}/forever`, { items: 'items', nextUrl: '{{ next }}' });
    expect([stuck.status, stuck.steps[0]?.pages?.length]).toEqual(['success', 2]);
  });

  it('never follows a next page to another origin, where the step\'s credentials would go', async () => {
    const before = api.received.length;
    const result = await listing(`${api.url}/elsewhere`, { items: 'items', nextUrl: '{{ next }}' }, {}, { auth: { type: 'bearer', token: 'sk_live_secret' } });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe("paginate: the next page is on another origin (evil.example, not 127.0.0.1:" + new URL(api.url).port + "); it was not followed, so the step's credentials stay with 127.0.0.1:" + new URL(api.url).port);
    expect(api.received.length).toBe(before + 1);
  });

  it('refuses every spelling of another origin for the next page: //host, \\host, a Link header', async () => {
    for (const next of ['//evil.example/steal', '\\\\evil.example/steal', '/\\evil.example/steal', 'HTTPS://EVIL.EXAMPLE/steal']) {
      const before = api.received.length;
      const result = await listing(`${api.url}/elsewhere?next=${encodeURIComponent(next)}`, { items: 'items', nextUrl: '{{ next }}' }, {}, { auth: { type: 'bearer', token: 'sk_live_secret' } });
      expect([next, result.error?.code]).toEqual([next, 'blocked']);
      expect(api.received.length).toBe(before + 1);
    }
    const linked = await listing(`${api.url}/linked-away`, { items: '_body', nextUrl: '{{ _links.next }}' });
    expect(linked.error?.message).toMatch(/^paginate: the next page is on another origin \(evil\.example, not 127\.0\.0\.1:\d+\)/);
  });

  it('is checked before it runs: the items path, one way to the next page, template syntax', () => {
    const issues = (paginate: Record<string, unknown>) => {
      const parsed = parseDefinition({ name: 'x', steps: [{ url: 'https://api.example.com', paginate }] });
      return parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
    };
    expect(issues({ items: 'data', nextQuery: { after: '{{ cursor }}' } })).toEqual([]);
    expect(issues({ nextQuery: {} })).toEqual(['steps[0].paginate.items']);
    expect(issues({ items: 'data' })).toEqual(['steps[0].paginate']);
    expect(issues({ items: 'data', nextUrl: '{{ next', maxPages: 5000 })).toEqual(['steps[0].paginate.maxPages']);
    expect(issues({ items: 'data', nextUrl: '{{ next' })).toEqual(['steps[0].paginate.nextUrl']);
    expect(issues({ items: 'data', nextQuery: { after: '{{ x' }, unknown: 1 })).toEqual(['steps[0].paginate.unknown']);
    expect(issues({ items: 'data', nextQuery: { a: '1' }, nextBody: { after: '{{ x }}' } })).toEqual(['steps[0].paginate']);
    for (const path of ['__proto__.polluted', 'variables.constructor', 'a..b']) expect(issues({ items: 'data', nextBody: { [path]: '{{ x }}' } })).toEqual([`steps[0].paginate.nextBody["${path}"]`]);
  });
});
