import type { FieldMapping } from '../definition/schema.ts';
import { HTTP_METHODS } from '../definition/vocabulary.ts';
import { draftOf, inputName, isNode, serviceName, templateFrom, templatedJson, uniqueId, type Draft, type ImportedCredential, type ImportedInput, type ImportedStep, type KeyValue } from './draft.ts';
import { suggestionsOf } from './openapi.ts';

/*
 * A Postman collection (v2.1, and v2.0, which differs only in auth's spelling): each request, in
 * folder order, becomes a step. `{{variables}}` become inputs (the collection's values as
 * defaults); those a request's auth reads, or that name a secret, become credential fields; and
 * a variable an earlier request's test script sets from its answer
 * (`pm.environment.set("token", json.access_token)`) becomes that step's output, read by the
 * steps after it. A saved example answer offers outputs and mappings.
 */

type Node = Record<string, unknown>;

const SECRET_NAME = /secret|password|passwd|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key/i;
/** Postman's dynamic variables the engine can stand in for. */
const DYNAMIC: Record<string, string> = {
  $guid: '{{ "" | uuid }}',
  $randomUUID: '{{ "" | uuid }}',
  $timestamp: '{{ "now" | date: "%s" }}',
};
const MAX_STEPS = 20;

interface Request {
  name: string;
  request: Node;
  auth: Node | undefined;
  scripts: string;
  example: unknown;
}

