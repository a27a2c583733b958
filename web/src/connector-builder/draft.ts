import { BODY_TYPES as ENGINE_BODY_TYPES, HTTP_METHODS, INPUT_TYPES, LIMITS } from '../../../src/engine/definition/vocabulary.ts';
import { jsonBodyProblem } from '../../../src/engine/json-depth.ts';
import type { Connector } from '../api.ts';

/*
 * The connector builder's working copy, and how it is read from a stored connector and written
 * back as a definition. Whatever format a connector was written in, the builder saves the
 * `steps` format (one step for a single request), so the API's error paths (`steps[1].url`)
 * name the builder's fields directly.
 */

export { HTTP_METHODS, INPUT_TYPES, LIMITS };
/** The engine's body types, and none. */
export const BODY_TYPES = ['none', ...ENGINE_BODY_TYPES] as const;
export const AUTH_TYPES = ['none', 'bearer', 'api_key', 'basic', 'oauth2_client_credentials', 'oauth2_refresh_token', 'oauth2_authorization_code', 'aws_sigv4'] as const;
/** The OAuth 2 grants, by the auth type the builder names each. */
const OAUTH_GRANTS: Partial<Record<Auth['type'], string>> = { oauth2_client_credentials: 'client_credentials', oauth2_refresh_token: 'refresh_token', oauth2_authorization_code: 'authorization_code' };

export interface Pair {
  key: string;
  value: string;
}

export interface Auth {
  type: (typeof AUTH_TYPES)[number];
  /** The type's fields (`token`, `name`, `value`, `in`, `username`, ...), templates. */
  fields: Record<string, string>;
}

export interface DraftStep {
  /** Stable React key; the step's `id` may be edited. */
  key: string;
  id: string;
  name: string;
  method: (typeof HTTP_METHODS)[number];
  url: string;
  query: Pair[];
  headers: Pair[];
  bodyType: (typeof BODY_TYPES)[number];
  /** JSON text for json; one template for xml and raw. */
  body: string;
  form: Pair[];
  /** `inherit`: the connector's authentication. */
  auth: Auth | 'inherit';
  /** Output name → path in the response. */
  outputs: Pair[];
  /** Outputs that are secrets (a token the step obtains): masked in traces, never written to a contact. */
  secretOutputs: string[];
  /** A template; the step is skipped when it renders empty, false or 0. */
  when: string;
  /** Statuses meaning "nothing found", as typed: `404, 410`. */
  noMatchStatuses: string;
  /** A template over a 2xx answer meaning "nothing found". */
  noMatchWhen: string;
  /** A template over a 2xx answer meaning the API failed. */
  failWhen: string;
  /** Where a failed answer says why. */
  errorPath: string;
  /** How the step reads every page of a list; absent: one request. */
  paginate?: DraftPaginate;
  continueOnError: boolean;
  /** This step's own timeout and retries; the connector's when absent. */
  timeoutMs?: number;
  retries?: number;
}

export interface DraftPaginate {
  /** Path of each page's list. */
  items: string;
  /** The next page: a URL from the answer, or query parameters or JSON body fields set from it. */
  next: 'query' | 'url' | 'body';
  nextUrl: string;
  nextQuery: Pair[];
  nextBody: Pair[];
  hasMore: string;
  maxPages?: number;
  maxItems?: number;
}

export const newPaginate = (): DraftPaginate => ({ items: '', next: 'query', nextUrl: '', nextQuery: [], nextBody: [], hasMore: '' });

export interface InputField {
  name: string;
  type: (typeof INPUT_TYPES)[number];
  required: boolean;
  description: string;
  /** Kept as the definition gave them: the builder does not edit them yet. */
  default?: unknown;
  enum?: (string | number | boolean)[];
}

export interface FieldMapping {
  sourcePath: string;
  targetField: string;
  step?: string;
  /** false: fills the field only when the contact has none. */
  overwrite?: boolean;
}

export interface Draft {
  name: string;
  description: string;
  icon: string;
  category: string;
  enabled: boolean;
  mode: 'single' | 'multi';
  inputs: InputField[];
  steps: DraftStep[];
  auth: Auth;
  fieldMappings: FieldMapping[];
  /** Contact field → template over the steps' outputs. */
  finalMapping: Pair[];
  timeoutMs: number;
  maxRetries: number;
  continueOnError: boolean;
  rateLimit: { requests: number; per_seconds: number } | null;
}

let keys = 0;
const nextKey = () => `step-${++keys}`;

export function newStep(position: number): DraftStep {
  return { key: nextKey(), id: `step_${position + 1}`, name: '', method: 'GET', url: '', query: [], headers: [], bodyType: 'none', body: '', form: [], auth: 'inherit', outputs: [], secretOutputs: [], when: '', noMatchStatuses: '', noMatchWhen: '', failWhen: '', errorPath: '', continueOnError: false };
}

