import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../src/engine/request.ts';
import { BACKENDS, startApp, testSettings } from './support/app.ts';
import { runOnce } from './support/engine.ts';
import { checkSignature } from './support/aws-signature.ts';
import { json, standIn, type Received, type StandIn } from './support/stand-in.ts';

/*
 * Stand-ins for real APIs, answering as each provider's public documentation shows (status,
 * headers, body, errors) and refusing what the real API refuses; the definitions are written as
 * the README tells a user to write them, with the providers' real URLs.
 */

type Provider = (request: Received, response: ServerResponse) => void;

const bearer = (request: Received, token: string) => request.headers.authorization === `Bearer ${token}`;

const PROVIDERS: Record<string, Provider> = {
  // SendGrid v3 Mail Send: 202 with an empty body; the message id is only in a header.
  'https://api.sendgrid.com': (request, response) => {
    if (!bearer(request, 'SG.test-key')) return json(response, 401, { errors: [{ field: null, message: 'authorization required', help: null }] });
    if (request.headers['content-type'] !== 'application/json') return json(response, 415, { errors: [{ field: null, message: 'Content-Type should be application/json.', help: null }] });
    response.writeHead(202, { 'x-message-id': 'W8Gx3dT5Q1-sVdDIFLD-Rw', 'content-length': '0' }).end();
  },
  // Slack Web API: always 200, `ok: false` with an error code when it fails.
  'https://slack.com': (request, response) => {
    if (!bearer(request, 'xoxb-test')) return json(response, 200, { ok: false, error: 'invalid_auth' });
    const email = request.url.searchParams.get('email');
    if (email !== 'spengler@ghostbusters.example.com') return json(response, 200, { ok: false, error: 'users_not_found' });
    json(response, 200, { ok: true, user: { id: 'W012A3CDE', name: 'spengler', real_name: 'Egon Spengler', profile: { first_name: 'Egon', last_name: 'Spengler', title: 'Ghostbuster', email } } });
  },
  // Google Geocoding: 200 with `status` OK, ZERO_RESULTS or REQUEST_DENIED (and `error_message`).
  'https://maps.googleapis.com': (request, response) => {
    if (request.url.searchParams.get('key') !== 'AIza-test') {
      return json(response, 200, { error_message: 'The provided API key is invalid. ', results: [], status: 'REQUEST_DENIED' });
    }
    if (request.url.searchParams.get('address') !== '1600 Amphitheatre Parkway, Mountain View, CA') return json(response, 200, { results: [], status: 'ZERO_RESULTS' });
    json(response, 200, {
      results: [
        {
          formatted_address: '1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA',
          address_components: [
            { long_name: 'Mountain View', short_name: 'Mountain View', types: ['locality', 'political'] },
            { long_name: '94043', short_name: '94043', types: ['postal_code'] },
          ],
          geometry: { location: { lat: 37.4224428, lng: -122.0842467 } },
        },
      ],
      status: 'OK',
    });
  },
  // People Data Labs Person Enrichment: 404 when no record matches, 401 without a key.
  'https://api.peopledatalabs.com': (request, response) => {
    if (request.headers['x-api-key'] !== 'pdl-test') return json(response, 401, { status: 401, error: { type: 'authentication_error', message: 'No API key found in request' } });
    if (request.url.searchParams.get('email') !== 'sean@peopledatalabs.com') {
      return json(response, 404, { status: 404, error: { type: 'not_found', message: 'No records were found matching your request' } });
    }
    json(response, 200, { status: 200, likelihood: 10, data: { full_name: 'sean thorne', first_name: 'sean', last_name: 'thorne', job_title: 'co-founder', job_company_name: 'people data labs' } });
  },
  // OpenAI Chat Completions: the model's JSON answer is a string inside the answer.
  'https://api.openai.com': (request, response) => {
    if (!bearer(request, 'sk-test')) return json(response, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    json(response, 200, {
      id: 'chatcmpl-123',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: '```json\n{"company": "Acme Corp", "industry": "Software"}\n```' }, finish_reason: 'stop' }],
    });
  },
  // EU VIES checkVat (SOAP): values are text, with namespace prefixes.
  'https://ec.europa.eu': (request, response) => {
    if (!String(request.headers['content-type']).startsWith('text/xml')) return void response.writeHead(415).end();
    const number = /<urn:vatNumber>([^<]*)</.exec(request.body)?.[1] ?? '';
    response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(
      `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body><ns2:checkVatResponse xmlns:ns2="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><ns2:countryCode>BE</ns2:countryCode><ns2:vatNumber>${number}</ns2:vatNumber><ns2:requestDate>2026-12-02+01:00</ns2:requestDate><ns2:valid>true</ns2:valid><ns2:name>NV EXAMPLE</ns2:name><ns2:address>RUE DE LA LOI 1
1000 BRUXELLES</ns2:address></ns2:checkVatResponse></env:Body></env:Envelope>`,
    );
  },
  'https://api.hubspot.com': hubspot,
  'https://api.twilio.com': twilio,
  'https://api.hunter.io': hunter,
  'https://api.github.com': github,
  // Slack incoming webhooks: `ok` as text, or an error code as text with a 4xx.
  'https://hooks.slack.com': (request, response) => {
    const text = (status: number, body: string) => void response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    if (request.url.pathname !== '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX') return text(404, 'no_service');
    if (request.headers['content-type'] !== 'application/json') return text(400, 'invalid_payload');
    const payload = JSON.parse(request.body) as { text?: unknown };
    if (typeof payload.text !== 'string' || payload.text.trim() === '') return text(400, 'no_text');
    text(200, 'ok');
  },
  // Microsoft identity platform: client credentials in the form body, a token for Graph's `.default` scope.
  'https://login.microsoftonline.com': (request, response) => {
    const form = new URLSearchParams(request.body);
    if (request.url.pathname !== '/contoso.onmicrosoft.com/oauth2/v2.0/token' || form.get('grant_type') !== 'client_credentials') return json(response, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' });
    if (form.get('client_id') !== 'graph-app' || form.get('client_secret') !== 'graph-secret') return json(response, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    if (form.get('scope') !== 'https://graph.microsoft.com/.default') return json(response, 400, { error: 'invalid_scope', error_description: 'AADSTS70011: The provided value for the input parameter \'scope\' is not valid.' });
    json(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QiLCJub25jZSI6Imdyb3BoIn0.graph' });
  },
  // Microsoft Graph users: `$select` names the properties; 404 Request_ResourceNotFound for an unknown user.
  'https://graph.microsoft.com': (request, response) => {
    if (!bearer(request, 'eyJ0eXAiOiJKV1QiLCJub25jZSI6Imdyb3BoIn0.graph')) return json(response, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const user = decodeURIComponent(request.url.pathname.replace('/v1.0/users/', ''));
    if (user !== 'adele.vance@contoso.com') return json(response, 404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${user}' does not exist or one of its queried reference-property objects are not present.` } });
    const all: Record<string, string> = { displayName: 'Adele Vance', givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', officeLocation: '18/2111', mail: user };
    const selected = (request.url.searchParams.get('$select') ?? '').split(',').filter(Boolean);
    json(response, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', ...Object.fromEntries(selected.map((name) => [name, all[name] ?? null])) });
  },
  // Google OAuth 2.0: a refresh token traded for an access token; the answer has no new refresh token.
  'https://oauth2.googleapis.com': (request, response) => {
    const form = new URLSearchParams(request.body);
    if (form.get('client_id') !== 'google-client.apps.googleusercontent.com' || form.get('client_secret') !== 'GOCSPX-test') return json(response, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== '1//0g-refresh-test') return json(response, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    json(response, 200, { access_token: 'ya29.a0-people-test', expires_in: 3599, scope: 'https://www.googleapis.com/auth/contacts.readonly', token_type: 'Bearer' });
  },
  // Google People searchContacts: `{}` when nothing matches.
  'https://people.googleapis.com': (request, response) => {
    if (!bearer(request, 'ya29.a0-people-test')) return json(response, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    if (!request.url.searchParams.get('readMask')) return json(response, 400, { error: { code: 400, message: 'Request must set readMask.', status: 'INVALID_ARGUMENT' } });
    if (request.url.searchParams.get('query') !== 'ada@example.com') return json(response, 200, {});
    json(response, 200, { results: [{ person: { resourceName: 'people/c5212', etag: '%EgUBAi43PRoEAQIFByIMZ', names: [{ displayName: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' }], organizations: [{ name: 'Analytical Engines', title: 'Mathematician' }] } }] });
  },
  // Amazon Location Service SearchPlaceIndexForText: Signature V4 for service `geo`, errors named in x-amzn-ErrorType.
  'https://places.geo.us-east-1.amazonaws.com': (request, response) => {
    const checked = checkSignature(request, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, 'places.geo.us-east-1.amazonaws.com');
    if (!checked.ok) return json(response, 403, { message: checked.message }, { 'x-amzn-errortype': `${checked.type}:` });
    if (request.url.pathname !== '/places/v0/indexes/explore.place/search/text') return json(response, 404, { message: 'Resource not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException:' });
    const text = (JSON.parse(request.body) as { Text?: string }).Text ?? '';
    const results = text.startsWith('400 Broad St') ? [{ Place: { Label: 'Space Needle, 400 Broad St, Seattle, WA 98109, USA', AddressNumber: '400', Street: 'Broad St', Municipality: 'Seattle', SubRegion: 'King County', Region: 'Washington', Country: 'USA', PostalCode: '98109', Geometry: { Point: [-122.34925, 47.62051] } }, Relevance: 1 }] : [];
    json(response, 200, { Summary: { Text: text, MaxResults: 1, DataSource: 'Esri', ResultBBox: [-122.34925, 47.62051, -122.34925, 47.62051] }, Results: results });
  },
  // Stripe charges: a list with has_more, the next page after the last id.
  'https://api.stripe.com': (request, response) => {
    if (request.headers.authorization !== `Basic ${Buffer.from('sk_test_4eC39HqLyjWDarjtT1zdp7dc:').toString('base64')}`) {
      return json(response, 401, { error: { message: 'Invalid API Key provided: sk_test_****', type: 'invalid_request_error' } });
    }
    const charges = Array.from({ length: 5 }, (_, n) => ({ id: `ch_${n + 1}`, object: 'charge', amount: 1000 * (n + 1), currency: 'usd', customer: 'cus_NffrFeUfNV2Hib' }));
    const after = request.url.searchParams.get('starting_after');
    const start = after ? charges.findIndex((charge) => charge.id === after) + 1 : 0;
    const data = charges.slice(start, start + Number(request.url.searchParams.get('limit') ?? 10));
    json(response, 200, { object: 'list', url: '/v1/charges', has_more: start + data.length < charges.length, data });
  },
};

// GitHub: REST refuses a request without a User-Agent and pages lists with the Link header; GraphQL answers 200 with `errors`.
const GITHUB_REPOS = Array.from({ length: 5 }, (_, n) => ({ id: n + 1, name: `repo-${n + 1}`, stargazers_count: n * 10 }));
function github(request: Received, response: ServerResponse): void {
  if (!request.headers['user-agent']) {
    return void response.writeHead(403, { 'content-type': 'text/plain' }).end('Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).');
  }
  const path = request.url.pathname;
  if (path === '/users/octocat' || path === '/users/peopledatalabs') return json(response, 200, { login: path.slice(7), name: 'The Octocat', company: '@github', location: 'San Francisco', email: null });
  if (path === '/users/octocat/repos') {
    const page = Number(request.url.searchParams.get('page') ?? 1);
    const size = Number(request.url.searchParams.get('per_page') ?? 30);
    const last = Math.ceil(GITHUB_REPOS.length / size);
    const link = (n: number, rel: string) => `<https://api.github.com/users/octocat/repos?per_page=${size}&page=${n}>; rel="${rel}"`;
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return json(response, 200, GITHUB_REPOS.slice((page - 1) * size, page * size), links.length ? { link: links.join(', ') } : {});
  }
  if (path === '/graphql' && request.method === 'POST') {
    if (!bearer(request, 'ghp_test')) return json(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: { login: string } };
    if (/\bemail2\b/.test(query)) return json(response, 200, { errors: [{ path: ['query', 'user', 'email2'], extensions: { code: 'undefinedField', typeName: 'User', fieldName: 'email2' }, locations: [{ line: 1, column: 50 }], message: "Field 'email2' doesn't exist on type 'User'" }] });
    if (variables.login !== 'octocat') return json(response, 200, { data: { user: null }, errors: [{ type: 'NOT_FOUND', path: ['user'], locations: [{ line: 1, column: 36 }], message: `Could not resolve to a User with the login of '${variables.login}'.` }] });
    return json(response, 200, { data: { user: { name: 'The Octocat', company: '@github', followers: { totalCount: 21000 } } } });
  }
  json(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
}

// HubSpot CRM v3: default properties unless `properties` names others, associations only when asked.
const HUBSPOT_CONTACT = { id: '501', properties: { createdate: '2026-01-05T10:00:00.000Z', email: 'jose.tayzon@example.com', firstname: 'Jose', hs_object_id: '501', lastmodifieddate: '2026-02-01T09:00:00.000Z', lastname: 'Tayzon' } };
const HUBSPOT_COMPANY = { id: '9001', properties: { createdate: '2026-01-05T10:00:00.000Z', domain: 'tayzon.example', hs_lastmodifieddate: '2026-02-01T09:00:00.000Z', hs_object_id: '9001', name: 'Tayzon Logistics' } };
function hubspot(request: Received, response: ServerResponse): void {
  if (request.headers.authorization !== 'Bearer pat-na1-test') {
    return json(response, 401, { status: 'error', message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview', correlationId: 'a1b2', category: 'INVALID_AUTHENTICATION' });
  }
  const asked = (request.url.searchParams.get('properties') ?? '').split(',').filter(Boolean);
  const withProperties = (record: { id: string; properties: Record<string, string> }, extra: Record<string, string>) => ({ ...record, properties: { ...record.properties, ...Object.fromEntries(asked.filter((name) => name in extra).map((name) => [name, extra[name]!])) }, archived: false });
  const path = request.url.pathname;
  if (request.method === 'POST' && path === '/crm/v3/objects/contacts/search') {
    if (request.headers['content-type'] !== 'application/json') return json(response, 415, { status: 'error', message: 'Unsupported Media Type', category: 'VALIDATION_ERROR' });
    const email = (JSON.parse(request.body) as { filterGroups: { filters: { value: string }[] }[] }).filterGroups[0]?.filters[0]?.value;
    return json(response, 200, email === HUBSPOT_CONTACT.properties.email ? { total: 1, results: [{ id: '501', properties: HUBSPOT_CONTACT.properties, archived: false }] } : { total: 0, results: [] });
  }
  if (path === '/crm/v3/objects/contacts/501') {
    const contact = withProperties(HUBSPOT_CONTACT, {});
    return json(response, 200, request.url.searchParams.get('associations') === 'companies' ? { ...contact, associations: { companies: { results: [{ id: '9001', type: 'contact_to_company' }] } } } : contact);
  }
  if (path === '/crm/v3/objects/companies/9001') return json(response, 200, withProperties(HUBSPOT_COMPANY, { industry: 'TRANSPORTATION' }));
  json(response, 404, { status: 'error', message: 'Object not found.', category: 'OBJECT_NOT_FOUND' });
}

// Twilio Messages: a form body, Basic auth with the account SID, 201 with the message; errors carry a code and a message.
function twilio(request: Received, response: ServerResponse): void {
  if (request.headers.authorization !== `Basic ${Buffer.from('AC0123:twilio-token').toString('base64')}`) {
    return json(response, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  }
  if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(response, 400, { code: 20001, message: 'Invalid content type', status: 400 });
  const form = new URLSearchParams(request.body);
  if (!/^\+[1-9]\d{7,14}$/.test(form.get('To') ?? '')) {
    return json(response, 400, { code: 21211, message: `The 'To' number ${form.get('To') ?? ''} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });
  }
  json(response, 201, { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued', to: form.get('To'), from: form.get('From'), body: form.get('Body'), num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01' });
}

// Hunter Email Verifier: the key in the query; errors as a list with details.
function hunter(request: Received, response: ServerResponse): void {
  if (request.url.searchParams.get('api_key') !== 'hunter-key') return json(response, 401, { errors: [{ id: 'authentication_failed', code: 401, details: 'No user found for the API key supplied' }] });
  const email = request.url.searchParams.get('email');
  json(response, 200, { data: { status: 'valid', result: 'deliverable', score: 100, email, regexp: true, gibberish: false, disposable: false, webmail: false, mx_records: true, smtp_server: true, smtp_check: true, accept_all: false, block: false }, meta: { params: { email } } });
}

const bin = new URL('../bin/connectors.js', import.meta.url).pathname;
const template = (name: string) => (JSON.parse(readFileSync(new URL(`../templates/${name}.json`, import.meta.url), 'utf8')) as { definition: unknown }).definition;

interface Case {
  api: string;
  /** What is shown: the request style the API needs. */
  style: string;
  definition: unknown;
  context: { contact?: Record<string, unknown>; input?: Record<string, string>; credentials: Record<string, Record<string, string>> };
  status?: 'success';
  patch: Record<string, unknown>;
}

/** One definition per API, written as the README says, and the contact patch its documented answer gives. */
const CASES: Case[] = [
  {
    api: 'HubSpot',
    style: 'bearer, JSON search body, associations',
    definition: template('hubspot-contact-enrichment'),
    context: { input: { email: 'jose.tayzon@example.com' }, credentials: { hubspot: { token: 'pat-na1-test' } } },
    patch: { firstname: 'Jose', lastname: 'Tayzon', metadata: { company_name: 'Tayzon Logistics', industry: 'TRANSPORTATION' } },
  },
  {
    api: 'Twilio',
    style: 'basic auth, form body',
    definition: template('twilio-sms'),
    context: { contact: { phone_number: '+15558675310' }, input: { from: '+15017122661', message: 'Hi' }, credentials: { twilio: { account_sid: 'AC0123', auth_token: 'twilio-token' } } },
    patch: { metadata: { last_sms: { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' } } },
  },
  {
    api: 'Hunter',
    style: 'key in the query',
    definition: template('email-verification'),
    context: { contact: { email: 'ada@example.com' }, credentials: { hunter: { api_key: 'hunter-key' } } },
    patch: { metadata: { email_verification: { status: 'valid', result: 'deliverable', score: 100 } } },
  },
  {
    api: 'Slack webhook',
    style: 'a secret URL, a text answer',
    definition: template('slack-webhook'),
    context: { contact: { email: 'ada@example.com' }, input: { text: 'New lead' }, credentials: { slack: { webhook_url: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' } } },
    status: 'success',
    patch: {},
  },
  {
    api: 'SendGrid',
    style: 'empty 202, a header read',
    definition: {
      name: 'Welcome email',
      steps: [
        {
          id: 'send',
          method: 'POST',
          url: 'https://api.sendgrid.com/v3/mail/send',
          auth: { type: 'bearer', token: '{{ credentials.sendgrid.api_key }}' },
          body: { personalizations: [{ to: [{ email: '{{ contact.email }}' }] }], from: { email: 'hello@example.com' }, subject: 'Welcome', content: [{ type: 'text/plain', value: 'Hi {{ contact.firstname }}' }] },
          outputMapping: { message_id: '_headers.x-message-id', status: '_status' },
        },
      ],
      finalMapping: { 'metadata.welcome_message_id': '{{ send.message_id }}' },
    },
    context: { contact: { email: 'ada@example.com', firstname: 'Ada' }, credentials: { sendgrid: { api_key: 'SG.test-key' } } },
    patch: { metadata: { welcome_message_id: 'W8Gx3dT5Q1-sVdDIFLD-Rw' } },
  },
  {
    api: 'Slack Web API',
    style: '200 with ok false',
    definition: {
      name: 'Slack profile',
      steps: [
        {
          id: 'user',
          url: 'https://slack.com/api/users.lookupByEmail',
          query: { email: '{{ contact.email }}' },
          auth: { type: 'bearer', token: '{{ credentials.slack.bot_token }}' },
          noMatch: { when: '{{ error == "users_not_found" }}' },
          failWhen: '{{ ok == false }}',
          errorPath: 'error',
          outputMapping: { first: 'user.profile.first_name', title: 'user.profile.title' },
        },
      ],
      finalMapping: { firstname: '{{ user.first }}', 'metadata.title': '{{ user.title }}' },
    },
    context: { contact: { email: 'spengler@ghostbusters.example.com' }, credentials: { slack: { bot_token: 'xoxb-test' } } },
    patch: { firstname: 'Egon', metadata: { title: 'Ghostbuster' } },
  },
  {
    api: 'Google Geocoding',
    style: 'key in the query, 200 with a status',
    definition: {
      name: 'Geocode',
      steps: [
        {
          id: 'geo',
          url: 'https://maps.googleapis.com/maps/api/geocode/json',
          query: { address: '{{ input.address }}' },
          auth: { type: 'api_key', in: 'query', name: 'key', value: '{{ credentials.google_maps.api_key }}' },
          noMatch: { when: '{{ status == "ZERO_RESULTS" }}' },
          failWhen: '{{ status != "OK" }}',
          errorPath: 'error_message',
          outputMapping: { lat: 'results[0].geometry.location.lat', city: 'results[0].address_components[0].long_name', places: 'results | size' },
        },
      ],
      finalMapping: { city: '{{ geo.city }}', 'metadata.lat': '{{ geo.lat }}' },
    },
    context: { input: { address: '1600 Amphitheatre Parkway, Mountain View, CA' }, credentials: { google_maps: { api_key: 'AIza-test' } } },
    patch: { city: 'Mountain View', metadata: { lat: 37.4224428 } },
  },
  {
    api: 'People Data Labs',
    style: 'key in a header, 404 as no match',
    definition: {
      name: 'Person enrichment',
      steps: [
        {
          id: 'person',
          url: 'https://api.peopledatalabs.com/v5/person/enrich',
          query: { email: '{{ contact.email }}' },
          auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.pdl.api_key }}' },
          noMatch: [404],
          errorPath: 'error.message',
          outputMapping: { first: 'data.first_name', company: 'data.job_company_name' },
        },
        { id: 'company', url: 'https://api.github.com/users/{{ person.company | replace: " ", "" }}' },
        { id: 'profile', url: 'https://api.github.com/users/octocat', outputMapping: { location: 'location' } },
      ],
      finalMapping: { firstname: '{{ person.first | capitalize }}', 'metadata.location': '{{ profile.location }}' },
    },
    context: { contact: { email: 'sean@peopledatalabs.com' }, credentials: { pdl: { api_key: 'pdl-test' } } },
    patch: { firstname: 'Sean', metadata: { location: 'San Francisco' } },
  },
  {
    api: 'OpenAI',
    style: 'JSON inside a string',
    definition: {
      name: 'Classify company',
      steps: [
        {
          id: 'ask',
          method: 'POST',
          url: 'https://api.openai.com/v1/chat/completions',
          auth: { type: 'bearer', token: '{{ credentials.openai.api_key }}' },
          body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Company and industry for {{ contact.email }} as JSON' }] },
          outputMapping: { answer: 'choices[0].message.content | parse_json' },
        },
      ],
      finalMapping: { company: '{{ ask.answer.company }}', 'metadata.industry': '{{ ask.answer.industry }}' },
    },
    context: { contact: { email: 'jane@acme.example' }, credentials: { openai: { api_key: 'sk-test' } } },
    patch: { company: 'Acme Corp', metadata: { industry: 'Software' } },
  },
  {
    api: 'EU VIES',
    style: 'SOAP, XML values as text',
    definition: {
      name: 'Check VAT',
      steps: [
        {
          id: 'vat',
          method: 'POST',
          url: 'https://ec.europa.eu/taxation_customs/vies/services/checkVatService',
          bodyType: 'xml',
          body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><soapenv:Body><urn:checkVat><urn:countryCode>BE</urn:countryCode><urn:vatNumber>{{ input.vat_number }}</urn:vatNumber></urn:checkVat></soapenv:Body></soapenv:Envelope>',
          headers: { 'Content-Type': 'text/xml; charset=utf-8' },
          outputMapping: { number: '["env:Envelope"]["env:Body"]["ns2:checkVatResponse"]["ns2:vatNumber"]', valid: '["env:Envelope"]["env:Body"]["ns2:checkVatResponse"]["ns2:valid"]' },
        },
      ],
      finalMapping: { 'metadata.vat_number': '{{ vat.number }}', 'metadata.vat_valid': '{{ vat.valid }}' },
    },
    context: { input: { vat_number: '0420834005' }, credentials: {} },
    patch: { metadata: { vat_number: '0420834005', vat_valid: 'true' } },
  },
  {
    api: 'GitHub REST',
    style: 'User-Agent required, Link-header pagination',
    definition: {
      name: 'GitHub user',
      steps: [
        { id: 'user', url: 'https://api.github.com/users/{{ input.login }}', outputMapping: { company: 'company' } },
        { id: 'repos', url: 'https://api.github.com/users/{{ input.login }}/repos', query: { per_page: '2' }, paginate: { items: '_body', nextUrl: '{{ _links.next }}' }, outputMapping: { count: 'items | size', stars: 'items | map: "stargazers_count" | sum' } },
      ],
      finalMapping: { company: '{{ user.company }}', 'metadata.public_repos': '{{ repos.count }}', 'metadata.stars': '{{ repos.stars }}' },
    },
    context: { input: { login: 'octocat' }, credentials: {} },
    patch: { company: '@github', metadata: { public_repos: 5, stars: 100 } },
  },
  {
    api: 'GitHub GraphQL',
    style: 'GraphQL, 200 with errors',
    definition: {
      name: 'GitHub followers',
      steps: [
        {
          id: 'gql',
          method: 'POST',
          url: 'https://api.github.com/graphql',
          auth: { type: 'bearer', token: '{{ credentials.github.token }}' },
          body: { query: 'query($login: String!) { user(login: $login) { name company followers { totalCount } } }', variables: { login: '{{ input.login }}' } },
          noMatch: { when: '{{ errors[0].type == "NOT_FOUND" }}' },
          failWhen: '{{ errors }}',
          errorPath: 'errors[0].message',
          outputMapping: { name: 'data.user.name', followers: 'data.user.followers.totalCount' },
        },
      ],
      finalMapping: { 'metadata.github_name': '{{ gql.name }}', 'metadata.github_followers': '{{ gql.followers }}' },
    },
    context: { input: { login: 'octocat' }, credentials: { github: { token: 'ghp_test' } } },
    patch: { metadata: { github_name: 'The Octocat', github_followers: 21000 } },
  },
  {
    api: 'Microsoft Graph',
    style: 'OAuth2 client credentials',
    definition: {
      name: 'Graph user',
      steps: [
        {
          id: 'user',
          url: 'https://graph.microsoft.com/v1.0/users/{{ contact.email }}',
          query: { $select: 'givenName,surname,jobTitle' },
          auth: {
            type: 'oauth2',
            tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
            clientId: '{{ credentials.graph.client_id }}',
            clientSecret: '{{ credentials.graph.client_secret }}',
            scope: 'https://graph.microsoft.com/.default',
            clientAuthentication: 'body',
          },
          noMatch: [404],
          errorPath: 'error.message',
          outputMapping: { first: 'givenName', last: 'surname', title: 'jobTitle' },
        },
      ],
      finalMapping: { firstname: '{{ user.first }}', lastname: '{{ user.last }}', 'metadata.job_title': '{{ user.title }}' },
    },
    context: { contact: { email: 'adele.vance@contoso.com' }, credentials: { graph: { client_id: 'graph-app', client_secret: 'graph-secret' } } },
    patch: { firstname: 'Adele', lastname: 'Vance', metadata: { job_title: 'Retail Manager' } },
  },
  {
    api: 'Google People',
    style: 'OAuth2 refresh token',
    definition: {
      name: 'Google contact',
      steps: [
        {
          id: 'search',
          url: 'https://people.googleapis.com/v1/people:searchContacts',
          query: { query: '{{ contact.email }}', readMask: 'names,organizations' },
          auth: { type: 'oauth2', grantType: 'refresh_token', tokenUrl: 'https://oauth2.googleapis.com/token', clientId: '{{ credentials.google.client_id }}', clientSecret: '{{ credentials.google.client_secret }}', clientAuthentication: 'body', connection: 'google' },
          noMatch: { when: '{{ results == blank }}' },
          errorPath: 'error.message',
          outputMapping: { company: 'results[0].person.organizations[0].name', title: 'results[0].person.organizations[0].title' },
        },
      ],
      finalMapping: { company: '{{ search.company }}', 'metadata.title': '{{ search.title }}' },
    },
    context: { contact: { email: 'ada@example.com' }, credentials: { google: { client_id: 'google-client.apps.googleusercontent.com', client_secret: 'GOCSPX-test', refresh_token: '1//0g-refresh-test' } } },
    patch: { company: 'Analytical Engines', metadata: { title: 'Mathematician' } },
  },
  {
    api: 'Amazon Location Service',
    style: 'AWS Signature V4',
    definition: {
      name: 'Geocode address',
      steps: [
        {
          id: 'place',
          method: 'POST',
          url: 'https://places.geo.us-east-1.amazonaws.com/places/v0/indexes/explore.place/search/text',
          auth: { type: 'aws_sigv4', accessKeyId: '{{ credentials.aws.access_key_id }}', secretAccessKey: '{{ credentials.aws.secret_access_key }}', region: 'us-east-1', service: 'geo' },
          body: { Text: '{{ contact.st_address }}, {{ contact.city }}', MaxResults: 1 },
          noMatch: { when: '{{ Results == blank }}' },
          errorPath: 'message',
          outputMapping: { zip: 'Results[0].Place.PostalCode', region: 'Results[0].Place.Region', point: 'Results[0].Place.Geometry.Point' },
        },
      ],
      finalMapping: { zip: '{{ place.zip }}', state: '{{ place.region }}', 'metadata.longitude': '{{ place.point[0] }}' },
    },
    context: { contact: { st_address: '400 Broad St', city: 'Seattle' }, credentials: { aws: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } } },
    patch: { zip: '98109', state: 'Washington', metadata: { longitude: -122.34925 } },
  },
  {
    api: 'Stripe',
    style: 'cursor pagination (has_more, starting_after)',
    definition: {
      name: 'Lifetime value',
      steps: [
        {
          id: 'charges',
          url: 'https://api.stripe.com/v1/charges',
          query: { customer: '{{ input.customer }}', limit: '2' },
          auth: { type: 'basic', username: '{{ credentials.stripe.secret_key }}' },
          paginate: { items: 'data', hasMore: '{{ has_more }}', nextQuery: { starting_after: '{{ data.last.id }}' } },
          outputMapping: { count: 'items | size', total: 'items | map: "amount" | sum' },
        },
      ],
      finalMapping: { 'metadata.charges': '{{ charges.count }}', 'metadata.lifetime_value': '{{ charges.total }}' },
    },
    context: { input: { customer: 'cus_NffrFeUfNV2Hib' }, credentials: { stripe: { secret_key: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' } } },
    patch: { metadata: { charges: 5, lifetime_value: 15000 } },
  },
];

const caseOf = (api: string) => CASES.find((one) => one.api === api)!;

describe('real APIs, as their documentation describes them', () => {
  const servers: Record<string, StandIn> = {};
  const connectTo: Record<string, string> = {};
  beforeAll(async () => {
    for (const [origin, provider] of Object.entries(PROVIDERS)) {
      servers[origin] = await standIn(provider);
      connectTo[origin] = servers[origin].url;
    }
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.close();
  });
  const run = (definition: unknown, context = {}) => runOnce(definition, context, { connectTo });
  /** An API's case, run with some of its context changed. */
  const runCase = (api: string, change: Partial<Case['context']> = {}) => {
    const { definition, context } = caseOf(api);
    return run(definition, { ...context, ...change });
  };

  it(`covers ${CASES.length} APIs, each giving its documented contact patch`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    for (const { api, definition, context, patch } of CASES) {
      const result = await run(definition, context);
      expect([api, result.error, result.patch]).toEqual([api, undefined, patch]);
    }
  });

  it('gives the same contact patch through `connectors run` and the API\'s test endpoint as through the engine', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectors-real-'));
    const database = await BACKENDS[0]!.create();
    const app = await startApp(testSettings(database), { connectTo });
    try {
      const alice = await app.as('alice');
      await alice.newWorkspace('Real APIs');
      for (const [n, { api, definition, context, patch }] of CASES.entries()) {
        const { contact = {}, input = {}, credentials } = context;
        writeFileSync(join(dir, `${n}.json`), JSON.stringify(definition));
        writeFileSync(join(dir, `${n}.contact.json`), JSON.stringify(contact));
        const args = [join(dir, `${n}.json`), '--json', '--allow-host', '127.0.0.1', '--contact', join(dir, `${n}.contact.json`)];
        for (const [key, value] of Object.entries(input)) args.push('--input', `${key}=${value}`);
        for (const [service, fields] of Object.entries(credentials)) for (const [field, value] of Object.entries(fields)) args.push('--credential', `${service}.${field}=${value}`);
        for (const [from, to] of Object.entries(connectTo)) args.push('--connect-to', `${from}=${to}`);
        const { stdout } = await promisify(execFile)(process.execPath, [bin, 'run', ...args], { env: { ...process.env, CONNECTORS_ALLOWED_HOSTS: '' } });
        const cli = JSON.parse(stdout) as { status: string; patch: unknown };
        expect([api, cli.status, cli.patch]).toEqual([api, 'success', patch]);

        for (const [service, fields] of Object.entries(credentials)) await alice.post('/workspace/credentials', { service_name: service, credentials: fields });
        const id = (await alice.post<{ id: string }>('/connectors', definition)).body.id;
        const tested = await alice.post<{ status: string; patch: unknown }>(`/connectors/${id}/test`, { input_data: { contact, ...input } });
        expect([api, tested.status, tested.body.status, tested.body.patch]).toEqual([api, 200, 'success', patch]);
        // Nothing made from a credential comes back.
        for (const value of Object.values(credentials).flatMap((fields) => Object.values(fields))) expect(tested.text).not.toContain(value);
      }
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('HubSpot: no match for an unknown email skips the steps that need the contact', async () => {
    const unknown = await runCase('HubSpot', { input: { email: 'nobody@example.com' } });
    expect([unknown.status, unknown.noMatch, unknown.patch]).toEqual(['success', 'no match: step_1: {{ total == 0 }} holds', {}]);
    expect(unknown.steps.map((step) => step.status)).toEqual(['success', 'skipped', 'skipped']);
  });

  it('Twilio and Hunter: their documented errors, in the API\'s own words', async () => {
    const twilioCase = caseOf('Twilio');
    const sent = await run(twilioCase.definition, twilioCase.context);
    expect(sent.steps[0]?.outputs).toEqual({ sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' });
    const refused = await runCase('Twilio', { contact: { phone_number: '555' } });
    expect(refused.error?.message).toBe("HTTP 400 Bad Request from api.twilio.com: The 'To' number 555 is not a valid phone number.");
    expect((await runCase('Hunter', { credentials: { hunter: { api_key: 'wrong' } } })).error?.message).toBe('HTTP 401 Unauthorized from api.hunter.io: No user found for the API key supplied');
  });

  it('Slack webhook: its text errors are the run\'s error, and the secret URL is never shown', async () => {
    const url = caseOf('Slack webhook').context.credentials.slack!.webhook_url!;
    const sent = await runCase('Slack webhook');
    expect(sent.steps[0]?.response?.body).toBe('ok');
    expect(sent.steps[0]?.request?.url).toBe('••••••');
    const empty = await runCase('Slack webhook', { input: { text: ' ' }, contact: {} });
    expect(empty.status).toBe('success');
    const gone = await runCase('Slack webhook', { credentials: { slack: { webhook_url: url.replace('XXXX', 'YYYY') } } });
    expect(gone.error?.message).toBe('HTTP 404 Not Found from hooks.slack.com: no_service');
    expect(JSON.stringify(gone)).not.toContain('XXXXXXXXXXXXXXXXXXXXYYYY');
  });

  it('SendGrid: a 202 with an empty body, its X-Message-Id read from the headers', async () => {
    const sent = await runCase('SendGrid');
    expect(sent.steps[0]?.outputs).toEqual({ message_id: 'W8Gx3dT5Q1-sVdDIFLD-Rw', status: 202 });
    const refused = await runCase('SendGrid', { credentials: { sendgrid: { api_key: 'SG.wrong' } } });
    expect(refused.error?.message).toBe('HTTP 401 Unauthorized from api.sendgrid.com: {"errors":[{"field":null,"message":"authorization required","help":null}]}');
  });

  it('Slack Web API: 200 with ok false is a failure with Slack\'s error code, and users_not_found is no match', async () => {
    const missing = await runCase('Slack Web API', { contact: { email: 'nobody@example.com' } });
    expect(missing.status).toBe('success');
    expect(missing.patch).toEqual({});
    expect(missing.noMatch).toBe('no match: user: {{ error == "users_not_found" }} holds');
    expect(missing.steps[0]).toMatchObject({ status: 'success', noMatch: true, outputs: {} });
    const denied = await runCase('Slack Web API', { credentials: { slack: { bot_token: 'xoxb-revoked' } } });
    expect(denied.status).toBe('failed');
    expect(denied.error).toMatchObject({ step: 'user', code: 'api_error', message: 'the API answered 200 but says it failed ({{ ok == false }}): invalid_auth' });
  });

  it('Google Geocoding: ZERO_RESULTS is no match, REQUEST_DENIED fails with Google\'s error_message', async () => {
    expect((await runCase('Google Geocoding')).steps[0]?.outputs.places).toBe(1);
    const nothing = await runCase('Google Geocoding', { input: { address: 'nowhere at all' } });
    expect([nothing.status, nothing.noMatch]).toEqual(['success', 'no match: geo: {{ status == "ZERO_RESULTS" }} holds']);
    const denied = await runCase('Google Geocoding', { credentials: { google_maps: { api_key: 'AIza-wrong' } } });
    expect(denied.error?.message).toBe('the API answered 200 but says it failed ({{ status != "OK" }}): The provided API key is invalid.');
  });

  it('People Data Labs: 404 is no match and skips the steps that read it; 401 still fails', async () => {
    const missing = await runCase('People Data Labs', { contact: { email: 'nobody@example.com' } });
    expect(missing.status).toBe('success');
    expect(missing.steps.map((step) => step.status)).toEqual(['success', 'skipped', 'success']);
    expect(missing.steps[1]?.notes).toEqual(['not run: it reads a step that found no match']);
    expect(missing.patch).toEqual({ metadata: { location: 'San Francisco' } });
    expect(missing.noMatch).toBe('no match: person: HTTP 404 Not Found from api.peopledatalabs.com');
    const unauthorised = await runCase('People Data Labs', { credentials: { pdl: { api_key: 'wrong' } } });
    expect(unauthorised.error?.message).toBe('HTTP 401 Unauthorized from api.peopledatalabs.com: No API key found in request');
  });

  it('GitHub: every request carries a User-Agent unless the step sets its own; the Link header pages the list', async () => {
    const result = await runCase('GitHub REST');
    expect(servers['https://api.github.com']!.received.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
    expect(result.steps[0]?.request?.headers['user-agent']).toBe(USER_AGENT);
    expect(result.steps[1]?.pages?.map((page) => page.url)).toEqual([
      'https://api.github.com/users/octocat/repos?per_page=2',
      'https://api.github.com/users/octocat/repos?per_page=2&page=2',
      'https://api.github.com/users/octocat/repos?per_page=2&page=3',
    ]);
    await run({ name: 'Own agent', steps: [{ url: 'https://api.github.com/users/octocat', headers: { 'User-Agent': 'acme-crm/2.1' } }] });
    expect(servers['https://api.github.com']!.received.at(-1)?.headers['user-agent']).toBe('acme-crm/2.1');
  });

  it('GitHub GraphQL: NOT_FOUND in errors is no match, any other error fails with its message', async () => {
    const unknown = await runCase('GitHub GraphQL', { input: { login: 'nobody-here' } });
    expect([unknown.status, unknown.noMatch, unknown.patch]).toEqual(['success', 'no match: gql: {{ errors[0].type == "NOT_FOUND" }} holds', {}]);
    const { definition, context } = caseOf('GitHub GraphQL');
    const wrong = JSON.parse(JSON.stringify(definition).replace('company', 'email2')) as unknown;
    const failed = await run(wrong, context);
    expect(failed.error).toMatchObject({ code: 'api_error', message: "the API answered 200 but says it failed ({{ errors }}): Field 'email2' doesn't exist on type 'User'" });
    expect((await runCase('GitHub GraphQL', { credentials: { github: { token: 'ghp_wrong' } } })).error?.message).toBe('HTTP 401 Unauthorized from api.github.com: {"message":"Bad credentials","documentation_url":"https://docs.github.com/graphql"}');
  });

  it('Microsoft Graph: a client-credentials token for the .default scope; an unknown user is no match, a wrong secret fails at the token', async () => {
    const unknown = await runCase('Microsoft Graph', { contact: { email: 'nobody@contoso.com' } });
    expect([unknown.status, unknown.noMatch]).toEqual(['success', 'no match: user: HTTP 404 Not Found from graph.microsoft.com']);
    const wrong = await runCase('Microsoft Graph', { credentials: { graph: { client_id: 'graph-app', client_secret: 'graph-wrong' } } });
    expect(wrong.error).toMatchObject({ code: 'auth' });
    expect(wrong.error?.message).toContain('the OAuth token endpoint login.microsoftonline.com answered HTTP 401: {"error":"invalid_client"');
    expect(JSON.stringify(wrong)).not.toContain('graph-wrong');
  });

  it('Google People: a pasted refresh token; Google\'s `{}` for nothing found is no match; a revoked one fails naming the connection', async () => {
    const nothing = await runCase('Google People', { contact: { email: 'nobody@example.com' } });
    expect([nothing.status, nothing.noMatch]).toEqual(['success', 'no match: search: {{ results == blank }} holds']);
    const google = caseOf('Google People').context.credentials.google!;
    const revoked = await runCase('Google People', { credentials: { google: { ...google, refresh_token: '1//0g-revoked' } } });
    expect(revoked.error?.message).toMatch(/answered HTTP 400: \{"error":"invalid_grant","error_description":"Token has been expired or revoked."\}; if the account's access was revoked, connect "google" again/);
    expect(JSON.stringify(revoked)).not.toContain('1//0g-revoked');
  });

  it('Amazon Location Service: a signature AWS recomputes; a wrong secret is AWS\'s InvalidSignatureException', async () => {
    const { steps } = await runCase('Amazon Location Service');
    // The whole Authorization header is a credential: shown masked, like any other.
    expect(steps[0]?.request?.headers.authorization).toBe('••••••');
    const aws = caseOf('Amazon Location Service').context.credentials.aws!;
    const wrong = await runCase('Amazon Location Service', { credentials: { aws: { ...aws, secret_access_key: 'not-the-secret-key-0000' } } });
    expect(wrong.error?.message).toBe('HTTP 403 Forbidden from places.geo.us-east-1.amazonaws.com: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
    const nowhere = await runCase('Amazon Location Service', { contact: { st_address: '1 Nowhere Lane', city: 'Atlantis' } });
    expect(nowhere.noMatch).toBe('no match: place: {{ Results == blank }} holds');
  });

  it('Stripe: has_more and starting_after the last id, every page summed', async () => {
    const { steps } = await runCase('Stripe');
    expect(steps[0]?.pages).toHaveLength(3);
    expect(servers['https://api.stripe.com']!.received.at(-1)?.url.searchParams.get('starting_after')).toBe('ch_4');
  });
});