export function draftFromPostman(text: string): Draft {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new Error(`the collection is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isNode(root) || !isNode(root.info) || !Array.isArray(root.item)) throw new Error('not a Postman collection: it needs "info" and "item"');
  const schema = String(root.info.schema ?? '');
  if (schema && !/collection\/v2\.[01]/.test(schema)) throw new Error(`the collection's schema is ${schema}; export it as Collection v2.1`);
  const notes: string[] = [];
  const requests = requestsOf(root.item, isNode(root.auth) ? root.auth : undefined, notes, 0);
  if (requests.length === 0) throw new Error('the collection holds no request');
  if (requests.length > MAX_STEPS) notes.push(`the collection holds ${requests.length} requests; the first ${MAX_STEPS} are steps (a connector has at most ${MAX_STEPS})`);

  const collectionName = String(root.info.name ?? 'Postman collection');
  const defaults = new Map<string, string>();
  for (const variable of Array.isArray(root.variable) ? root.variable : []) {
    if (isNode(variable) && typeof variable.key === 'string' && variable.disabled !== true) defaults.set(variable.key, String(variable.value ?? ''));
  }
  const firstHost = requests.map(({ request }) => hostOf(request.url)).find((host) => host && !host.includes('{{'));
  const service = firstHost ? serviceName(firstHost) : inputName(collectionName).slice(0, 40);
  const credential: ImportedCredential = { service_name: service, fields: {} };
  const inputs = new Map<string, ImportedInput>();
  /** Variable → the template that reads it: set by an earlier step's script, a credential field, or an input. */
  const outputsSet = new Map<string, string>();
  const ids = new Set<string>();
  const steps: ImportedStep[] = [];
  const mappings: FieldMapping[] = [];
  const samples: Record<string, unknown> = {};

  for (const [index, { name, request, auth, scripts, example }] of requests.slice(0, MAX_STEPS).entries()) {
    const id = uniqueId(inputName(name.replace(/^\s*\d+[.)]\s*/, '')).slice(0, 40).replace(/_+$/, '') || `step_${index + 1}`, ids);
    const secretVariables = new Set(variablesIn(JSON.stringify(auth ?? {})));
    const templated = (value: string) =>
      templateFrom(value, /\{\{\s*([^{}]+?)\s*\}\}/g, ([, variable = '']) => {
        if (Object.hasOwn(DYNAMIC, variable)) return DYNAMIC[variable]!;
        if (variable.startsWith('$')) {
          notes.push(`${name}: the dynamic variable {{${variable}}} is not known here; it is an input`);
        }
        const set = outputsSet.get(variable);
        if (set) return set;
        const field = inputName(variable);
        if (secretVariables.has(variable) || SECRET_NAME.test(variable)) {
          credential.fields[field] ??= defaults.get(variable) || null;
          return `{{credentials.${service}.${field}}}`;
        }
        if (!inputs.has(field)) {
          const value = defaults.get(variable);
          inputs.set(field, { name: field, type: 'string', required: value === undefined || value === '', description: `{{${variable}}} in the collection`, ...(value ? { default: value } : {}) });
        }
        return `{{input.${field}}}`;
      });

    // A secret written into the collection itself moves into the credential.
    const literalSecret = (field: string, value: string) => {
      credential.fields[field] = value === '' ? null : value;
      return `{{credentials.${service}.${field}}}`;
    };
    const { url, query } = urlOf(request.url, templated);
    const headers: KeyValue[] = (Array.isArray(request.header) ? request.header : []).filter(enabled).map((header) => ({ key: String(header.key), value: templated(String(header.value ?? '')) }));
    const method = String(request.method ?? 'GET').toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) notes.push(`${name}: the method ${method} is not one a step sends; it is GET`);
    const step: ImportedStep = {
      id,
      name: name.slice(0, 200),
      method: (HTTP_METHODS as readonly string[]).includes(method) ? method : 'GET',
      url,
      headers,
      queryParams: query,
      ...bodyOf(request.body, templated, notes, name),
      auth: authOf(auth, (field, value) => (value.includes('{{') ? templated(value) : literalSecret(field, value)), notes, name),
    };

    const sets = chainsIn(scripts);
    const outputs: Record<string, string | { path: string; secret: true }> = {};
    for (const { variable, path } of sets) {
      const output = uniqueId(inputName(variable), new Set(Object.keys(outputs)));
      outputs[output] = SECRET_NAME.test(variable) ? { path, secret: true } : path;
      outputsSet.set(variable, `{{${id}.${output}}}`);
    }
    if (/pm\.(environment|collectionVariables|globals|variables)\.set|postman\.set\w*Variable/.test(scripts) && sets.length === 0) notes.push(`${name}: its script sets variables in a way that cannot be read; set the step's outputs by hand`);
    if (example !== undefined) {
      const suggested = suggestionsOf(example, id);
      samples[id] = example;
      for (const [output, path] of Object.entries(suggested.outputs)) if (!Object.hasOwn(outputs, output)) outputs[output] = path;
      const mapped = new Set(mappings.map((mapping) => mapping.targetField));
      mappings.push(...suggested.mappings.filter((mapping) => !mapped.has(mapping.targetField)));
    }
    steps.push({ ...step, ...(Object.keys(outputs).length > 0 ? { outputs: outputs as Record<string, string> } : {}) });
  }

  const description = typeof root.info.description === 'string' ? root.info.description : undefined;
  return draftOf(collectionName.slice(0, 200), steps, {
    ...(description ? { description: description.slice(0, 1000) } : {}),
    input_schema: [...inputs.values()],
    field_mappings: mappings,
    credentials: Object.keys(credential.fields).length > 0 ? [credential] : [],
    notes: [...new Set(notes)],
    samples,
  });
}

/** The collection's requests in order, folders opened, each with the auth it inherits. */
function requestsOf(items: unknown[], inherited: Node | undefined, notes: string[], depth: number): Request[] {
  if (depth > 16) return [];
  const found: Request[] = [];
  for (const item of items) {
    if (!isNode(item)) continue;
    const own = isNode(item.auth) ? item.auth : undefined;
    const auth = own && own.type !== 'inherit' ? own : inherited;
    if (Array.isArray(item.item)) {
      found.push(...requestsOf(item.item, auth, notes, depth + 1));
      continue;
    }
    const request = typeof item.request === 'string' ? { url: item.request, method: 'GET' } : item.request;
    if (!isNode(request)) continue;
    if (!urlText(request.url).trim()) {
      notes.push(`${String(item.name ?? 'a request')} has no URL; it is left out`);
      continue;
    }
    const requestAuth = isNode(request.auth) && request.auth.type !== 'inherit' ? request.auth : auth;
    const scripts = (Array.isArray(item.event) ? item.event : [])
      .filter((event): event is Node => isNode(event) && event.listen === 'test' && isNode(event.script))
      .map((event) => {
        const exec = (event.script as Node).exec;
        return Array.isArray(exec) ? exec.join('\n') : String(exec ?? '');
      })
      .join('\n');
    found.push({ name: String(item.name ?? 'Request'), request, auth: requestAuth, scripts, example: exampleOf(item.response) });
  }
  return found;
}

