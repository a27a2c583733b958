/** About 1 MB of JSON shaped like a CRM's list of contacts: what a large real answer looks like. */
export const LARGE_ANSWER = JSON.stringify({
  results: Array.from({ length: 3600 }, (_, n) => ({
    id: String(100000 + n),
    properties: { email: `person${n}@example.com`, firstname: `First${n}`, lastname: `Last${n}`, phone: `+1626695${String(n).padStart(4, '0')}`, city: 'Diamond Bar', state: 'CA', zip: '91765', company: `Company ${n % 97}`, lifecyclestage: 'lead' },
    createdAt: '2026-01-02T03:04:05.000Z',
    archived: false,
  })),
  paging: { next: { after: '3600' } },
});
