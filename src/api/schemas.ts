import { z, type RouteConfig } from '@hono/zod-openapi';
import { CONTACT_FIELD_MAX_LENGTH, DOCUMENT_FORMATS, STEP_ERROR_CODES, type RunResult, type StandardContactField, type StepTrace } from '../engine/index.ts';
import { EXECUTION_STATUSES, FLOW_RUN_STATUSES, ROLES, type ActionResult, type FlowAction } from '../store/index.ts';

/*
 * The shapes the API reads and answers, shared by the routes and the OpenAPI document. Dates
 * leave as ISO 8601 strings.
 */

export const ErrorSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.array(z.object({ path: z.string().openapi({ example: 'config.url' }), message: z.string() })),
    }),
  })
  .openapi('Error');

const timestamp = z.string().openapi({ format: 'date-time' });

export const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

/** The largest whole number a column holds (PostgreSQL integer). */
export const MAX_INT = 2_147_483_647;

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(MAX_INT).default(0),
});

/** What stands beside a page of a list. */
export const PAGE = { total: z.number().int(), limit: z.number().int(), offset: z.number().int() };

export const RoleSchema = z.enum(ROLES);

export const WorkspaceSchema = z
  .object({ id: z.string(), name: z.string(), role: RoleSchema, created_by: z.string(), created_at: timestamp, updated_at: timestamp })
  .openapi('Workspace');

export const MemberSchema = z.object({ workspace_id: z.string(), user_id: z.string(), role: RoleSchema, created_at: timestamp }).openapi('Member');

const field = (name: StandardContactField) => z.string().max(CONTACT_FIELD_MAX_LENGTH[name]).nullable().optional();

export const ContactInput = z
  .strictObject({
    email: field('email'),
    phone_number: field('phone_number'),
    firstname: field('firstname'),
    lastname: field('lastname'),
    st_address: field('st_address'),
    city: field('city'),
    state: field('state'),
    zip: field('zip'),
    company: field('company'),
    custom_fields: z.record(z.string(), z.unknown()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('ContactInput', { example: { email: 'jose.tayzon@example.com', phone_number: '+16266958105' } });

export const ContactSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    email: z.string().nullable(),
    phone_number: z.string().nullable(),
    firstname: z.string().nullable(),
    lastname: z.string().nullable(),
    st_address: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    company: z.string().nullable(),
    custom_fields: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()).openapi({ description: 'Includes `connector_responses`: a list of the connector runs for the contact, each with its raw response (the newest kept)' }),
    created_by: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Contact');

/**
 * A connector as written. Checked by the engine, which names each bad field by the path it was
 * written at; documented as the formats the engine reads (registered as components in app.ts).
 */
export const ConnectorDocumentSchema = z.record(z.string(), z.unknown()).openapi('ConnectorDefinition', {
  description:
    'A connector in either format of the original design, verbatim: single-step (`config` with `headers`/`queryParams` key-value arrays, `field_mappings`) or multi-step (`steps` with `outputMapping`, `finalMapping`), which is also how the normalised form is spelled. Beside them: `icon`, `category`, `timeout_ms` and `max_retries` (defaults for steps that set none), `rate_limit`.',
  anyOf: Object.keys(DOCUMENT_FORMATS).map((name) => ({ $ref: `#/components/schemas/${name}` })),
  example: {
    name: 'Enhance Data',
    type: 'single-step',
    config: {
      method: 'GET',
      url: 'https://api.example.com/phone?phone={{contact.phone_number}}',
      headers: [{ key: 'X-API-Key', value: '{{workspace.api_key}}' }],
      auth: { type: 'none' },
    },
    field_mappings: [{ sourcePath: 'identities[0].firstName', targetField: 'firstname' }],
  },
});

export const ConnectorSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    icon: z.string().nullable(),
    category: z.string().nullable(),
    type: z.enum(['single-step', 'multi-step']),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Single-step: the request. Multi-step: `{ steps, finalMapping }`' }),
    input_schema: z.unknown(),
    field_mappings: z.array(z.unknown()),
    enabled: z.boolean(),
    timeout_ms: z.number().int(),
    max_retries: z.number().int(),
    continue_on_error: z.boolean(),
    rate_limit: z.object({ requests: z.number().int(), per_seconds: z.number().int() }).nullable().openapi({ description: 'What the remote API allows, held across every worker' }),
    version: z.number().int(),
    total_executions: z.number().int(),
    successful_executions: z.number().int(),
    failed_executions: z.number().int(),
    last_executed_at: timestamp.nullable(),
    created_by: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Connector');

export const TestRequestSchema = z
  .object({
    workspace_id: z.string().optional().openapi({ description: 'Ignored: the workspace is the X-Workspace-Id header' }),
    contact_id: z.string().optional().openapi({ description: 'Run with this stored contact' }),
    input_data: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({ description: '`contact` fills {{contact.*}} (over the stored contact, if any); every other key fills {{input.*}}' }),
    step: z.string().min(1).max(100).optional().openapi({ description: 'Send only this step (by id); the steps before it are not sent, and `earlier` stands in for what they gave' }),
    earlier: z.record(z.string(), z.unknown()).default({}).openapi({ description: 'With `step`: what each earlier step gave in the last test, by step id (its outputs, or its answer when it names none)' }),
  })
  .openapi('TestRequest', { example: { workspace_id: '15213', input_data: { contact: { phone_number: '+16266958105' } } } });

export type TestRequest = z.infer<typeof TestRequestSchema>;

export const DraftTestRequestSchema = TestRequestSchema.extend({
  definition: ConnectorDocumentSchema.openapi({ description: 'The definition to run, in either format, as it would be saved' }),
}).openapi('DraftTestRequest');

const StepTraceSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    status: z.enum(['success', 'failed', 'skipped']),
    request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.string().optional(), bodyTruncated: z.boolean().optional() }).optional().openapi({ description: 'As sent, secrets masked' }),
    response: z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.unknown(), bodyTruncated: z.boolean().optional() }).optional(),
    outputs: z.record(z.string(), z.unknown()),
    notes: z.array(z.string()).openapi({ description: 'What a user should know: outputs that found nothing, why a step was skipped, retries' }),
    attempts: z.number().int(),
    durationMs: z.number(),
    error: z.object({ code: z.enum(STEP_ERROR_CODES), message: z.string(), status: z.number().int().optional() }).optional(),
    noMatch: z.boolean().optional(),
    pages: z.array(z.object({ url: z.string(), status: z.number().int(), items: z.number().int() })).optional(),
  })
  .openapi('StepTrace');

