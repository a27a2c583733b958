import { parse as parseYaml } from 'yaml';
import { guessContactField } from '../contact-fields.ts';
import type { FieldMapping } from '../definition/schema.ts';
import { answerPaths, draftOf, inputName, isNode, serviceName, stepIdOf, uniqueId, type Draft, type ImportedCredential, type ImportedInput, type ImportedStep, type KeyValue } from './draft.ts';

/*
 * An OpenAPI 3.x or Swagger 2 document (JSON or YAML), read as its authors wrote it: local `$ref`s
 * followed, path and operation parameters merged, the server named by the operation, path or
 * document. One operation becomes one step: its parameters declared as inputs (types, defaults,
 * enums), its body from the document's example or schema, its auth from the security schemes,
 * and its answer's example offered as outputs, with contact fields pre-mapped by name.
 */

type Node = Record<string, unknown>;

export interface ApiDocument {
  version: '2' | '3';
  root: Node;
}

export interface ApiOperation {
  /** How the operation is picked: its `operationId`, or `METHOD /path` where it has none. */
  key: string;
  method: string;
  path: string;
  summary?: string;
  tags: string[];
  deprecated?: true;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
/** How deep schemas, examples and `$ref` chains are followed: real documents stay far below. */
const MAX_DEPTH = 12;
const MAX_OUTPUTS = 20;
const MAX_READS = 100_000;
const MAX_DESCRIPTION = 300;

export function readOpenApi(text: string): ApiDocument {
  let root: unknown;
  try {
    root = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000, uniqueKeys: false });
  } catch (error) {
    throw new Error(`the document is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (!isNode(root)) throw new Error('the document is not an object');
  const version = typeof root.openapi === 'string' && /^3\./.test(root.openapi) ? '3' : root.swagger === '2.0' ? '2' : undefined;
  if (!version) throw new Error('the document names neither "openapi": "3.x" nor "swagger": "2.0"');
  if (!isNode(root.paths)) throw new Error('the document has no "paths"');
  return { version, root };
}

/** The document's operations, those whose key, path, summary or tags hold every word of `search`. */
export function operationsOf(document: ApiDocument, search = ''): ApiOperation[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const found: ApiOperation[] = [];
  for (const { method, path, operation } of eachOperation(document)) {
    const summary = text(operation.summary) ?? text(operation.description)?.split('\n')[0];
    const tags = Array.isArray(operation.tags) ? operation.tags.filter((tag): tag is string => typeof tag === 'string') : [];
    const listed: ApiOperation = { key: operationKey(method, path, operation), method: method.toUpperCase(), path, ...(summary ? { summary: clip(summary) } : {}), tags, ...(operation.deprecated === true ? { deprecated: true as const } : {}) };
    const haystack = [listed.key, listed.method, path, summary ?? '', ...tags].join(' ').toLowerCase();
    if (words.every((word) => haystack.includes(word))) found.push(listed);
  }
  return found;
}

/** The document has no operation of that key: callers list them instead, or name the field. */
export class NoSuchOperation extends Error {}

/**
 * One operation as a draft connector. `source` is the address the document was read from, which
 * a relative server URL is resolved against.
 */
export function draftFromOpenApi(document: ApiDocument, key: string, source?: string): Draft {
  const picked = eachOperation(document).find(({ method, path, operation }) => operationKey(method, path, operation) === key || `${method.toUpperCase()} ${path}` === key);
  if (!picked) throw new NoSuchOperation(`no operation "${key}"; list them without "operation" (or search for one)`);
  const { method, path, operation, pathItem } = picked;
  const summary = text(operation.summary);
  const reader = new Reader(document);
  const notes: string[] = [];
  const inputs = new Map<string, ImportedInput>();
  const declare = (name: string, input: Omit<ImportedInput, 'name'>) => {
    const unique = uniqueId(inputName(name), new Set(inputs.keys()));
    inputs.set(unique, { name: unique, ...input });
    return `{{input.${unique}}}`;
  };

  const base = serverOf(document, reader, pathItem, operation, source, notes, declare);
  const service = serviceName(/^https?:\/\//.test(base) ? new URL(base).hostname : 'api');
  const headers: KeyValue[] = [];
  const query: KeyValue[] = [];
  const form: Record<string, string> = {};
  let url = path;
  let bodySchema: Node | undefined;
  for (const parameter of parametersOf(reader, pathItem, operation)) {
    const name = text(parameter.name);
    const where = text(parameter.in);
    if (!name || !where) continue;
    if (where === 'body') {
      bodySchema = reader.node(parameter.schema);
      continue;
    }
    const schema = reader.node(parameter.schema) ?? parameter;
    const value = declare(name, inputOf(reader, parameter, schema, where === 'path' || parameter.required === true));
    if (where === 'path') url = url.replaceAll(`{${name}}`, value);
    else if (where === 'query') query.push({ key: name, value });
    else if (where === 'header') headers.push({ key: name, value });
    else if (where === 'formData') form[name] = value;
    else notes.push(`the ${where} parameter "${name}" is not sent by the step`);
  }

  const body = document.version === '3' ? requestBodyOf(reader, operation, notes, declare) : swaggerBodyOf(reader, operation, document.root, bodySchema, form, declare);
  const auth = authOf(reader, document, operation, service, notes, headers, query);
  const id = text(operation.operationId) ? inputName(text(operation.operationId)!) : stepIdOf(path);
  const sample = answerOf(reader, document, operation);
  const { outputs, mappings } = sample === undefined ? { outputs: {}, mappings: [] } : suggestionsOf(sample, id);
  if (sample === undefined) notes.push('the document shows no JSON answer for this operation: send the step to pick outputs and mappings');
  if (reader.external.size > 0) notes.push(`${[...reader.external].slice(0, 3).join(', ')}${reader.external.size > 3 ? ` and ${reader.external.size - 3} more` : ''}: references to other files are not followed; paste the document bundled into one file for what they hold`);
  const step: ImportedStep = {
    id,
    name: summary && summary.length <= 60 ? summary : key,
    method: method.toUpperCase(),
    url: `${base.replace(/\/+$/, '')}${url}`,
    headers,
    queryParams: query,
    ...body,
    auth: auth.auth,
    ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
  };
  const title = text(isNode(document.root.info) ? document.root.info.title : undefined) ?? service;
  const description = text(operation.description) ?? text(operation.summary);
  return draftOf(`${title}: ${step.name}`.slice(0, 200), [step], {
    ...(description ? { description: clip(description) } : {}),
    input_schema: [...inputs.values()],
    field_mappings: mappings,
    credentials: auth.credential ? [auth.credential] : [],
    notes,
    samples: sample === undefined ? {} : { [id]: sample },
  });
}

function eachOperation(document: ApiDocument): { method: string; path: string; operation: Node; pathItem: Node }[] {
  const reader = new Reader(document);
  const found = [];
  for (const [path, raw] of Object.entries(document.root.paths as Node)) {
    const pathItem = reader.node(raw);
    if (!pathItem || !path.startsWith('/')) continue;
    for (const method of METHODS) {
      const operation = Object.hasOwn(pathItem, method) ? reader.node(pathItem[method]) : undefined;
      if (operation) found.push({ method, path, operation, pathItem });
    }
  }
  return found;
}

function operationKey(method: string, path: string, operation: Node): string {
  return text(operation.operationId) ?? `${method.toUpperCase()} ${path}`;
}

/** Follows local `$ref`s (`#/components/schemas/Pet`); a reference to another file is not followed. */
class Reader {
  private readonly document: ApiDocument;
  /** Nodes read so far: schemas that refer to themselves through several `allOf`s multiply; the budget cuts them. */
  private reads = 0;
  /** References to other files (`./schemas.yaml#/Pet`), which are not followed: said in the notes. */
  readonly external = new Set<string>();

  constructor(document: ApiDocument) {
    this.document = document;
  }

  node(value: unknown, hops = 0): Node | undefined {
    if (!isNode(value) || ++this.reads > MAX_READS) return undefined;
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    if (!ref.startsWith('#/')) {
      this.external.add(ref);
      return undefined;
    }
    if (hops > MAX_DEPTH) return undefined;
    let at: unknown = this.document.root;
    for (const raw of ref.slice(2).split('/')) {
      const part = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      at = isNode(at) && Object.hasOwn(at, part) ? at[part] : undefined;
    }
    return this.node(at, hops + 1);
  }

  /** `allOf` merged into one schema (properties and required lists joined); `oneOf`/`anyOf` read as their first choice. */
  schema(value: unknown, depth = 0): Node | undefined {
    const schema = this.node(value);
    if (!schema || depth > MAX_DEPTH) return undefined;
    const choice = Array.isArray(schema.oneOf) ? schema.oneOf[0] : Array.isArray(schema.anyOf) ? schema.anyOf[0] : undefined;
    if (choice !== undefined && !schema.properties) return this.schema(choice, depth + 1);
    if (!Array.isArray(schema.allOf)) return schema;
    const merged: Node = { ...schema, allOf: undefined, properties: { ...(isNode(schema.properties) ? schema.properties : {}) }, required: Array.isArray(schema.required) ? [...schema.required] : [] };
    for (const part of schema.allOf) {
      const resolved = this.schema(part, depth + 1);
      if (!resolved) continue;
      Object.assign(merged.properties as Node, isNode(resolved.properties) ? resolved.properties : {});
      if (Array.isArray(resolved.required)) (merged.required as unknown[]).push(...resolved.required);
      merged.type ??= resolved.type;
      merged.example ??= resolved.example;
    }
    return merged;
  }
}

/** Path-level parameters, replaced by the operation's own of the same name and place. */
function parametersOf(reader: Reader, pathItem: Node, operation: Node): Node[] {
  const byPlace = new Map<string, Node>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = reader.node(raw);
      if (parameter) byPlace.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
    }
  }
  return [...byPlace.values()];
}

