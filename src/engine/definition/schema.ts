import { z } from 'zod';
import { BODY_TYPES, HTTP_METHODS, INPUT_TYPES, LIMITS } from './vocabulary.ts';

export { BODY_TYPES, HTTP_METHODS, INPUT_TYPES, LIMITS };

const template = z.string().max(LIMITS.maxTemplateLength);
export const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _ (it is used as {{id.output}})');

/** The name of a stored credential, as `credentials.NAME` reads it. */
const connection = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must name a stored credential: a letter or _, then letters, digits and _');

/** What every OAuth 2 grant sends the token endpoint. */
const oauthClient = {
  tokenUrl: template,
  clientId: template,
  clientSecret: template,
  scope: template.optional(),
  /** How the client proves itself to the token endpoint (RFC 6749 2.3.1). */
  clientAuthentication: z.enum(['basic', 'body']),
};

export const AuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: template }),
  z.strictObject({
    type: z.literal('api_key'),
    name: z.string().min(1),
    value: template,
    in: z.enum(['header', 'query']),
  }),
  z.strictObject({ type: z.literal('basic'), username: template, password: template }),
  z.strictObject({ type: z.literal('oauth2_client_credentials'), ...oauthClient, audience: template.optional() }),
  /** A refresh token stored in the credential `connection` (pasted, e.g. Google's), traded for access tokens. */
  z.strictObject({ type: z.literal('oauth2_refresh_token'), ...oauthClient, connection }),
  /** An account connected in the browser (authorization code, RFC 6749 4.1, with PKCE, RFC 7636); its tokens live in `connection`. */
  z.strictObject({ type: z.literal('oauth2_authorization_code'), authorizationUrl: template, ...oauthClient, connection, pkce: z.boolean() }),
  /** AWS Signature Version 4: the request is signed with the key pair for one region and service. */
  z.strictObject({
    type: z.literal('aws_sigv4'),
    accessKeyId: template,
    secretAccessKey: template,
    sessionToken: template.optional(),
    region: template,
    service: template,
  }),
]);

/** The auth types whose tokens come from a stored OAuth connection. */
export type ConnectionAuth = Extract<Auth, { type: 'oauth2_refresh_token' | 'oauth2_authorization_code' }>;

/**
 * How a step reads every page of a list: where each page's items are, and how the next page is
 * asked for (a URL, query parameters, or fields of its JSON body), both read from the page's answer.
 */
export const PaginateSchema = z.strictObject({
  items: z.string().min(1),
  nextUrl: template.optional(),
  nextQuery: z.record(z.string().min(1), template).optional(),
  /** JSON body fields set for the next page, by dotted path (`variables.after`): a GraphQL cursor, a search API's `after`. */
  nextBody: z.record(z.string().min(1), template).optional(),
  hasMore: template.optional(),
  maxPages: z.number().int().min(1).max(LIMITS.maxPages),
  maxItems: z.number().int().min(1).max(LIMITS.maxItems),
});

export const StepSchema = z.strictObject({
  id: identifier,
  name: z.string().optional(),
  method: z.enum(HTTP_METHODS),
  url: template.min(1),
  headers: z.record(z.string().min(1), template),
  query: z.record(z.string().min(1), template),
  bodyType: z.enum(BODY_TYPES).optional(),
  /** json: any JSON value whose strings are templates; form: field → template; xml and raw: one template. */
  body: z.unknown().optional(),
  auth: AuthSchema,
  timeoutMs: z.number().int().min(1).max(LIMITS.maxStepTimeoutMs),
  retries: z.number().int().min(0).max(LIMITS.maxRetries),
  /** Output name → extraction path in the response (`results[0].id`). */
  outputs: z.record(identifier, z.string().min(1)),
  /** Outputs that are secrets (a token the step obtains): masked, and never written to a contact. */
  secretOutputs: z.array(identifier).optional(),
  continueOnError: z.boolean(),
  /** A template; the step is skipped when it renders falsy (empty, "false", "0", "null"). */
  when: template.optional(),
  /**
   * What means "nothing found": answer statuses (404 from a person lookup), or a template over a
   * 2xx answer. The step then succeeds with no outputs, the steps that read it are skipped, and
   * the run says "no match".
   */
  noMatch: z.strictObject({ statuses: z.array(z.number().int().min(100).max(599)), when: template.optional() }).optional(),
  /** A template over a 2xx answer that means the API failed (Slack's `{{ ok == false }}`). */
  failWhen: template.optional(),
  /** Where an answer that failed says why (`error.message`), quoted in the step's error. */
  errorPath: z.string().min(1).optional(),
  paginate: PaginateSchema.optional(),
});

export const InputFieldSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(INPUT_TYPES),
  required: z.boolean(),
  default: z.unknown().optional(),
  /** The only values the input takes (an OpenAPI parameter's `enum`). */
  enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
  description: z.string().optional(),
});

export const FieldMappingSchema = z.strictObject({
  sourcePath: z.string().min(1),
  targetField: z.string().min(1),
  /** The step whose response the path reads; the last step when absent. */
  step: identifier.optional(),
  /** false: writes only when the contact's field is empty (fills gaps, keeps what is there). */
  overwrite: z.boolean().optional(),
});

export const DefinitionSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  type: z.enum(['single-step', 'multi-step']),
  enabled: z.boolean(),
  inputSchema: z.array(InputFieldSchema),
  steps: z.array(StepSchema).min(1).max(LIMITS.maxSteps),
  fieldMappings: z.array(FieldMappingSchema),
  /** Contact field → template. */
  finalMapping: z.record(z.string().min(1), template),
  continueOnError: z.boolean(),
});

export type Auth = z.infer<typeof AuthSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Paginate = z.infer<typeof PaginateSchema>;
export type InputField = z.infer<typeof InputFieldSchema>;
export type FieldMapping = z.infer<typeof FieldMappingSchema>;
export type Definition = z.infer<typeof DefinitionSchema>;