const MappingTraceSchema = z
  .object({ target: z.string(), source: z.string(), written: z.boolean(), value: z.unknown().optional(), reason: z.string().optional() })
  .openapi('MappingTrace');

export const RunResultSchema = z
  .object({
    status: z.enum(['success', 'failed', 'timeout']),
    steps: z.array(StepTraceSchema),
    patch: z.record(z.string(), z.unknown()).openapi({ description: 'What the run would write onto the contact' }),
    mappings: z.array(MappingTraceSchema).openapi({ description: 'Each mapping: source, target, and the value written or why nothing was' }),
    error: z.object({ step: z.string().optional(), code: z.enum(STEP_ERROR_CODES), message: z.string() }).optional(),
    noMatch: z.string().optional().openapi({ description: 'Set when a step found nothing: which, and why (the run still succeeds)' }),
    duration_ms: z.number(),
  })
  .openapi('RunResult');



export const CredentialInput = z
  .strictObject({
    service_name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must start with a letter or _ and hold only letters, digits and _ (it is used as {{credentials.NAME.field}})'),
    credentials: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'field names hold only letters, digits and _'), z.string().min(1).max(10_000))
      .refine((fields) => Object.keys(fields).length > 0 && Object.keys(fields).length <= 20, 'give from 1 to 20 fields'),
  })
  .openapi('CredentialInput', { example: { service_name: 'hubspot', credentials: { token: 'pat-na1-...' } } });

export const CredentialSummarySchema = z
  .object({
    service_name: z.string(),
    fields: z.record(z.string(), z.string()).openapi({ description: 'Field → masked hint; values are never returned' }),
    key_id: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Credential');

export const TemplateSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string().openapi({ description: 'A stable name to install it by' }),
    name: z.string(),
    description: z.string().nullable(),
    icon: z.string().nullable(),
    category: z.string().nullable(),
    type: z.enum(['single-step', 'multi-step']),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'The connector\'s `config` as installed: the request, or `{ steps, finalMapping }`' }),
    input_schema: z.unknown().nullable(),
    field_mappings: z.array(z.unknown()),
    credentials: z.array(z.object({ service_name: z.string(), fields: z.array(z.string()), description: z.string() })),
    is_featured: z.boolean(),
    usage_count: z.number().int().openapi({ description: 'How many times it was installed' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Template');

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    workspace_id: z.string(),
    user_id: z.string().nullable(),
    action: z.string(),
    resource_type: z.string(),
    resource_id: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    created_at: timestamp,
  })
  .openapi('AuditEntry');

