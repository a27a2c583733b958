import { z } from 'zod';
import {
  BODY_TYPES,
  DefinitionSchema,
  HTTP_METHODS,
  identifier,
  INPUT_TYPES,
  LIMITS,
  type Auth,
  type Definition,
  type InputField,
  type Step,
} from './schema.ts';

/*
 * The formats a definition may arrive in: the original design's single-step (`config`,
 * key/value arrays, `field_mappings`) and multi-step (`steps`, `outputMapping`, `finalMapping`)
 * documents, verbatim, and the normalised form itself. Each spelling is read here, once, so
 * errors name the key the author wrote; everything after works on `Definition`.
 */

const template = z.string().max(LIMITS.maxTemplateLength);

const keyValues = z.union([
  z.array(
    z.strictObject({
      key: z.string(),
      value: template,
      enabled: z.boolean().optional(),
      description: z.string().optional(),
    }),
  ),
  z.record(z.string(), template),
]);

function toRecord(list: z.infer<typeof keyValues> | undefined): Record<string, string> {
  if (list === undefined) return {};
  if (!Array.isArray(list)) return list;
  const out: Record<string, string> = {};
  for (const { key, value, enabled } of list) if (enabled !== false && key !== '') out[key] = value;
  return out;
}

/** The keys each auth type reads, in every spelling it accepts. */
const AUTH_KEYS: Record<string, string[]> = {
  none: ['type'],
  bearer: ['type', 'token'],
  api_key: ['type', 'in', 'location', 'add_to', 'addTo', 'name', 'key', 'header', 'param', 'value', 'api_key', 'apiKey'],
  basic: ['type', 'username', 'user', 'password'],
  oauth2_client_credentials: ['type', 'grantType', 'grant_type', 'tokenUrl', 'token_url', 'clientId', 'client_id', 'clientSecret', 'client_secret', 'scope', 'audience', 'clientAuthentication', 'client_authentication'],
  oauth2_refresh_token: ['type', 'grantType', 'grant_type', 'tokenUrl', 'token_url', 'clientId', 'client_id', 'clientSecret', 'client_secret', 'scope', 'clientAuthentication', 'client_authentication', 'connection'],
  oauth2_authorization_code: ['type', 'grantType', 'grant_type', 'authorizationUrl', 'authorization_url', 'tokenUrl', 'token_url', 'clientId', 'client_id', 'clientSecret', 'client_secret', 'scope', 'clientAuthentication', 'client_authentication', 'connection', 'pkce'],
  aws_sigv4: ['type', 'accessKeyId', 'access_key_id', 'secretAccessKey', 'secret_access_key', 'sessionToken', 'session_token', 'region', 'service'],
};
AUTH_KEYS.apikey = AUTH_KEYS.api_key!;

/** `oauth2` names its grant: `grantType` client_credentials (the default), refresh_token or authorization_code. */
function authType(raw: Record<string, unknown>): string {
  const type = String(raw.type).toLowerCase().replace(/[-\s]/g, '_');
  if (type !== 'oauth2') return type;
  const grant = raw.grantType ?? raw.grant_type ?? 'client_credentials';
  return `oauth2_${String(grant).toLowerCase()}`;
}