export function newDraft(): Draft {
  return {
    name: '',
    description: '',
    icon: '',
    category: '',
    enabled: true,
    mode: 'single',
    inputs: [],
    steps: [newStep(0)],
    auth: { type: 'none', fields: {} },
    fieldMappings: [],
    finalMapping: [],
    timeoutMs: LIMITS.defaultStepTimeoutMs,
    maxRetries: 0,
    continueOnError: false,
    rateLimit: null,
  };
}

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function pairs(value: unknown): Pair[] {
  if (Array.isArray(value)) return value.filter(isObject).filter((pair) => pair.enabled !== false).map((pair) => ({ key: text(pair.key), value: text(pair.value) }));
  if (isObject(value)) return Object.entries(value).map(([key, item]) => ({ key, value: text(item) }));
  return [];
}

/** Outputs as `NAME: PATH` or `NAME: { path, secret }`, and which are secret. */
function readOutputs(value: unknown, secret: unknown): { outputs: Pair[]; secretOutputs: string[] } {
  const entries = isObject(value) ? Object.entries(value) : [];
  const marked = entries.filter(([, output]) => isObject(output) && output.secret === true).map(([name]) => name);
  const listed = Array.isArray(secret) ? secret.filter((name): name is string => typeof name === 'string') : [];
  return {
    outputs: entries.map(([key, output]) => ({ key, value: text(isObject(output) ? output.path : output) })),
    secretOutputs: [...new Set([...marked, ...listed])],
  };
}

function readAuth(value: unknown): Auth {
  if (!isObject(value)) return { type: 'none', fields: {} };
  const { type, grantType, grant_type: grantTypeSnake, ...rest } = value;
  const normal = text(type).toLowerCase().replace(/[-\s]/g, '_');
  const known = normal === 'apikey' ? 'api_key' : normal === 'oauth2' ? `oauth2_${text(grantType ?? grantTypeSnake) || 'client_credentials'}` : normal;
  // `pkce: false` is the one flag an auth block holds; it is kept as the text it is edited as.
  const fields = Object.fromEntries(Object.entries(rest).map(([key, item]) => [key, typeof item === 'boolean' ? String(item) : text(item)]));
  return { type: (AUTH_TYPES as readonly string[]).includes(known) ? (known as Auth['type']) : 'none', fields };
}

const sameAuth = (a: Auth, b: Auth) => JSON.stringify(a) === JSON.stringify(b);

/** A number, stored or typed, under `key`; nothing when there is none (an empty field is NaN). */
const whole = <K extends string>(key: K, value: unknown) => (typeof value === 'number' && !Number.isNaN(value) ? ({ [key]: value } as Record<K, number>) : {});

function readStep(raw: Loose, position: number): DraftStep & { storedAuth: Auth } {
  const body = raw.body;
  const declared = text(raw.bodyType ?? raw.body_type);
  const bodyType = (body === undefined || body === null ? 'none' : declared || (typeof body === 'string' ? 'raw' : 'json')) as DraftStep['bodyType'];
  return {
    key: nextKey(),
    id: text(raw.id) || `step_${position + 1}`,
    name: text(raw.name),
    method: (text(raw.method).toUpperCase() || 'GET') as DraftStep['method'],
    url: text(raw.url),
    query: [...pairs(raw.queryParams), ...pairs(raw.query)],
    headers: pairs(raw.headers),
    bodyType,
    body: bodyType === 'json' ? JSON.stringify(body, null, 2) : bodyType === 'form' ? '' : text(body),
    form: bodyType === 'form' ? pairs(body) : [],
    auth: 'inherit',
    storedAuth: readAuth(raw.auth),
    ...readOutputs(raw.outputMapping ?? raw.outputs, raw.secretOutputs),
    when: text(raw.when),
    ...readOutcome(raw),
    ...readPaginate(raw.paginate),
    continueOnError: raw.continueOnError === true || raw.continue_on_error === true,
    ...whole('timeoutMs', raw.timeoutMs ?? raw.timeout),
    ...whole('retries', raw.retries),
  };
}


/** A step's outcome rules (`noMatch`, `failWhen`, `errorPath`, in either spelling) as the builder edits them. */
function readOutcome(raw: Loose): Pick<DraftStep, 'noMatchStatuses' | 'noMatchWhen' | 'failWhen' | 'errorPath'> {
  const noMatch = raw.noMatch ?? raw.no_match;
  const statuses = Array.isArray(noMatch) ? noMatch : isObject(noMatch) && Array.isArray(noMatch.statuses) ? noMatch.statuses : [];
  return {
    noMatchStatuses: statuses.join(', '),
    noMatchWhen: isObject(noMatch) ? text(noMatch.when) : '',
    failWhen: text(raw.failWhen ?? raw.fail_when),
    errorPath: text(raw.errorPath ?? raw.error_path),
  };
}