function inputOf(reader: Reader, parameter: Node, raw: Node, required: boolean): Omit<ImportedInput, 'name'> {
  const schema = reader.schema(raw) ?? raw;
  const type = inputType(schema.type);
  const description = text(parameter.description) ?? text(schema.description);
  const choices = Array.isArray(schema.enum) ? schema.enum.filter((item): item is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof item)) : [];
  return {
    type: type === 'object' || type === 'array' ? 'string' : type,
    required,
    ...(description ? { description: clip(description) } : {}),
    ...(schema.default !== undefined && typeof schema.default !== 'object' ? { default: schema.default } : {}),
    ...(choices.length > 0 ? { enum: choices } : {}),
  };
}

function inputType(type: unknown): ImportedInput['type'] {
  const named = Array.isArray(type) ? type.find((one) => one !== 'null') : type;
  if (named === 'integer' || named === 'number') return 'number';
  if (named === 'boolean' || named === 'array' || named === 'object') return named;
  return 'string';
}

type Declare = (name: string, input: Omit<ImportedInput, 'name'>) => string;
type Body = Pick<ImportedStep, 'body' | 'bodyType'>;

/** The server an OpenAPI 3 operation is sent to, or a Swagger 2 document's scheme, host and base path. */
function serverOf(document: ApiDocument, reader: Reader, pathItem: Node, operation: Node, source: string | undefined, notes: string[], declare: Declare): string {
  let base: string | undefined;
  if (document.version === '3') {
    const servers = [operation.servers, pathItem.servers, document.root.servers].find((list) => Array.isArray(list) && list.length > 0) as unknown[] | undefined;
    const server = reader.node(servers?.[0]);
    const variables = isNode(server?.variables) ? server.variables : {};
    base = text(server?.url)?.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = reader.node(variables[name]);
      return variable?.default === undefined ? whole : String(variable.default);
    });
    base ??= '/';
  } else {
    const schemes = Array.isArray(document.root.schemes) ? document.root.schemes : [];
    const host = text(document.root.host);
    // Documents that list only http mostly mean the https the API answers on; a draft does not send keys in clear.
    if (host && !schemes.includes('https') && schemes.length > 0) notes.push(`the document lists only ${schemes.join(', ')} for ${host}; the step uses https`);
    const scheme = 'https';
    base = `${host ? `${scheme}://${host}` : ''}${text(document.root.basePath) ?? ''}`;
  }
  if (/^https?:\/\//i.test(base)) return base;
  if (source && /^https?:\/\//i.test(source)) return new URL(base || '/', source).href;
  notes.push(`the document names no absolute server URL ("${base}"): the step reads it from the input base_url`);
  return `${declare('base_url', { type: 'string', required: true, description: 'The API\'s address (https://...), which the document does not name' })}${base.replace(/^\/?$/, '')}`;
}

/** OpenAPI 3's `requestBody`: JSON from its example or schema, a form's fields as inputs, other types as raw text. */
function requestBodyOf(reader: Reader, operation: Node, notes: string[], declare: Declare): Body {
  const requestBody = reader.node(operation.requestBody);
  const content = isNode(requestBody?.content) ? requestBody.content : undefined;
  if (!content) return {};
  const types = Object.keys(content);
  const json = types.find((type) => /[/+]json\b/i.test(type));
  const form = types.find((type) => /x-www-form-urlencoded|multipart\/form-data/i.test(type));
  const media = reader.node(content[json ?? form ?? types[0]!]);
  if (!media) return {};
  if (json) return { bodyType: 'json', body: exampleOf(reader, media) ?? bodyFromSchema(reader, media.schema, declare, 0) ?? {} };
  if (form) {
    if (/multipart/i.test(form)) notes.push('the operation sends multipart/form-data; the step sends its fields as a URL-encoded form');
    return { bodyType: 'form', body: formFields(reader, media.schema, declare) };
  }
  notes.push(`the body is ${types[0]}: the step sends it as raw text`);
  return { bodyType: 'raw', body: '' };
}

/** Swagger 2: an `in: body` parameter's schema, or `formData` parameters as a form. */
function swaggerBodyOf(reader: Reader, operation: Node, root: Node, schema: Node | undefined, form: Record<string, string>, declare: Declare): Body {
  if (Object.keys(form).length > 0) return { bodyType: 'form', body: form };
  if (!schema) return {};
  const consumes = (Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(root.consumes) ? root.consumes : []) as unknown[];
  if (consumes.length > 0 && !consumes.some((type) => /json/i.test(String(type)))) return { bodyType: 'raw', body: '' };
  const resolved = reader.schema(schema);
  return { bodyType: 'json', body: (resolved?.example as unknown) ?? bodyFromSchema(reader, schema, declare, 0) ?? {} };
}

/** A JSON body from a schema with no example: each required scalar an input, each required object built the same way. */
function bodyFromSchema(reader: Reader, raw: unknown, declare: Declare, depth: number, name = 'body', within: ReadonlySet<string> = new Set()): unknown {
  const seen = entered(raw, within);
  const schema = seen && reader.schema(raw);
  if (!seen || !schema || depth > MAX_DEPTH) return undefined;
  if (schema.example !== undefined) return schema.example;
  const type = inputType(schema.type);
  if (type === 'object' || isNode(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const properties = isNode(schema.properties) ? schema.properties : {};
    const entries = Object.keys(properties)
      .filter((key) => required.has(key))
      .map((key) => [key, bodyFromSchema(reader, properties[key], declare, depth + 1, key, seen)] as const)
      .filter(([, value]) => value !== undefined);
    return Object.fromEntries(entries);
  }
  if (type === 'array') return [];
  return declare(name, inputOf(reader, schema, schema, true));
}

/** The references followed to reach a schema, with its own: undefined when it refers back to one of them (a cycle). */
function entered(raw: unknown, within: ReadonlySet<string>): ReadonlySet<string> | undefined {
  const ref = isNode(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined;
  if (ref === undefined) return within;
  return within.has(ref) ? undefined : new Set([...within, ref]);
}

function formFields(reader: Reader, raw: unknown, declare: Declare): Record<string, string> {
  const schema = reader.schema(raw);
  const properties = isNode(schema?.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required.map(String) : []);
  return Object.fromEntries(Object.keys(properties).map((key) => [key, declare(key, inputOf(reader, reader.node(properties[key]) ?? {}, reader.node(properties[key]) ?? {}, required.has(key)))]));
}

/** A media object's example: `example`, the first of `examples`, or its schema's `example`. */
function exampleOf(reader: Reader, media: Node): unknown {
  if (media.example !== undefined) return media.example;
  if (isNode(media.examples)) {
    for (const raw of Object.values(media.examples)) {
      const example = reader.node(raw);
      if (example?.value !== undefined) return example.value;
    }
  }
  return reader.schema(media.schema)?.example;
}

/**
 * The auth of the first security requirement the engine can send (operation's, else the
 * document's): bearer, basic, an API key in a header or the query, or an OAuth 2 client
 * credentials or authorization code flow, each reading the credential named after the host.
 */
type Made = { auth: Record<string, unknown>; credential?: ImportedCredential };

function authOf(reader: Reader, document: ApiDocument, operation: Node, service: string, notes: string[], headers: KeyValue[], query: KeyValue[]): Made {
  const requirements = (Array.isArray(operation.security) ? operation.security : Array.isArray(document.root.security) ? document.root.security : []) as unknown[];
  const schemes = reader.node(document.version === '3' ? reader.node(document.root.components)?.securitySchemes : document.root.securityDefinitions) ?? {};
  const skipped: string[] = [];
  for (const requirement of requirements) {
    if (!isNode(requirement)) continue;
    const names = Object.keys(requirement);
    if (names.length === 0) return { auth: { type: 'none' } };
    const made = names.map((name, index) => ({ name, made: schemeAuth(reader.node(schemes[name]), service, index === 0 ? 'api_key' : inputName(name)) }));
    const unsupported = made.find(({ made: one }) => one === undefined);
    if (unsupported) {
      skipped.push(unsupported.name);
      continue;
    }
    // A requirement of several keys (an app id beside its key): the first is the auth, the others go along.
    const [first, ...others] = made.map(({ made: one }) => one!);
    for (const other of others) {
      if (other.auth.type !== 'api_key') continue;
      (other.auth.in === 'query' ? query : headers).push({ key: String(other.auth.name), value: String(other.auth.value) });
    }
    if (skipped.length > 0) notes.push(`security ${skipped.join(', ')} cannot be sent by the engine; ${names.join(' + ')} is used`);
    const fields = Object.assign({}, ...made.map(({ made: one }) => one!.credential?.fields));
    return { auth: first!.auth, ...(first!.credential ? { credential: { service_name: first!.credential.service_name, fields } } : {}) };
  }
  if (skipped.length > 0) notes.push(`security ${skipped.join(', ')} cannot be sent by the engine: set the step's auth by hand`);
  return { auth: { type: 'none' } };
}

/** One security scheme as auth; an API key is read from the credential's field `keyField`. */
function schemeAuth(scheme: Node | undefined, service: string, keyField: string): Made | undefined {
  if (!scheme) return undefined;
  const slot = (credentialName: string, auth: Record<string, unknown>, ...fields: string[]): Made => ({ auth, credential: { service_name: credentialName, fields: Object.fromEntries(fields.map((field) => [field, null])) } });
  const credential = (field: string, credentialName = service) => `{{credentials.${credentialName}.${field}}}`;
  const type = text(scheme.type)?.toLowerCase();
  const httpScheme = text(scheme.scheme)?.toLowerCase();
  if (type === 'basic' || (type === 'http' && httpScheme === 'basic')) return slot(service, { type: 'basic', username: credential('username'), password: credential('password') }, 'username', 'password');
  if (type === 'http' && httpScheme === 'bearer') return slot(service, { type: 'bearer', token: credential('token') }, 'token');
  // A key "in the Authorization header" is how Swagger 2 could say bearer (SendGrid's `Authorization: Bearer KEY`).
  if (type === 'apikey' && scheme.in === 'header' && text(scheme.name)?.toLowerCase() === 'authorization') return slot(service, { type: 'bearer', token: credential('token') }, 'token');
  if (type === 'apikey' && (scheme.in === 'header' || scheme.in === 'query') && text(scheme.name)) {
    return slot(service, { type: 'api_key', in: scheme.in, name: scheme.name, value: credential(keyField) }, keyField);
  }
  if (type !== 'oauth2') return undefined;
  const flows = isNode(scheme.flows) ? scheme.flows : { [String(scheme.flow)]: scheme };
  const scopeOf = (flow: Node) => (isNode(flow.scopes) && Object.keys(flow.scopes).length > 0 ? { scope: Object.keys(flow.scopes).join(' ') } : {});
  const clientCredentials = isNode(flows.clientCredentials) ? flows.clientCredentials : isNode(flows.application) ? flows.application : undefined;
  if (clientCredentials && text(clientCredentials.tokenUrl)) {
    return slot(service, { type: 'oauth2', grantType: 'client_credentials', tokenUrl: clientCredentials.tokenUrl, clientId: credential('client_id'), clientSecret: credential('client_secret'), ...scopeOf(clientCredentials) }, 'client_id', 'client_secret');
  }
  const code = isNode(flows.authorizationCode) ? flows.authorizationCode : isNode(flows.accessCode) ? flows.accessCode : undefined;
  if (code && text(code.tokenUrl) && text(code.authorizationUrl)) {
    // The app's id and secret are one credential; the account connected in the browser is another (README, OAuth 2.0).
    const app = `${service}_app`;
    return slot(app, { type: 'oauth2', grantType: 'authorization_code', authorizationUrl: code.authorizationUrl, tokenUrl: code.tokenUrl, clientId: credential('client_id', app), clientSecret: credential('client_secret', app), ...scopeOf(code), connection: service, pkce: true }, 'client_id', 'client_secret');
  }
  return undefined;
}

/** The example of the operation's success answer (200, 201, any 2XX, else default), or one made from its schema. */
function answerOf(reader: Reader, document: ApiDocument, operation: Node): unknown {
  const responses = reader.node(operation.responses) ?? {};
  const code = ['200', '201', ...Object.keys(responses).filter((status) => /^2/.test(status)), 'default'].find((status) => Object.hasOwn(responses, status));
  const response = code === undefined ? undefined : reader.node(responses[code]);
  if (!response) return undefined;
  if (document.version === '2') {
    const examples = isNode(response.examples) ? response.examples : {};
    const json = Object.keys(examples).find((type) => /json/i.test(type));
    return overlay(json ? examples[json] : undefined, sampleOf(reader, response.schema, 0), 0);
  }
  const content = isNode(response.content) ? response.content : {};
  const json = Object.keys(content).find((type) => /[/+]json\b/i.test(type));
  const media = json === undefined ? undefined : reader.node(content[json]);
  if (!media) return undefined;
  return overlay(exampleOf(reader, media), sampleOf(reader, media.schema, 0), 0);
}

/** The example, with what it leaves out or shows as null (an add-on's object) taken from the schema's shape. */
function overlay(example: unknown, shape: unknown, depth: number): unknown {
  if (example === undefined || example === null) return shape ?? example;
  if (depth > MAX_DEPTH) return example;
  if (Array.isArray(example)) return example.length === 0 && Array.isArray(shape) ? shape : example.length > 0 && Array.isArray(shape) ? [overlay(example[0], shape[0], depth + 1), ...example.slice(1)] : example;
  if (!isNode(example) || !isNode(shape)) return example;
  const merged: Node = { ...example };
  for (const key of Object.keys(shape)) Object.defineProperty(merged, key, { value: overlay(example[key], shape[key], depth + 1), enumerable: true, writable: true, configurable: true });
  return merged;
}

/** A value shaped as a schema says, from its examples, defaults and enums where it gives them. */
function sampleOf(reader: Reader, raw: unknown, depth: number, within: ReadonlySet<string> = new Set()): unknown {
  const seen = entered(raw, within);
  const schema = seen && reader.schema(raw);
  if (!seen || !schema || depth > MAX_DEPTH) return undefined;
  for (const key of ['example', 'default'] as const) if (schema[key] !== undefined) return schema[key];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = inputType(schema.type);
  if (type === 'object' || isNode(schema.properties)) {
    const properties = isNode(schema.properties) ? schema.properties : {};
    return Object.fromEntries(Object.keys(properties).map((key) => [key, sampleOf(reader, properties[key], depth + 1, seen)] as const).filter(([, value]) => value !== undefined));
  }
  if (type === 'array') {
    const item = sampleOf(reader, schema.items, depth + 1, seen);
    return item === undefined ? [] : [item];
  }
  if (type === 'number') return 0;
  if (type === 'boolean') return true;
  return schema.format === 'email' ? 'user@example.com' : 'string';
}

/**
 * The scalar paths of a sample answer, shallow ones first (`results[0].email`), each an output
 * (up to 20) and, where its name says which contact field it fills, a mapping to that field.
 */
export function suggestionsOf(sample: unknown, step: string): { paths: string[]; outputs: Record<string, string>; mappings: FieldMapping[] } {
  const paths = answerPaths(sample);
  const outputs: Record<string, string> = {};
  const names = new Set<string>();
  for (const path of paths.slice(0, MAX_OUTPUTS)) {
    const short = outputName(path, 1);
    outputs[uniqueId(names.has(short) ? outputName(path, 2) : short, names)] = path;
  }
  const mapped = new Set<string>();
  const mappings: FieldMapping[] = [];
  for (const path of paths) {
    const field = guessContactField(path);
    if (field && !mapped.has(field)) {
      mapped.add(field);
      mappings.push({ sourcePath: path, targetField: field, step });
    }
  }
  return { paths, outputs, mappings };
}

/** The last `names` names of a path: `results[0].phone_number` → `phone_number`, or `line_status.error_code` → `line_status_error_code`. */
function outputName(path: string, names: number): string {
  return inputName(path.split(/[.[\]"]+/).filter((part) => part && !/^\d+$/.test(part)).slice(-names).join('_') || 'value');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function clip(value: string): string {
  return value.length > MAX_DESCRIPTION ? `${value.slice(0, MAX_DESCRIPTION - 1)}…` : value;
}
