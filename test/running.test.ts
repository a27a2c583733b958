import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, oneStep, standIn, type StandIn } from './support/stand-in.ts';
import { runOnce } from './support/engine.ts';

describe('running definitions', () => {
  let api: StandIn;
  beforeAll(async () => {
    api = await standIn((request, response) => {
      if (request.url.pathname === '/fail') return json(response, 500, { error: 'broken' });
      if (request.url.pathname === '/xml') {
        return void response.writeHead(200, { 'content-type': 'application/xml' }).end('<person id="7"><name>Ada</name><city>London</city></person>');
      }
      if (request.url.pathname === '/text') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('just text');
      if (request.url.pathname === '/list') return json(response, 200, [{ id: 'first' }, { id: 'second' }]);
      json(response, 200, { method: request.method, target: request.target, contentType: request.headers['content-type'] ?? null, body: request.body });
    });
  });
  afterAll(() => api.close());
  const last = () => api.received.at(-1);

  it('builds a JSON body as a value: a whole template keeps its type', async () => {
    await runOnce(
      oneStep({
        url: `${api.url}/echo`,
        method: 'POST',
        body: { count: '{{ input.count }}', active: '{{ input.active }}', tags: '{{ input.tags }}', label: 'n={{ input.count }}', quote: '{{ input.quote }}', none: '{{ input.none | default: nil }}' },
      }),
      { input: { count: 3, active: false, tags: ['a', 'b'], quote: 'say "hi"\n}', none: null } },
    );
    expect(JSON.parse(last()?.body ?? '')).toEqual({ count: 3, active: false, tags: ['a', 'b'], label: 'n=3', quote: 'say "hi"\n}', none: null });

    // With tags, a text that is exactly a number's spelling is sent as the number; other texts stay text.
    await runOnce(
      oneStep({ url: `${api.url}/echo`, method: 'POST', body: { total: '{% if input.count > 1 %}{{ input.count | times: 2 }}{% else %}0{% endif %}', zip: '{% if true %}{{ input.zip }}{% endif %}', price: '{% if true %}1.50{% endif %}', word: '{% if true %}three{% endif %}' } }),
      { input: { count: 3, zip: '02134' } },
    );
    expect(JSON.parse(last()?.body ?? '')).toEqual({ total: 6, zip: '02134', price: '1.50', word: 'three' });

    // A batch read's inputs, built from a list.
    await runOnce(oneStep({ url: `${api.url}/echo`, method: 'POST', body: { inputs: '{{ input.ids | wrap: "id" }}', properties: ['email'] } }), { input: { ids: ['501', '502'] } });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ inputs: [{ id: '501' }, { id: '502' }], properties: ['email'] });
    expect(last()?.headers['content-type']).toBe('application/json');
  });

  it('form-encodes a form body and entity-escapes an XML body', async () => {
    await runOnce(oneStep({ url: `${api.url}/form`, method: 'POST', bodyType: 'form', body: { To: '{{ contact.phone_number }}', Body: 'Hi {{ contact.firstname }} & co' } }), {
      contact: { phone_number: '+15550001111', firstname: 'Zoë' },
    });
    expect(last()?.body).toBe('To=%2B15550001111&Body=Hi+Zo%C3%AB+%26+co');
    expect(Object.fromEntries(new URLSearchParams(last()?.body))).toEqual({ To: '+15550001111', Body: 'Hi Zoë & co' });

    await runOnce(oneStep({ url: `${api.url}/xml-in`, method: 'POST', bodyType: 'xml', body: '<lookup><name>{{ contact.firstname }}</name></lookup>' }), {
      contact: { firstname: '</name><admin>true</admin><name>' },
    });
    expect(last()?.body).toBe('<lookup><name>&lt;/name&gt;&lt;admin&gt;true&lt;/admin&gt;&lt;name&gt;</name></lookup>');
    expect(new XMLParser().parse(last()?.body ?? '')).toEqual({ lookup: { name: '</name><admin>true</admin><name>' } });
  });

  it('reads XML and text responses, and lists by index', async () => {
    const xml = await runOnce(oneStep({ url: `${api.url}/xml`, outputs: { name: 'person.name', id: 'person["@id"]' } }));
    expect(xml.steps[0]?.outputs).toEqual({ name: 'Ada', id: '7' });
    const text = await runOnce(oneStep({ url: `${api.url}/text`, outputs: { all: 'value' } }));
    expect(text.steps[0]?.outputs).toEqual({ all: 'just text' });
    const list = await runOnce(oneStep({ url: `${api.url}/list`, outputs: { first: '[0].id', count: '[1].id' } }));
    expect(list.steps[0]?.outputs).toEqual({ first: 'first', count: 'second' });
  });

  it('refuses a header value with a line break and sends nothing', async () => {
    const before = api.received.length;
    const result = await runOnce(oneStep({ url: `${api.url}/h`, headers: { 'X-Name': '{{ contact.firstname }}' } }), { contact: { firstname: 'Ada\r\nX-Admin: true' } });
    expect(result.steps[0]?.error?.message).toBe('headers.X-Name: the value would contain a line break, which could forge headers; it was not sent');
    expect(api.received.length).toBe(before);
  });

  it('refuses a value that would turn a path segment into ..', async () => {
    const result = await runOnce(oneStep({ url: `${api.url}/users/{{ input.id }}/profile` }), { input: { id: '..' } });
    expect(result.steps[0]?.error?.message).toMatch(/a path segment would be "\." or "\.\."/);
    const fine = await runOnce(oneStep({ url: `${api.url}/users/{{ input.id }}/profile` }), { input: { id: '../admin' } });
    expect(fine.steps[0]?.response?.body).toMatchObject({ target: '/users/..%2Fadmin/profile' });
  });

  it('skips a step whose "when" is false, and runs it when true', async () => {
    const definition = {
      name: 'conditional',
      steps: [
        { id: 'find', url: `${api.url}/list`, outputMapping: { id: '[0].id' } },
        { id: 'update', url: `${api.url}/u/{{ find.id }}`, when: '{{ input.update }}' },
      ],
    };
    const skipped = await runOnce(definition, { input: { update: false } });
    expect(skipped.status).toBe('success');
    expect(skipped.steps[1]).toMatchObject({ status: 'skipped', notes: ['skipped: "when" ({{ input.update }}) is false'] });
    const ran = await runOnce(definition, { input: { update: 'yes' } });
    expect(ran.steps[1]?.response?.body).toMatchObject({ target: '/u/first' });
  });

  it('goes on after a failed step marked continue_on_error, and stops otherwise', async () => {
    const steps = (continueOnError: boolean) => [
      { id: 'optional', url: `${api.url}/fail`, continue_on_error: continueOnError },
      { id: 'main', url: `${api.url}/list`, outputMapping: { id: '[0].id' } },
    ];
    const going = await runOnce({ name: 'x', steps: steps(true), finalMapping: { 'metadata.found': '{{ main.id }}' } });
    expect(going.status).toBe('success');
    expect(going.steps.map((s) => s.status)).toEqual(['failed', 'success']);
    expect(going.patch).toEqual({ metadata: { found: 'first' } });
    const stopping = await runOnce({ name: 'x', steps: steps(false) });
    expect(stopping.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
    const connectorWide = await runOnce({ name: 'x', continue_on_error: true, steps: steps(false) });
    expect(connectorWide.status).toBe('success');
  });

  it('checks and defaults inputs before any request', async () => {
    const definition = {
      name: 'inputs',
      input_schema: [
        { name: 'email', type: 'string', required: true, description: 'Contact email' },
        { name: 'limit', type: 'number', default: 10 },
        { name: 'verbose', type: 'boolean' },
        { name: 'status', type: 'string', enum: ['active', 'archived'], default: 'active' },
      ],
      steps: [{ url: `${api.url}/search?email={{ input.email }}&limit={{ input.limit }}&v={{ input.verbose | default: false }}&status={{ input.status }}` }],
    };
    const before = api.received.length;
    const missing = await runOnce(definition, { input: {} });
    expect(missing.error).toEqual({ code: 'input', message: 'input "email" is required (Contact email)' });
    expect(api.received.length).toBe(before);
    const wrong = await runOnce(definition, { input: { email: 'a@b.c', limit: 'ten' } });
    expect(wrong.error?.message).toBe('input "limit" must be a number, got "ten"');
    const outside = await runOnce(definition, { input: { email: 'a@b.c', status: 'deleted' } });
    expect(outside.error?.message).toBe('input "status" must be one of "active", "archived", got "deleted"');
    expect(api.received.length).toBe(before);
    const ok = await runOnce(definition, { input: { email: 'a+b@c.d', verbose: 'true' } });
    expect(ok.steps[0]?.response?.body).toMatchObject({ target: '/search?email=a%2Bb%40c.d&limit=10&v=true&status=active' });
  });

  it('writes nested metadata and aliases, and says which sources found nothing', async () => {
    const result = await runOnce(
      {
        name: 'mapping',
        steps: [{ id: 'person', url: `${api.url}/xml`, outputMapping: { name: 'person.name', city: 'person.city', missing: 'person.zip' } }],
        field_mappings: [{ sourcePath: 'person.city', targetField: 'city' }, { sourcePath: 'person.country', targetField: 'metadata.geo.country' }],
        finalMapping: { first_name: '{{ person.name | upcase }}', 'metadata.geo.city': '{{ person.city }}', zip: '{{ person.missing }}' },
      },
      { contact: { first_name: 'old' } },
    );
    expect(result.patch).toEqual({ city: 'London', firstname: 'ADA', metadata: { geo: { city: 'London' } } });
    expect(result.mappings.filter((m) => !m.written)).toEqual([
      { target: 'metadata.geo.country', source: 'person.country', written: false, reason: 'person.country found nothing' },
      { target: 'zip', source: '{{ person.missing }}', written: false, reason: 'missing value for {{ person.missing }}' },
    ]);
  });

  it('fills a field only when the contact has none, for a mapping that does not overwrite', async () => {
    const definition = {
      name: 'fill',
      steps: [{ id: 'person', url: `${api.url}/xml` }],
      field_mappings: [
        { sourcePath: 'person.city', targetField: 'city', overwrite: false },
        { sourcePath: 'person.name', targetField: 'metadata.person.name', overwrite: false },
      ],
    };
    const filled = await runOnce(definition, { contact: { city: '' } });
    expect(filled.patch).toEqual({ city: 'London', metadata: { person: { name: 'Ada' } } });
    const kept = await runOnce(definition, { contact: { city: 'Paris', metadata: { person: { name: 'Augusta' } } } });
    expect(kept.patch).toEqual({});
    expect(kept.mappings.map((mapping) => mapping.reason)).toEqual(["the contact's city is set already; this mapping only fills it when empty", "the contact's metadata.person.name is set already; this mapping only fills it when empty"]);
  });

  it('sends one step only, with what the steps before it gave in the last test standing in', async () => {
    const definition = {
      name: 'send one',
      steps: [
        { id: 'find', url: `${api.url}/list` },
        { id: 'read', url: `${api.url}/people/{{ find[1].id }}`, outputMapping: { target: 'target' } },
        { id: 'after', url: `${api.url}/never` },
      ],
    };
    const before = api.received.length;
    const result = await runOnce(definition, { only: { step: 'read', earlier: { find: [{ id: 'a' }, { id: 'kept' }] } } });
    expect(api.received.slice(before).map((request) => request.target)).toEqual(['/people/kept']);
    expect(result.steps.map((step) => [step.id, step.status])).toEqual([['find', 'skipped'], ['read', 'success'], ['after', 'skipped']]);
    expect(result.steps[0]?.notes).toEqual(['not sent: what it gave in the last test stands in']);
  });

  it('reads credentials by the original names and by service and field', async () => {
    const result = await runOnce(
      oneStep({ url: `${api.url}/c?a={{ workspace.api_key }}&b={{ workspace.hubspot_token }}&c={{ credentials.hubspot.token }}&w={{ workspace.id }}` }),
      { credentials: { api_key: { value: 'k1' }, hubspot: { token: 't2' } }, workspace: { id: '15213' } },
    );
    expect(api.received.at(-1)?.target).toBe('/c?a=k1&b=t2&c=t2&w=15213');
    expect(result.status).toBe('success');
  });
});