/** The first saved example answer whose body is JSON. */
function exampleOf(responses: unknown): unknown {
  for (const response of Array.isArray(responses) ? responses : []) {
    if (!isNode(response) || typeof response.body !== 'string') continue;
    try {
      return JSON.parse(response.body);
    } catch {
      continue;
    }
  }
  return undefined;
}

/**
 * What a test script sets from the answer: `pm.environment.set("x", json.a.b)`, where `json` is
 * `pm.response.json()` (or `JSON.parse(responseBody)`), or the answer read in place.
 */
function chainsIn(script: string): { variable: string; path: string }[] {
  const answers = new Set<string>();
  for (const match of script.matchAll(/(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\))/g)) answers.add(match[1]!);
  const found: { variable: string; path: string }[] = [];
  const setter = /(?:pm\.(?:environment|collectionVariables|globals|variables)\.set|postman\.set(?:Environment|Global)Variable)\(\s*(["'`])([^"'`]+)\1\s*,\s*([^;\n]+?)\s*\)\s*;?\s*$/gm;
  for (const match of script.matchAll(setter)) {
    const variable = match[2]!;
    const read = /^(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\)|([A-Za-z_$][\w$]*))((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[(["'])[^"']+\3\])+)$/.exec(match[3]!);
    if (!read || (read[1] !== undefined && !answers.has(read[1]))) continue;
    found.push({ variable, path: read[2]!.replace(/^\./, '') });
  }
  return found;
}

/** A request's URL as written: v2.1's object (its `raw`, or its parts) or a plain string. */
function urlText(raw: unknown): string {
  return isNode(raw) ? (typeof raw.raw === 'string' ? raw.raw : composeUrl(raw)) : typeof raw === 'string' ? raw : '';
}

function urlOf(raw: unknown, templated: (value: string) => string): { url: string; query: KeyValue[] } {
  const url = urlText(raw);
  const pathVariables = new Map<string, string>();
  if (isNode(raw) && Array.isArray(raw.variable)) for (const variable of raw.variable) if (isNode(variable) && typeof variable.key === 'string') pathVariables.set(variable.key, String(variable.value ?? ''));
  const [base = '', search = ''] = splitQuery(url);
  const listed = isNode(raw) && Array.isArray(raw.query) ? raw.query.filter(enabled).map((pair) => ({ key: String(pair.key), value: String(pair.value ?? '') })) : [...new URLSearchParams(search)].map(([key, value]) => ({ key, value }));
  // `:id` in a path is a path variable: its value given, else an input.
  const path = base.replace(/\/:([A-Za-z_]\w*)/g, (whole, name: string) => `/${pathVariables.get(name) || `{{${name}}}`}`);
  // Postman sends a URL without a scheme as http; a step is sent over https.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('{{') ? path : `https://${path}`;
  return { url: templated(absolute), query: listed.map(({ key, value }) => ({ key, value: templated(value) })) };
}

function composeUrl(url: Node): string {
  const host = Array.isArray(url.host) ? url.host.join('.') : String(url.host ?? '');
  const path = Array.isArray(url.path) ? url.path.map(String).join('/') : String(url.path ?? '');
  const protocol = typeof url.protocol === 'string' ? `${url.protocol}://` : '';
  return `${protocol}${host}${path ? `/${path}` : ''}`;
}

/** Splits at the first `?` outside `{{ }}`. */
function splitQuery(url: string): [string, string] {
  const at = url.replace(/\{\{[^}]*\}\}/g, (variable) => '_'.repeat(variable.length)).indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

function hostOf(raw: unknown): string | undefined {
  const url = urlText(raw);
  return /^[a-z]+:\/\/([^/?#:]+)/i.exec(url)?.[1];
}

function bodyOf(body: unknown, templated: (value: string) => string, notes: string[], name: string): Pick<ImportedStep, 'body' | 'bodyType'> {
  if (!isNode(body) || body.disabled === true) return {};
  const pairs = (list: unknown) => Object.fromEntries((Array.isArray(list) ? list : []).filter(enabled).map((pair) => [String(pair.key), templated(String(pair.value ?? pair.src ?? ''))]));
  switch (body.mode) {
    case 'raw': {
      const text = String(body.raw ?? '');
      if (text.trim() === '') return {};
      const language = isNode(body.options) && isNode(body.options.raw) ? body.options.raw.language : undefined;
      const json = jsonWithVariables(text, templated);
      if (json !== undefined) return { bodyType: 'json', body: json };
      if (language === 'json') notes.push(`${name}: the JSON body does not parse; it is sent as written`);
      return { bodyType: 'raw', body: templated(text) };
    }
    case 'urlencoded':
      return { bodyType: 'form', body: pairs(body.urlencoded) };
    case 'formdata':
      notes.push(`${name}: form-data is sent as a URL-encoded form`);
      return { bodyType: 'form', body: pairs(body.formdata) };
    case 'graphql': {
      const graphql = isNode(body.graphql) ? body.graphql : {};
      let variables: unknown = {};
      try {
        variables = typeof graphql.variables === 'string' && graphql.variables.trim() ? JSON.parse(graphql.variables) : {};
      } catch {
        notes.push(`${name}: the GraphQL variables do not parse; they are left out`);
      }
      return { bodyType: 'json', body: { query: String(graphql.query ?? ''), variables: templatedJson(variables, templated) } };
    }
    default:
      if (body.mode !== undefined) notes.push(`${name}: a ${String(body.mode)} body cannot be imported`);
      return {};
  }
}

/**
 * A raw JSON body, `{{variables}}` included where JSON allows none (`"id": {{profile_id}}`): a
 * variable standing for a whole value keeps the value's type when sent.
 */
function jsonWithVariables(text: string, templated: (value: string) => string): unknown {
  const variables: string[] = [];
  let marked = '';
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === '{' && text[at + 1] === '{') {
      const end = text.indexOf('}}', at + 2);
      if (end > 0) {
        const marker = `\uE000${variables.push(text.slice(at, end + 2)) - 1}\uE000`;
        marked += inString ? marker : `"${marker}"`;
        at = end + 1;
        continue;
      }
    }
    if (inString && char === '\\') {
      marked += char + (text[at + 1] ?? '');
      at++;
      continue;
    }
    if (char === '"') inString = !inString;
    marked += char;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(marked);
  } catch {
    return undefined;
  }
  return templatedJson(parsed, (value) => templated(value.replace(/\uE000(\d+)\uE000/g, (whole, index: string) => variables[Number(index)]!)));
}

/** Postman's auth (v2.1 lists `[{ key, value }]`, v2.0 an object) as the step's. */
function authOf(auth: Node | undefined, secret: (field: string, value: string) => string, notes: string[], name: string): Record<string, unknown> {
  if (!auth || auth.type === 'noauth') return { type: 'none' };
  const type = String(auth.type);
  const raw = auth[type];
  const fields: Record<string, string> = {};
  if (Array.isArray(raw)) for (const pair of raw) if (isNode(pair) && typeof pair.key === 'string' && typeof pair.value === 'string') fields[pair.key] = pair.value;
  if (isNode(raw)) for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') fields[key] = value;
  switch (type) {
    case 'bearer':
      return { type: 'bearer', token: secret('token', fields.token ?? '') };
    case 'basic':
      return { type: 'basic', username: secret('username', fields.username ?? ''), password: secret('password', fields.password ?? '') };
    case 'apikey':
      return { type: 'api_key', in: fields.in === 'query' ? 'query' : 'header', name: fields.key || 'X-API-Key', value: secret('api_key', fields.value ?? '') };
    default:
      notes.push(`${name}: ${type} auth cannot be imported; set the step's auth by hand`);
      return { type: 'none' };
  }
}

function variablesIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((match) => match[1]!);
}

function enabled(pair: unknown): pair is Node {
  return isNode(pair) && pair.disabled !== true && typeof pair.key === 'string' && pair.key !== '';
}