export const ExecutionSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    connector_id: z.string().nullable(),
    contact_id: z.string().nullable(),
    status: z.enum(EXECUTION_STATUSES),
    input_data: z.record(z.string(), z.unknown()),
    output_data: z.unknown().openapi({ description: 'The patch applied to the contact' }),
    steps: z.array(StepTraceSchema).openapi({ description: 'The trace: every step\'s request (secrets masked), response, outputs, error' }),
    raw_response: z.unknown(),
    error_message: z.string().nullable(),
    error_stack: z.string().nullable().openapi({ description: "How a failed run went, step by step, in the engine's words (never a stack trace)" }),
    execution_time_ms: z.number().int().nullable(),
    current_step: z.string().nullable().openapi({ description: 'The id of the step running now' }),
    steps_executed: z
      .array(z.object({ step_id: z.string(), step_name: z.string().nullable(), status: z.string(), duration_ms: z.number().int(), response: z.unknown(), output: z.record(z.string(), z.unknown()) }))
      .openapi({ description: "Each finished step's result (its answer with secrets masked, and its outputs)" }),
    trigger_run_id: z.string().nullable().openapi({ description: 'The Trigger.dev run, when Trigger.dev runs it' }),
    triggered_by: z.string().nullable(),
    idempotency_key: z.string().nullable(),
    flow_run_id: z.string().nullable().openapi({ description: 'The flow run whose action made this execution' }),
    action_index: z.number().int().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    created_at: timestamp,
    contact: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable().optional().openapi({ description: "In a connector's list of runs: who each was for (null when the contact is gone)" }),
  })
  .openapi('Execution');

export const FlowDocumentSchema = z.record(z.string(), z.unknown()).openapi('FlowDefinition', {
  description: 'An ordered list of actions run for one contact. A connector action: `{ "type": "connector", "connector_id", "inputs": { NAME: TEMPLATE }, "continue_on_error" }` (the original `{ "type": "connector", "configuration": { "connectorId" } }` too); a condition: `{ "type": "condition", "when": TEMPLATE }`, which skips the rest when false. Templates read the contact as the actions before left it.',
  example: {
    name: 'Complete lead enrichment',
    actions: [
      { type: 'connector', connector_id: '00000000-0000-4000-8000-000000000001', inputs: { phone: '{{ contact.phone_number }}' } },
      { type: 'condition', when: '{{ contact.email }}' },
      { type: 'connector', configuration: { connectorId: '00000000-0000-4000-8000-000000000002' }, continue_on_error: true },
    ],
  },
});

/** A flow's action as stored (the original spelling is read into it on the way in). */
const FlowActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('connector'), name: z.string().optional(), connector_id: z.string(), inputs: z.record(z.string(), z.unknown()), continue_on_error: z.boolean() }),
    z.object({ type: z.literal('condition'), name: z.string().optional(), when: z.string() }),
  ])
  .openapi('FlowAction');

const ActionResultSchema = z
  .object({
    index: z.number().int(),
    type: z.enum(['connector', 'condition']),
    name: z.string().optional(),
    status: z.enum(['success', 'failed', 'timeout', 'passed', 'stopped', 'skipped']).openapi({ description: 'Connector actions: how their execution ended. Conditions: `passed` or `stopped` (the rest skipped)' }),
    connector_id: z.string().optional(),
    execution_id: z.string().optional(),
    error: z.string().optional(),
  })
  .openapi('ActionResult');

export const FlowSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    actions: z.array(FlowActionSchema),
    enabled: z.boolean(),
    created_by: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Flow');

export const FlowRunSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    flow_id: z.string().nullable(),
    contact_id: z.string().nullable(),
    batch_id: z.string().nullable().openapi({ description: 'Shared by the runs one bulk request started' }),
    status: z.enum(FLOW_RUN_STATUSES),
    actions: z.array(FlowActionSchema).openapi({ description: 'The actions as they were when the run was made' }),
    current_action: z.number().int().nullable(),
    actions_done: z.number().int(),
    results: z.array(ActionResultSchema).openapi({ description: 'Each action\'s outcome, as it completes' }),
    error_message: z.string().nullable(),
    triggered_by: z.string().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    created_at: timestamp,
  })
  .openapi('FlowRun');

/** Server-sent events: the body of a `.../events` answer. */
export function eventStream(description: string): RouteConfig['responses'] {
  return { 200: { description, content: { 'text/event-stream': { schema: z.string() } } } };
}

/** Standard error answers for a route, so each documents them once. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

export function errors(...statuses: ErrorStatus[]) {
  const descriptions = { 400: 'Invalid input: `details` names each field', 401: 'Missing, expired or invalid token', 403: 'Your role does not allow this', 404: 'Not found (or not in your workspace)', 409: 'Conflicts with an existing resource', 413: 'Body too large', 429: 'Rate limited: see Retry-After' };
  return Object.fromEntries(statuses.map((status) => [status, { description: descriptions[status], content: { 'application/json': { schema: ErrorSchema } } }]));
}

// The documented shapes are the engine's and the flow runner's: a field added to one without the other fails typecheck.
type Flat<T> = { [K in keyof T]: T[K] };
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const traceIsTheEngines: Same<z.infer<typeof StepTraceSchema>, StepTrace> = true;
const runIsTheEngines: Same<z.infer<typeof RunResultSchema>, Flat<Omit<RunResult, 'durationMs'> & { duration_ms: number }>> = true;
const actionIsTheRunners: Same<z.infer<typeof FlowActionSchema>, FlowAction> = true;
const resultIsTheRunners: Same<z.infer<typeof ActionResultSchema>, ActionResult> = true;
void [traceIsTheEngines, runIsTheEngines, actionIsTheRunners, resultIsTheRunners];
