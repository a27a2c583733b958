import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftFromCurl, fromCurl } from '../src/engine/import/curl.ts';
import { shellWords } from '../src/engine/import/shell-words.ts';
import { parseDefinition } from '../src/engine/index.ts';
import { runOnce } from './support/engine.ts';
import { json, standIn } from './support/stand-in.ts';

/*
 * cURL commands as the providers' API references print them, each made into the step a user
 * would otherwise type by hand; every step made is a definition the engine accepts.
 */

function accepted(step: unknown): void {
  const parsed = parseDefinition({ name: 'Imported', type: 'multi-step', steps: [step] });
  expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
}

describe('shell words', () => {
  it('reads quotes, escapes and continued lines as a shell does', () => {
    expect(shellWords(`curl -H 'A: "x"' -d "it's \\"q\\" \\$HOME" a\\ b \\\n  --url x`)).toEqual(['curl', '-H', 'A: "x"', '-d', 'it\'s "q" $HOME', 'a b', '--url', 'x']);
    expect(() => shellWords("curl 'open")).toThrow(/not closed/);
  });
});

describe('cURL import', () => {
  it('sends a file-loading tag or a credential template in a pasted command as text: it reads no file and no credential', async () => {
    const api = await standIn((_request, response) => json(response, 200, { ok: true }));
    try {
      const tags = '{% include "package.json" %}{% render "package.json" %}{{ credentials.svc.token }}';
      const draft = draftFromCurl(`curl '${api.url}/x' -H 'X-Probe: ${tags}' --data-raw '${tags}'`);
      const result = await runOnce(draft.definition, { input: {}, credentials: { svc: { token: 'sk_live_never_sent' } } });
      expect(result.status, JSON.stringify(result.error)).toBe('success');
      expect(api.received[0]?.headers['x-probe']).toBe(tags);
      expect(api.received[0]?.body).toBe(tags);
      expect(JSON.stringify(api.received)).not.toMatch(/sk_live_never_sent|"name":\s*"connectors"/);
    } finally {
      await api.close();
    }
  });

  it('keeps a {{ or {% in a command as the text it is: the step sends it as written', async () => {
    const api = await standIn((_request, response) => json(response, 200, { ok: true }));
    try {
      const draft = draftFromCurl(`curl '${api.url}/a{%b?q=%7B%7B' -H 'X-Note: {{ not a variable' -d 'x={% raw %}{{y}}'`);
      const result = await runOnce(draft.definition, { input: {} });
      expect(result.status, JSON.stringify(result.error)).toBe('success');
      expect(api.received[0]?.headers['x-note']).toBe('{{ not a variable');
      expect(api.received[0]?.body).toBe('x=%7B%25+raw+%25%7D%7B%7By%7D%7D');
    } finally {
      await api.close();
    }
  });

  it('Stripe: -u KEY: is Basic auth with the key as the user, and -d fields a form', () => {
    const made = fromCurl(`curl https://api.stripe.com/v1/customers \\
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jennyrosen@example.com"`);
    expect(made.step).toMatchObject({ method: 'POST', url: 'https://api.stripe.com/v1/customers', bodyType: 'form', body: { name: 'Jenny Rosen', email: 'jennyrosen@example.com' }, auth: { type: 'basic', username: '{{credentials.stripe.username}}', password: '' } });
    expect(made.credential).toEqual({ service_name: 'stripe', fields: { username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' } });
    expect(JSON.stringify(made.step)).not.toContain('sk_test_');
    accepted(made.step);
  });

  it('Twilio: $VARS in the path and -u become inputs and a credential to fill in', () => {
    const made = fromCurl(`curl -X POST "https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" \\
--data-urlencode "Body=Hi there" \\
--data-urlencode "From=+15557122661" \\
--data-urlencode "To=+15558675310" \\
-u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN`);
    expect(made.step).toMatchObject({ method: 'POST', url: 'https://api.twilio.com/2010-04-01/Accounts/{{input.twilio_account_sid}}/Messages.json', bodyType: 'form', body: { Body: 'Hi there', From: '+15557122661', To: '+15558675310' }, auth: { type: 'basic' } });
    expect(made.credential).toEqual({ service_name: 'twilio', fields: { username: null, password: null } });
    expect(made.inputs.map((input) => input.name)).toEqual(['twilio_account_sid']);
    accepted(made.step);
  });

  it('SendGrid: Authorization: Bearer is bearer auth, and a JSON body stays JSON', () => {
    const made = fromCurl(`curl --request POST \\
--url https://api.sendgrid.com/v3/mail/send \\
--header "Authorization: Bearer $SENDGRID_API_KEY" \\
--header 'Content-Type: application/json' \\
--data '{"personalizations": [{"to": [{"email": "test@example.com"}]}],"from": {"email": "test@example.com"},"subject": "Sending with SendGrid is Fun","content": [{"type": "text/plain", "value": "and easy to do anywhere, even with cURL"}]}'`);
    expect(made.step).toMatchObject({ method: 'POST', url: 'https://api.sendgrid.com/v3/mail/send', bodyType: 'json', auth: { type: 'bearer', token: '{{credentials.sendgrid.token}}' }, headers: [{ key: 'Content-Type', value: 'application/json' }] });
    expect((made.step.body as { subject: string }).subject).toBe('Sending with SendGrid is Fun');
    expect(made.credential).toEqual({ service_name: 'sendgrid', fields: { token: null } });
    accepted(made.step);
  });

  it('Hunter: api_key= in the query is query auth, and the other parameters stay', () => {
    const made = fromCurl('curl "https://api.hunter.io/v2/email-verifier?email=patrick@stripe.com&api_key=YOUR_API_KEY"');
    expect(made.step).toMatchObject({ method: 'GET', url: 'https://api.hunter.io/v2/email-verifier', queryParams: [{ key: 'email', value: 'patrick@stripe.com' }], auth: { type: 'api_key', in: 'query', name: 'api_key', value: '{{credentials.hunter.api_key}}' } });
    expect(made.credential).toEqual({ service_name: 'hunter', fields: { api_key: null } });
    expect(made.inputs).toEqual([]);
    accepted(made.step);
  });

  it('GitHub: headers kept, {placeholders} in the path become inputs', () => {
    const made = fromCurl(`curl -L \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues/{issue_number}`);
    expect(made.step).toMatchObject({ method: 'GET', url: 'https://api.github.com/repos/OWNER/REPO/issues/{{input.issue_number}}', headers: [{ key: 'Accept', value: 'application/vnd.github+json' }, { key: 'X-GitHub-Api-Version', value: '2022-11-28' }], auth: { type: 'bearer' } });
    expect(made.credential?.fields).toEqual({ token: null });
    accepted(made.step);
  });

  it('Mailgun: -F fields a form, said to be sent URL-encoded', () => {
    const made = fromCurl(`curl -s --user 'api:YOUR_API_KEY' \\
    https://api.mailgun.net/v3/YOUR_DOMAIN_NAME/messages \\
    -F from='Excited User <mailgun@YOUR_DOMAIN_NAME>' \\
    -F to=YOU@YOUR_DOMAIN_NAME \\
    -F subject='Hello' \\
    -F text='Testing some Mailgun awesomeness!'`);
    expect(made.step).toMatchObject({ method: 'POST', url: 'https://api.mailgun.net/v3/{{input.domain_name}}/messages', bodyType: 'form', auth: { type: 'basic', username: '{{credentials.mailgun.username}}', password: '{{credentials.mailgun.password}}' } });
    expect(made.credential?.fields).toEqual({ username: 'api', password: null });
    expect(made.notes.join(' ')).toMatch(/multipart/);
    accepted(made.step);
  });

  it('OpenAI: an X-style API key header and a JSON body', () => {
    const made = fromCurl(`curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-4o",
    "messages": [{"role": "user", "content": "Say this is a test!"}]
  }'`);
    expect(made.step).toMatchObject({ method: 'POST', bodyType: 'json', body: { model: 'gpt-4o' }, auth: { type: 'bearer' } });
    accepted(made.step);
  });

  it('an API key header and -G data as the query', () => {
    const made = fromCurl(`curl -G https://api.example.com/people/search -H "X-API-Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0" --data-urlencode "q=Ada Lovelace" -d limit=5`);
    expect(made.step).toMatchObject({ method: 'GET', queryParams: [{ key: 'q', value: 'Ada Lovelace' }, { key: 'limit', value: '5' }], auth: { type: 'api_key', in: 'header', name: 'X-API-Key', value: '{{credentials.example.api_key}}' } });
    expect(made.step.body).toBeUndefined();
    expect(made.credential?.fields).toEqual({ api_key: '9f8e7d6c5b4a39281706f5e4d3c2b1a0' });
    accepted(made.step);
  });

  it('says what is not a cURL command', () => {
    expect(() => fromCurl('wget https://example.com')).toThrow(/starts with `curl`/);
    expect(() => fromCurl('curl -H "A: b"')).toThrow(/no URL/);
  });

  it('makes commands pasted together one step each, with unique ids and one credential per service', () => {
    const draft = draftFromCurl(`$ curl https://api.stripe.com/v1/customers/cus_123 -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:
curl https://api.stripe.com/v1/customers/<customer>/sources \
  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: -G -d limit=3`);
    expect(draft.definition.type).toBe('multi-step');
    expect(draft.definition.steps.map((step) => [step.id, step.url])).toEqual([
      ['cus_123', 'https://api.stripe.com/v1/customers/cus_123'],
      ['sources', 'https://api.stripe.com/v1/customers/{{input.customer}}/sources'],
    ]);
    expect(draft.credentials).toEqual([{ service_name: 'stripe', fields: { username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' } }]);
    expect(draft.definition.input_schema.map((input) => input.name)).toEqual(['customer']);
    expect(parseDefinition(draft.definition).ok).toBe(true);
    expect(() => draftFromCurl('nothing here')).toThrow(/no cURL command/);
    expect(() => draftFromCurl("curl 'https://a.example")).toThrow(/command 1: a single quote is not closed/);
  });

  it('is a command: connectors import curl FILE prints the draft, and the credential it reads without its value', { timeout: 30_000 }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'connectors-import-'));
    try {
      const file = join(folder, 'hunter.sh');
      await writeFile(file, 'curl "https://api.hunter.io/v2/email-verifier?email=<EMAIL>&api_key=hunter-live-key-0123456789abcdef"\n');
      const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'import', 'curl', file]);
      expect(stdout).not.toContain('hunter-live-key');
      expect(stderr).not.toContain('hunter-live-key');
      expect(stderr).toContain('credential "hunter": api_key');
      expect(parseDefinition(JSON.parse(stdout)).ok).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('reads any text as a draft or a plain error, and never puts a bearer token into the definition', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9._~+/-]{12,40}$/), (noise, token) => {
        try {
          draftFromCurl(noise);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
        const quoted = `'${noise.replaceAll("'", "'\\''")}'`;
        const draft = draftFromCurl(`curl https://api.example.com/x -d ${quoted} -H 'Authorization: Bearer ${token}'`);
        expect(JSON.stringify(draft.definition)).not.toContain(token);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a long pasted command whole', { timeout: 30_000 }, () => {
    const long = `curl https://api.example.com/${'A'.repeat(50_000)} -d ${'B_'.repeat(25_000)}`;
    expect(draftFromCurl(long).definition.steps).toHaveLength(1);
  });

  // More commands as the providers' references print them: what each must become.
  const CORPUS: [string, string, Record<string, unknown>, Record<string, string | null> | undefined][] = [
    [
      'HubSpot search',
      `curl --request POST \\
  --url https://api.hubapi.com/crm/v3/objects/contacts/search \\
  --header 'authorization: Bearer YOUR_ACCESS_TOKEN' \\
  --header 'content-type: application/json' \\
  --data '{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"<EMAIL>"}]}]}'`,
      { method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts/search', bodyType: 'json', body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: '{{input.email}}' }] }] }, auth: { type: 'bearer' } },
      { token: null },
    ],
    ['Slack incoming webhook', `curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello, World!"}' https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`, { method: 'POST', bodyType: 'json', body: { text: 'Hello, World!' }, auth: { type: 'none' } }, undefined],
    ['Clearbit', `curl 'https://person.clearbit.com/v2/combined/find?email=alex@clearbit.com' \\
        -u sk_0123456789abcdef0123456789abcdef:`, { method: 'GET', url: 'https://person.clearbit.com/v2/combined/find', queryParams: [{ key: 'email', value: 'alex@clearbit.com' }], auth: { type: 'basic', password: '' } }, { username: 'sk_0123456789abcdef0123456789abcdef' }],
    ['Mailchimp', `curl -X GET \\
  'https://\${dc}.api.mailchimp.com/3.0/lists?fields=<SOME_ARRAY_VALUE>&count=10' \\
  --user "anystring:\${apikey}"`, { method: 'GET', queryParams: [{ key: 'fields', value: '{{input.some_array_value}}' }, { key: 'count', value: '10' }], auth: { type: 'basic' } }, { username: 'anystring', password: null }],
    ['Google Geocoding', `curl "https://maps.googleapis.com/maps/api/geocode/json?address=1600+Amphitheatre+Parkway,+Mountain+View,+CA&key=YOUR_API_KEY"`, { method: 'GET', url: 'https://maps.googleapis.com/maps/api/geocode/json', queryParams: [{ key: 'address', value: '1600 Amphitheatre Parkway, Mountain View, CA' }], auth: { type: 'api_key', in: 'query', name: 'key' } }, { api_key: null }],
    ['People Data Labs', `curl -X GET -G \\
  "https://api.peopledatalabs.com/v5/person/enrich" \\
  -H "X-Api-Key: xxxx" \\
  --data-urlencode 'profile=linkedin.com/in/seanthorne'`, { method: 'GET', queryParams: [{ key: 'profile', value: 'linkedin.com/in/seanthorne' }], auth: { type: 'api_key', in: 'header', name: 'X-Api-Key' } }, { api_key: null }],
    ['Pipedrive', `curl "https://companydomain.pipedrive.com/api/v1/persons/search?term=ada&api_token=0123456789abcdef0123456789abcdef01234567"`, { method: 'GET', queryParams: [{ key: 'term', value: 'ada' }], auth: { type: 'api_key', in: 'query', name: 'api_token' } }, { api_key: '0123456789abcdef0123456789abcdef01234567' }],
    ['Zendesk', `curl https://{subdomain}.zendesk.com/api/v2/users/search.json?query=email:ada@example.com \\
  -v -u {email_address}/token:{api_token}`, { method: 'GET', auth: { type: 'basic' } }, { username: null, password: null }],
    ['Notion', `curl -X POST 'https://api.notion.com/v1/databases/897e5a76ae524b489fdfe71f5945d1af/query' \\
  -H 'Authorization: Bearer '"$NOTION_API_KEY"'' \\
  -H 'Notion-Version: 2022-06-28' \\
  -H "Content-Type: application/json" \\
--data '{"filter": {"property": "Landmark", "rich_text": {"contains": "Bridge"}}}'`, { method: 'POST', bodyType: 'json', headers: [{ key: 'Notion-Version', value: '2022-06-28' }, { key: 'Content-Type', value: 'application/json' }], auth: { type: 'bearer' } }, { token: null }],
    ['Airtable', `curl "https://api.airtable.com/v0/{baseId}/{tableIdOrName}?maxRecords=3&view=Grid%20view" \\
  -H "Authorization: Bearer YOUR_TOKEN"`, { method: 'GET', url: 'https://api.airtable.com/v0/{{input.base_id}}/{{input.table_id_or_name}}', queryParams: [{ key: 'maxRecords', value: '3' }, { key: 'view', value: 'Grid view' }], auth: { type: 'bearer' } }, { token: null }],
    ['Shopify', `curl -X GET "https://your-development-store.myshopify.com/admin/api/2024-01/customers/search.json?query=email:bob.norman@mail.example.com" \\
-H "X-Shopify-Access-Token: {access_token}"`, { method: 'GET', queryParams: [{ key: 'query', value: 'email:bob.norman@mail.example.com' }], auth: { type: 'api_key', in: 'header', name: 'X-Shopify-Access-Token' } }, { api_key: null }],
    ['Postmark (HTML in the body is not a placeholder)', `curl "https://api.postmarkapp.com/email" \\
  -X POST \\
  -H "Accept: application/json" \\
  -H "Content-Type: application/json" \\
  -H "X-Postmark-Server-Token: server token" \\
  -d '{
  "From": "sender@example.com",
  "To": "receiver@example.com",
  "Subject": "Postmark test",
  "TextBody": "Hello dear Postmark user.",
  "HtmlBody": "<html><body><strong>Hello</strong> dear Postmark user.</body></html>",
  "MessageStream": "outbound"
}'`, { method: 'POST', bodyType: 'json', body: { HtmlBody: '<html><body><strong>Hello</strong> dear Postmark user.</body></html>' }, auth: { type: 'api_key', in: 'header', name: 'X-Postmark-Server-Token' } }, { api_key: null }],
    ['Brevo', `curl --request POST \\
     --url https://api.brevo.com/v3/contacts \\
     --header 'accept: application/json' \\
     --header 'api-key: YOUR_API_KEY' \\
     --header 'content-type: application/json' \\
     --data '
{
  "email": "elly@example.com",
  "attributes": {
    "FNAME": "Elly",
    "LNAME": "Roger"
  }
}
'`, { method: 'POST', url: 'https://api.brevo.com/v3/contacts', bodyType: 'json', body: { email: 'elly@example.com', attributes: { FNAME: 'Elly' } }, auth: { type: 'api_key', in: 'header', name: 'api-key' } }, { api_key: null }],
    ['Trello (two keys in the query, both read from the credential)', `curl --request GET \\
  --url 'https://api.trello.com/1/boards/{id}?key=APIKey&token=APIToken'`, { method: 'GET', url: 'https://api.trello.com/1/boards/{{input.id}}', queryParams: [{ key: 'token', value: '{{credentials.trello.token}}' }], auth: { type: 'api_key', in: 'query', name: 'key' } }, { api_key: null, token: null }],
    ['ipinfo (no scheme)', 'curl ipinfo.io/8.8.8.8?token=$TOKEN', { method: 'GET', url: 'https://ipinfo.io/8.8.8.8', auth: { type: 'api_key', in: 'query', name: 'token' } }, { api_key: null }],
    ['Elasticsearch (-d written against its value)', `curl -X GET "localhost:9200/my-index-000001/_search?pretty" -H 'Content-Type: application/json' -d'
{
  "query": {
    "match": { "user.id": "kimchy" }
  }
}
'`, { method: 'GET', url: 'https://localhost:9200/my-index-000001/_search', queryParams: [{ key: 'pretty', value: '' }], bodyType: 'json', body: { query: { match: { 'user.id': 'kimchy' } } } }, undefined],
    ['Close (-XPOST, -u key:)', `curl -XPOST https://api.close.com/api/v1/lead/ -u yourapikey: -H 'Content-Type: application/json' -d '{"name": "Bluth Company", "contacts": [{"name": "Gob", "emails": [{"type": "office", "email": "gob@example.com"}]}]}'`, { method: 'POST', url: 'https://api.close.com/api/v1/lead/', bodyType: 'json', auth: { type: 'basic', password: '' } }, { username: null }],
    ['Mailjet (tabs, --user with two $VARS)', `curl -s \\
\t-X POST \\
\t--user "$MJ_APIKEY_PUBLIC:$MJ_APIKEY_PRIVATE" \\
\thttps://api.mailjet.com/v3.1/send \\
\t-H 'Content-Type: application/json' \\
\t-d '{"Messages":[{"From":{"Email":"pilot@mailjet.com","Name":"Mailjet Pilot"},"To":[{"Email":"passenger1@mailjet.com","Name":"passenger 1"}],"Subject":"Your email flight plan!"}]}'`, { method: 'POST', url: 'https://api.mailjet.com/v3.1/send', bodyType: 'json', auth: { type: 'basic' } }, { username: null, password: null }],
    ['Apollo (POST with the query only)', `curl --request POST \\
     --url 'https://api.apollo.io/api/v1/people/match?email=tim@apollo.io&reveal_personal_emails=false' \\
     --header 'Cache-Control: no-cache' \\
     --header 'Content-Type: application/json' \\
     --header 'accept: application/json' \\
     --header 'x-api-key: YOUR_API_KEY'`, { method: 'POST', queryParams: [{ key: 'email', value: 'tim@apollo.io' }, { key: 'reveal_personal_emails', value: 'false' }], auth: { type: 'api_key', in: 'header', name: 'x-api-key' } }, { api_key: null }],
    ["Postman's code snippet (--location, --data-raw)", `curl --location 'https://api.lemlist.com/api/leads/cam_123/?access_token=ZmFrZV9rZXlfMDEyMzQ1Njc4OQ' \\
--header 'Content-Type: application/json' \\
--data-raw '{
    "email": "lead@example.com",
    "firstName": "Ada"
}'`, { method: 'POST', bodyType: 'json', body: { email: 'lead@example.com', firstName: 'Ada' }, auth: { type: 'api_key', in: 'query', name: 'access_token', value: '{{credentials.lemlist.api_key}}' } }, { api_key: 'ZmFrZV9rZXlfMDEyMzQ1Njc4OQ' }],
  ];

  for (const [provider, command, step, fields] of CORPUS) {
    it(`${provider}: as its reference prints it`, () => {
      const made = fromCurl(command);
      expect(made.step).toMatchObject(step);
      expect(made.credential?.fields).toEqual(fields);
      accepted(made.step);
    });
  }
});