function readPaginate(raw: unknown): Pick<DraftStep, 'paginate'> {
  if (!isObject(raw)) return {};
  const nextUrl = text(raw.nextUrl ?? raw.next_url);
  const nextBody = pairs(raw.nextBody ?? raw.next_body);
  return {
    paginate: {
      items: text(raw.items),
      next: nextUrl ? 'url' : nextBody.length > 0 ? 'body' : 'query',
      nextUrl,
      nextQuery: pairs(raw.nextQuery ?? raw.next_query),
      nextBody,
      hasMore: text(raw.hasMore ?? raw.has_more),
      ...whole('maxPages', raw.maxPages ?? raw.max_pages),
      ...whole('maxItems', raw.maxItems ?? raw.max_items),
    },
  };
}

function writePaginate(paginate: DraftPaginate | undefined): Loose {
  if (!paginate) return {};
  return {
    paginate: {
      items: paginate.items,
      ...(paginate.next === 'url' ? { nextUrl: paginate.nextUrl } : paginate.next === 'body' ? { nextBody: record(paginate.nextBody) } : { nextQuery: record(paginate.nextQuery) }),
      ...(paginate.hasMore ? { hasMore: paginate.hasMore } : {}),
      ...whole('maxPages', paginate.maxPages),
      ...whole('maxItems', paginate.maxItems),
    },
  };
}

/** Outcome rules as the API takes them; statuses that are not numbers are sent as they are, so the API names them. */
function writeOutcome(step: DraftStep): Loose {
  const statuses = step.noMatchStatuses.split(/[\s,]+/).filter(Boolean).map((status) => (/^\d+$/.test(status) ? Number(status) : status));
  return {
    ...(statuses.length > 0 || step.noMatchWhen ? { noMatch: { statuses, ...(step.noMatchWhen ? { when: step.noMatchWhen } : {}) } } : {}),
    ...(step.failWhen ? { failWhen: step.failWhen } : {}),
    ...(step.errorPath ? { errorPath: step.errorPath } : {}),
  };
}

function readInputs(value: unknown): InputField[] {
  const list: Loose[] = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? Object.entries(value).map(([name, field]) => ({ ...(isObject(field) ? field : {}), name })) : [];
  return list.map((field) => ({
    name: text(field.name),
    type: ((INPUT_TYPES as readonly string[]).includes(text(field.type)) ? field.type : 'string') as InputField['type'],
    required: field.required === true,
    description: text(field.description ?? field.label),
    ...(field.default === undefined ? {} : { default: field.default }),
    ...(Array.isArray(field.enum) ? { enum: field.enum.filter((item): item is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof item)) } : {}),
  }));
}

/** A stored connector as the builder edits it. Steps whose auth is the most common one inherit it. */
export function draftFromConnector(connector: Connector): Draft {
  const config = connector.config;
  const rawSteps = Array.isArray(config.steps) ? config.steps.filter(isObject) : [config];
  const steps = rawSteps.map(readStep);
  const auth = steps[0]?.storedAuth ?? { type: 'none', fields: {} };
  return {
    name: connector.name,
    description: connector.description ?? '',
    icon: connector.icon ?? '',
    category: connector.category ?? '',
    enabled: connector.enabled,
    mode: connector.type === 'multi-step' ? 'multi' : 'single',
    inputs: readInputs(connector.input_schema),
    steps: steps.map(({ storedAuth, ...step }) => ({ ...step, auth: sameAuth(storedAuth, auth) ? 'inherit' : storedAuth })),
    auth,
    fieldMappings: (connector.field_mappings.filter(isObject) as unknown as FieldMapping[]).map(({ sourcePath, targetField, step, overwrite }) => ({ sourcePath, targetField, ...(step ? { step } : {}), ...(overwrite === false ? { overwrite } : {}) })),
    finalMapping: pairs(config.finalMapping ?? config.final_mapping),
    timeoutMs: connector.timeout_ms,
    maxRetries: connector.max_retries,
    continueOnError: connector.continue_on_error,
    rateLimit: connector.rate_limit,
  };
}