const authInput = z
  .looseObject({ type: z.string() })
  .transform((raw, ctx): Auth => {
    const type = authType(raw);
    const pick = (...keys: string[]) => {
      for (const key of keys) if (typeof raw[key] === 'string') return raw[key];
      return undefined;
    };
    const need = (value: string | undefined, key: string) => {
      if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required for ${raw.type} auth` });
      return value ?? '';
    };
    // A key this type does not read would be ignored, and the request sent without it: refused instead.
    const known = AUTH_KEYS[type];
    if (known) {
      for (const key of Object.keys(raw)) {
        if (known.includes(key)) continue;
        const message = /^refresh_?token$/i.test(key)
          ? `is not a field of ${raw.type} auth: a refresh token is stored as a credential, named by "connection", with "grantType": "refresh_token"`
          : `is not a field of ${raw.type} auth (its fields: ${known.filter((name) => name !== 'type').join(', ') || 'none'})`;
        ctx.addIssue({ code: 'custom', path: [key], message });
      }
    }
    switch (type) {
      case 'none':
        return { type: 'none' };
      case 'bearer':
        return { type: 'bearer', token: need(pick('token'), 'token') };
      case 'api_key':
      case 'apikey': {
        const where = pick('in', 'location', 'add_to', 'addTo') ?? 'header';
        if (where !== 'header' && where !== 'query') {
          ctx.addIssue({ code: 'custom', path: ['in'], message: 'must be "header" or "query"' });
        }
        return {
          type: 'api_key',
          name: pick('name', 'key', 'header', 'param') ?? (where === 'query' ? 'api_key' : 'X-API-Key'),
          value: need(pick('value', 'api_key', 'apiKey'), 'value'),
          in: where === 'query' ? 'query' : 'header',
        };
      }
      case 'basic':
        return {
          type: 'basic',
          username: need(pick('username', 'user'), 'username'),
          password: pick('password') ?? '',
        };
      case 'oauth2_client_credentials':
      case 'oauth2_refresh_token':
      case 'oauth2_authorization_code': {
        const scope = pick('scope');
        const audience = pick('audience');
        const clientAuthentication = pick('clientAuthentication', 'client_authentication') ?? 'basic';
        if (clientAuthentication !== 'basic' && clientAuthentication !== 'body') {
          ctx.addIssue({ code: 'custom', path: ['clientAuthentication'], message: 'must be "basic" or "body"' });
        }
        const client = {
          tokenUrl: need(pick('tokenUrl', 'token_url'), 'tokenUrl'),
          clientId: need(pick('clientId', 'client_id'), 'clientId'),
          clientSecret: need(pick('clientSecret', 'client_secret'), 'clientSecret'),
          ...(scope === undefined ? {} : { scope }),
          clientAuthentication: clientAuthentication === 'body' ? ('body' as const) : ('basic' as const),
        };
        if (type === 'oauth2_client_credentials') return { type, ...client, ...(audience === undefined ? {} : { audience }) };
        const connection = need(pick('connection'), 'connection');
        if (type === 'oauth2_refresh_token') return { type, ...client, connection };
        if (raw.pkce !== undefined && typeof raw.pkce !== 'boolean') ctx.addIssue({ code: 'custom', path: ['pkce'], message: 'must be true or false' });
        return { type, ...client, authorizationUrl: need(pick('authorizationUrl', 'authorization_url'), 'authorizationUrl'), connection, pkce: raw.pkce !== false };
      }
      case 'aws_sigv4': {
        const sessionToken = pick('sessionToken', 'session_token');
        return {
          type,
          accessKeyId: need(pick('accessKeyId', 'access_key_id'), 'accessKeyId'),
          secretAccessKey: need(pick('secretAccessKey', 'secret_access_key'), 'secretAccessKey'),
          ...(sessionToken === undefined ? {} : { sessionToken }),
          region: need(pick('region'), 'region'),
          service: need(pick('service'), 'service'),
        };
      }
      default:
        ctx.addIssue({
          code: 'custom',
          path: [type.startsWith('oauth2_') ? 'grantType' : 'type'],
          message: type.startsWith('oauth2_')
            ? 'must be one of client_credentials, refresh_token, authorization_code'
            : 'must be one of none, bearer, api_key, basic, oauth2, aws_sigv4',
        });
        return { type: 'none' };
    }
  });

/** `{ "statuses": [404], "when": "{{ results == blank }}" }`; a bare list is the statuses. */
const noMatchInput = z.union([
  z.array(z.number().int()).transform((statuses) => ({ statuses })),
  z.strictObject({ statuses: z.array(z.number().int()).default([]), when: template.optional() }),
]);

/** `paginate`, in either spelling of each key; limits defaulted. */
const paginateInput = z
  .strictObject({
    items: z.string().min(1, 'is required: the path of each page\'s list, like results'),
    nextUrl: template.optional(),
    next_url: template.optional(),
    nextQuery: z.record(z.string().min(1), template).optional(),
    next_query: z.record(z.string().min(1), template).optional(),
    nextBody: z.record(z.string().min(1), template).optional(),
    next_body: z.record(z.string().min(1), template).optional(),
    hasMore: template.optional(),
    has_more: template.optional(),
    maxPages: z.number().int().optional(),
    max_pages: z.number().int().optional(),
    maxItems: z.number().int().optional(),
    max_items: z.number().int().optional(),
  })
  .transform((raw) => ({
    items: raw.items,
    ...optional('nextUrl', raw.nextUrl ?? raw.next_url),
    ...optional('nextQuery', raw.nextQuery ?? raw.next_query),
    ...optional('nextBody', raw.nextBody ?? raw.next_body),
    ...optional('hasMore', raw.hasMore ?? raw.has_more),
    maxPages: raw.maxPages ?? raw.max_pages ?? LIMITS.defaultMaxPages,
    maxItems: raw.maxItems ?? raw.max_items ?? LIMITS.defaultMaxItems,
  }));

/** An output: its path, or `{ "path", "secret": true }` for a value that is a secret. */
const outputs = z.record(identifier, z.union([z.string().min(1), z.strictObject({ path: z.string().min(1), secret: z.boolean().optional() })]));

const stepInput = z.strictObject({
  id: identifier.optional(),
  name: z.string().optional(),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS))
    .default('GET'),
  url: template.min(1, 'is required'),
  headers: keyValues.optional(),
  queryParams: keyValues.optional(),
  query: keyValues.optional(),
  body: z.unknown().optional(),
  bodyType: z.enum(BODY_TYPES).optional(),
  body_type: z.enum(BODY_TYPES).optional(),
  auth: authInput.optional(),
  timeout: z.number().int().min(1).max(LIMITS.maxStepTimeoutMs).optional(),
  timeoutMs: z.number().int().min(1).max(LIMITS.maxStepTimeoutMs).optional(),
  retries: z.number().int().min(0).max(LIMITS.maxRetries).optional(),
  outputMapping: outputs.optional(),
  outputs: outputs.optional(),
  secretOutputs: z.array(identifier).optional(),
  continue_on_error: z.boolean().optional(),
  continueOnError: z.boolean().optional(),
  when: template.optional(),
  noMatch: noMatchInput.optional(),
  no_match: noMatchInput.optional(),
  failWhen: template.optional(),
  fail_when: template.optional(),
  errorPath: z.string().min(1).optional(),
  error_path: z.string().min(1).optional(),
  paginate: paginateInput.optional(),
});

function toStep(raw: z.infer<typeof stepInput>, position: number): Step {
  const bodyType = raw.bodyType ?? raw.body_type;
  const paths: Record<string, string> = {};
  const secretOutputs = new Set(raw.secretOutputs);
  for (const [name, output] of Object.entries(raw.outputs ?? raw.outputMapping ?? {})) {
    paths[name] = typeof output === 'string' ? output : output.path;
    if (typeof output !== 'string' && output.secret) secretOutputs.add(name);
  }
  return {
    id: raw.id ?? `step_${position + 1}`,
    ...(raw.name === undefined ? {} : { name: raw.name }),
    method: raw.method,
    url: raw.url,
    headers: toRecord(raw.headers),
    query: { ...toRecord(raw.queryParams), ...toRecord(raw.query) },
    ...(raw.body === undefined || raw.body === null
      ? {}
      : { body: raw.body, bodyType: bodyType ?? (typeof raw.body === 'string' ? 'raw' : 'json') }),
    auth: raw.auth ?? { type: 'none' },
    timeoutMs: raw.timeoutMs ?? raw.timeout ?? LIMITS.defaultStepTimeoutMs,
    retries: raw.retries ?? 0,
    outputs: paths,
    ...(secretOutputs.size === 0 ? {} : { secretOutputs: [...secretOutputs] }),
    continueOnError: raw.continueOnError ?? raw.continue_on_error ?? false,
    ...(raw.when === undefined ? {} : { when: raw.when }),
    ...optional('noMatch', raw.noMatch ?? raw.no_match),
    ...optional('failWhen', raw.failWhen ?? raw.fail_when),
    ...optional('errorPath', raw.errorPath ?? raw.error_path),
    ...optional('paginate', raw.paginate),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const inputField = z.strictObject({
  name: z.string().min(1),
  type: z.enum(INPUT_TYPES).default('string'),
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
  description: z.string().optional(),
  label: z.string().optional(),
});

const inputSchema = z.union([
  z.array(inputField),
  z.record(z.string(), inputField.omit({ name: true })),
]);

function toInputFields(raw: z.infer<typeof inputSchema> | undefined): InputField[] {
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([name, field]) => ({ ...field, name }));
  return list.map(({ label, description, ...field }) => {
    const text = description ?? label;
    return text === undefined ? field : { ...field, description: text };
  });
}

const fieldMapping = z.strictObject({
  sourcePath: z.string().min(1),
  targetField: z.string().min(1),
  step: identifier.optional(),
  overwrite: z.boolean().optional(),
});

const common = {
  name: z.string().min(1, 'is required').max(200),
  description: z.string().nullish(),
  enabled: z.boolean().default(true),
  input_schema: inputSchema.optional(),
  inputSchema: inputSchema.optional(),
  field_mappings: z.array(fieldMapping).optional(),
  fieldMappings: z.array(fieldMapping).optional(),
  finalMapping: z.record(z.string(), template).optional(),
  final_mapping: z.record(z.string(), template).optional(),
  continue_on_error: z.boolean().optional(),
  continueOnError: z.boolean().optional(),
};

type CommonInput = z.infer<z.ZodObject<typeof common>>;

function toDefinition(raw: CommonInput, type: Definition['type'], steps: Step[]): Definition {
  const description = raw.description ?? undefined;
  return {
    name: raw.name,
    ...(description === undefined ? {} : { description }),
    type,
    enabled: raw.enabled,
    inputSchema: toInputFields(raw.inputSchema ?? raw.input_schema),
    steps,
    fieldMappings: raw.fieldMappings ?? raw.field_mappings ?? [],
    finalMapping: raw.finalMapping ?? raw.final_mapping ?? {},
    continueOnError: raw.continueOnError ?? raw.continue_on_error ?? false,
  };
}

/** The original single-step document: one request under `config`. */
export const SingleStepInput = z
  .looseObject({ ...common, type: z.literal('single-step').optional(), config: stepInput })
  .transform((raw) => toDefinition(raw, 'single-step', [toStep(raw.config, 0)]))
  .pipe(DefinitionSchema);

/** The original multi-step document, which is also how the normalised form is spelled. */
export const MultiStepInput = z
  .looseObject({
    ...common,
    type: z.enum(['single-step', 'multi-step']).optional(),
    steps: z.array(stepInput).min(1, 'needs at least one step').max(LIMITS.maxSteps, `at most ${LIMITS.maxSteps} steps`),
  })
  .transform((raw) => toDefinition(raw, raw.type ?? (raw.steps.length > 1 ? 'multi-step' : 'single-step'), raw.steps.map(toStep)))
  .pipe(DefinitionSchema);

export function isSingleStep(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'config' in raw && !('steps' in raw);
}