/** A definition an import made (not saved yet) as the builder edits it. */
export function draftFromImport(definition: Loose): Draft {
  const steps = Array.isArray(definition.steps) ? definition.steps : [];
  return draftFromConnector({
    name: text(definition.name),
    description: text(definition.description) || null,
    icon: null,
    category: null,
    enabled: true,
    type: steps.length > 1 ? 'multi-step' : 'single-step',
    input_schema: definition.input_schema,
    field_mappings: Array.isArray(definition.field_mappings) ? definition.field_mappings : [],
    config: { steps, finalMapping: isObject(definition.finalMapping) ? definition.finalMapping : {} },
    timeout_ms: LIMITS.defaultStepTimeoutMs,
    max_retries: 0,
    continue_on_error: false,
    rate_limit: null,
  } as unknown as Connector);
}

const record = (list: Pair[]) => Object.fromEntries(list.filter((pair) => pair.key !== '').map((pair) => [pair.key, pair.value]));
const keyValues = (list: Pair[]) => list.filter((pair) => pair.key !== '' || pair.value !== '');

function writeAuth(auth: Auth): Loose {
  if (auth.type === 'none') return { type: 'none' };
  const grant = OAUTH_GRANTS[auth.type];
  const { pkce, ...fields } = auth.fields;
  // Fields left empty are not sent: each is optional, or the API names it as missing.
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  return { ...(grant ? { type: 'oauth2', grantType: grant } : { type: auth.type }), ...given, ...(pkce === 'false' ? { pkce: false } : {}) };
}

/** What is wrong with a draft before the API is asked: a JSON body that does not parse, on its field. */
export function draftProblems(draft: Draft): { path: string; message: string }[] {
  // The engine's own rule, so the field says what saving would.
  return draft.steps.flatMap((step, index) => {
    const problem = step.bodyType === 'json' ? jsonBodyProblem(step.body) : undefined;
    return problem ? [{ path: `steps[${index}].body`, message: problem }] : [];
  });
}

/** JSON text that does not parse is sent as it is, so the API names the field. */
function jsonBody(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return source;
  }
}

/** The definition the API stores, in the `steps` format. */
export function documentFromDraft(draft: Draft): Loose {
  const steps = draft.mode === 'single' ? draft.steps.slice(0, 1) : draft.steps;
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    icon: draft.icon.trim() || null,
    category: draft.category.trim() || null,
    type: draft.mode === 'single' ? 'single-step' : 'multi-step',
    enabled: draft.enabled,
    ...(draft.inputs.length > 0 ? { input_schema: draft.inputs.map(({ description, ...field }) => ({ ...field, ...(description ? { description } : {}) })) } : {}),
    steps: steps.map((step) => ({
      id: step.id,
      ...(step.name ? { name: step.name } : {}),
      method: step.method,
      url: step.url,
      headers: keyValues(step.headers),
      queryParams: keyValues(step.query),
      ...(step.bodyType === 'none' ? {} : { bodyType: step.bodyType, body: step.bodyType === 'json' ? jsonBody(step.body) : step.bodyType === 'form' ? record(step.form) : step.body }),
      auth: writeAuth(step.auth === 'inherit' ? draft.auth : step.auth),
      outputMapping: Object.fromEntries(
        step.outputs.filter((pair) => pair.key !== '').map((pair) => [pair.key, step.secretOutputs.includes(pair.key) ? { path: pair.value, secret: true } : pair.value]),
      ),
      ...(step.when ? { when: step.when } : {}),
      ...writeOutcome(step),
      ...writePaginate(step.paginate),
      ...(step.continueOnError ? { continueOnError: true } : {}),
      ...whole('timeoutMs', step.timeoutMs),
      ...whole('retries', step.retries),
    })),
    finalMapping: record(draft.finalMapping),
    field_mappings: draft.fieldMappings,
    timeout_ms: draft.timeoutMs,
    max_retries: draft.maxRetries,
    continue_on_error: draft.continueOnError,
    rate_limit: draft.rateLimit,
  };
}

/** `{ a: [{ b: 1 }] }`, `a[0].b` → 1 (and `a["x.y"]`): the paths the JSON tree writes and output mappings read. */
export function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const [, quoted, plain] of path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)) {
    const part = quoted === undefined ? plain! : quoted.replace(/\\(.)/g, '$1');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Loose)[part];
  }
  return node;
}

/**
 * The inputs a connector asks for: those it declares, then any its templates read as
 * `{{input.NAME}}` without declaring (the original design's documents have no input_schema).
 */
export function inputsOf(draft: Draft): InputField[] {
  const declared = new Set(draft.inputs.map((input) => input.name));
  const used = [...JSON.stringify(documentFromDraft(draft)).matchAll(/\{\{\s*input\.([A-Za-z_]\w*)/g)].map((match) => match[1]!);
  const undeclared = [...new Set(used)].filter((name) => !declared.has(name));
  return [...draft.inputs.filter((input) => input.name), ...undeclared.map((name) => ({ name, type: 'string' as const, required: false, description: 'Read by a template; not declared' }))];
}
