import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { StepTrace } from '../engine/index.ts';
import { jsonb } from './columns.ts';

/*
 * The tables. Every row that belongs to a workspace carries `workspace_id`, and every query of
 * the repositories filters on it. Migrations are generated from this file (`npm run db:generate`).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/** Whoever held a valid token; recorded on their first call. `id` is the token's `sub`. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email'),
  created_at: createdAt(),
  last_seen_at: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  created_by: text('created_by').notNull(),
  created_at: createdAt(),
  updated_at: updatedAt(),
});

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const workspaceMembers = pgTable(
  'workspace_members',
  {
    workspace_id: workspaceId(),
    user_id: text('user_id').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    created_at: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspace_id, table.user_id] }), index('workspace_members_user_idx').on(table.user_id)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    email: text('email'),
    phone_number: text('phone_number'),
    firstname: text('firstname'),
    lastname: text('lastname'),
    st_address: text('st_address'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    company: text('company'),
    custom_fields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    created_by: text('created_by'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (table) => [index('contacts_workspace_idx').on(table.workspace_id, table.created_at)],
);

/** A connector as written (what documentFromRow reads back): a connector's columns, and a template's that installs one. */
const connectorDocumentColumns = () => ({
  name: text('name').notNull(),
  description: text('description'),
  icon: text('icon'),
  category: text('category'),
  type: text('type', { enum: ['single-step', 'multi-step'] }).notNull(),
  /** Single-step: the request as the author wrote it. Multi-step: `{ steps, finalMapping }`. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  input_schema: jsonb('input_schema').$type<unknown>(),
  field_mappings: jsonb('field_mappings').$type<unknown[]>().notNull().default([]),
});

export const connectors = pgTable(
  'connectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    ...connectorDocumentColumns(),
    enabled: boolean('enabled').notNull().default(true),
    /** Defaults for steps that set no timeout or retries of their own. */
    timeout_ms: integer('timeout_ms').notNull().default(30_000),
    max_retries: integer('max_retries').notNull().default(0),
    continue_on_error: boolean('continue_on_error').notNull().default(false),
    /** What the remote API allows, held across every worker: `{ requests, per_seconds }`. */
    rate_limit: jsonb('rate_limit').$type<{ requests: number; per_seconds: number }>(),
    version: integer('version').notNull().default(1),
    total_executions: integer('total_executions').notNull().default(0),
    successful_executions: integer('successful_executions').notNull().default(0),
    failed_executions: integer('failed_executions').notNull().default(0),
    last_executed_at: timestamp('last_executed_at', { withTimezone: true }),
    created_by: text('created_by'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (table) => [
    uniqueIndex('connectors_workspace_name_unique').on(table.workspace_id, table.name),
    index('idx_connectors_workspace').on(table.workspace_id),
    index('idx_connectors_category').on(table.category),
    index('idx_connectors_enabled').on(table.enabled),
  ],
);

/** Each update keeps the definition it replaced. */
export const connectorVersions = pgTable(
  'connector_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    connector_id: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The connector document as it was (the same shape the API returns and accepts). */
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    created_by: text('created_by'),
    created_at: createdAt(),
  },
  (table) => [uniqueIndex('connector_versions_connector_version_key').on(table.connector_id, table.version)],
);

export const EXECUTION_STATUSES = ['pending', 'running', 'success', 'failed', 'timeout', 'cancelled'] as const;

export const connectorExecutions = pgTable(
  'connector_executions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    connector_id: uuid('connector_id').references(() => connectors.id, { onDelete: 'set null' }),
    contact_id: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull().default('pending'),
    input_data: jsonb('input_data').$type<Record<string, unknown>>().notNull().default({}),
    output_data: jsonb('output_data').$type<Record<string, unknown>>(),
    /** The engine's trace: every step's request (secrets masked), response, outputs and error. */
    steps: jsonb('steps').$type<StepTrace[]>().notNull().default([]),
    raw_response: jsonb('raw_response').$type<unknown>(),
    error_message: text('error_message'),
    /** Why a run failed, step by step, in the engine's words: never a stack trace. */
    error_stack: text('error_stack'),
    execution_time_ms: integer('execution_time_ms'),
    /** The id of the step running now; null when none is. */
    current_step: text('current_step'),
    /** Each finished step's result, as the original design records it. */
    steps_executed: jsonb('steps_executed').$type<StepResult[]>().notNull().default([]),
    /** The Trigger.dev run that runs it, when Trigger.dev does. */
    trigger_run_id: text('trigger_run_id'),
    triggered_by: text('triggered_by'),
    idempotency_key: text('idempotency_key'),
    /** The queue job that runs it: written in the same transaction as the job, so a run is never left without one. */
    job_id: uuid('job_id'),
    /** Set when a flow run made this execution: the action it ran (one execution per action). */
    flow_run_id: uuid('flow_run_id').references(() => flowRuns.id, { onDelete: 'cascade' }),
    action_index: integer('action_index'),
    started_at: timestamp('started_at', { withTimezone: true }),
    completed_at: timestamp('completed_at', { withTimezone: true }),
    created_at: createdAt(),
  },
  (table) => [
    index('connector_executions_connector_idx').on(table.workspace_id, table.connector_id, table.created_at),
    index('connector_executions_contact_idx').on(table.workspace_id, table.contact_id, table.created_at),
    uniqueIndex('connector_executions_idempotency_key').on(table.workspace_id, table.idempotency_key),
    uniqueIndex('connector_executions_flow_action_key').on(table.flow_run_id, table.action_index),
    index('idx_connector_executions_connector').on(table.connector_id),
    index('idx_connector_executions_workspace').on(table.workspace_id),
    index('idx_connector_executions_contact').on(table.contact_id),
    index('idx_connector_executions_status').on(table.status),
    index('idx_connector_executions_created').on(table.created_at.desc()),
  ],
);

/** A step's result in `connector_executions.steps_executed`: what the original design's readers expect. */
export interface StepResult {
  step_id: string;
  step_name: string | null;
  status: string;
  duration_ms: number;
  /** The step's answer (secrets masked, as in the trace). */
  response: unknown;
  output: Record<string, unknown>;
}

/** A flow's action as stored (jobs/flow-definition.ts reads every accepted spelling into it). */
export interface ConnectorAction {
  type: 'connector';
  name?: string;
  connector_id: string;
  inputs: Record<string, unknown>;
  continue_on_error: boolean;
}
export interface ConditionAction {
  type: 'condition';
  name?: string;
  when: string;
}
export type FlowAction = ConnectorAction | ConditionAction;

/** What a flow run records of each action it ran. */
export interface ActionResult {
  index: number;
  type: FlowAction['type'];
  name?: string;
  /** Connector actions: how their execution ended. Conditions: `passed` or `stopped` (the rest skipped). */
  status: 'success' | 'failed' | 'timeout' | 'passed' | 'stopped' | 'skipped';
  connector_id?: string;
  execution_id?: string;
  error?: string;
}

/** An ordered list of actions run for one contact at a time ("send flow to contact"). */
export const flows = pgTable(
  'flows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    name: text('name').notNull(),
    description: text('description'),
    actions: jsonb('actions').$type<FlowAction[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    created_by: text('created_by'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (table) => [uniqueIndex('flows_workspace_name_key').on(table.workspace_id, table.name)],
);

export const FLOW_RUN_STATUSES = ['pending', 'running', 'success', 'failed'] as const;

/** One flow run for one contact; `results` holds each action's outcome as it completes. */
export const flowRuns = pgTable(
  'flow_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    flow_id: uuid('flow_id').references(() => flows.id, { onDelete: 'set null' }),
    contact_id: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** Runs started together by one bulk request share it. */
    batch_id: uuid('batch_id'),
    /** The queue job that runs it, written in the same transaction as the job. */
    job_id: uuid('job_id'),
    /** The Trigger.dev run that runs it, when Trigger.dev does. */
    trigger_run_id: text('trigger_run_id'),
    status: text('status', { enum: FLOW_RUN_STATUSES }).notNull().default('pending'),
    /** The actions as they were when the run was made: editing the flow does not change a run. */
    actions: jsonb('actions').$type<FlowAction[]>().notNull(),
    current_action: integer('current_action'),
    actions_done: integer('actions_done').notNull().default(0),
    results: jsonb('results').$type<ActionResult[]>().notNull().default([]),
    error_message: text('error_message'),
    triggered_by: text('triggered_by'),
    started_at: timestamp('started_at', { withTimezone: true }),
    completed_at: timestamp('completed_at', { withTimezone: true }),
    created_at: createdAt(),
  },
  (table) => [
    index('flow_runs_flow_idx').on(table.workspace_id, table.flow_id, table.created_at),
    index('flow_runs_batch_idx').on(table.batch_id),
    index('flow_runs_created_idx').on(table.created_at),
  ],
);

/** Ready-made connectors anyone can install into a workspace; shipped in `templates/`, refreshed at start-up. */
export const connectorTemplates = pgTable(
  'connector_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The stable name a template is shipped and installed by (`phone-enrichment`). */
    slug: text('slug').notNull(),
    ...connectorDocumentColumns(),
    /** The credentials the connector reads: `{ service_name, fields, description }`. */
    credentials: jsonb('credentials').$type<TemplateCredential[]>().notNull().default([]),
    is_featured: boolean('is_featured').notNull().default(false),
    /** Installs, counted as they happen. */
    usage_count: integer('usage_count').notNull().default(0),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (table) => [uniqueIndex('connector_templates_slug_key').on(table.slug), uniqueIndex('connector_templates_name_unique').on(table.name)],
);

export interface TemplateCredential {
  service_name: string;
  fields: string[];
  description: string;
}

/** API credentials of a workspace, encrypted (AES-256-GCM); only hints are ever read back. */
export const workspaceCredentials = pgTable(
  'workspace_api_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspace_id: workspaceId(),
    service_name: text('service_name').notNull(),
    /**
     * Field → base64(iv ‖ tag ‖ ciphertext) of its value, each bound to its row and field. A row
     * sealed before fields were sealed one by one holds one such text of the whole JSON object.
     */
    credentials: jsonb('credentials').$type<SealedCredentials>().notNull(),
    key_id: text('key_id').notNull(),
    /** Field → a masked hint (`••••1f2e`), for lists. */
    hints: jsonb('hints').$type<Record<string, string>>().notNull(),
    /** While set and ahead, one run is renewing this OAuth connection's tokens and the others wait for it. */
    renewing_until: timestamp('renewing_until', { withTimezone: true }),
    /** When a run last opened it, to the minute. */
    last_used_at: timestamp('last_used_at', { withTimezone: true }),
    created_by: text('created_by'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (table) => [uniqueIndex('workspace_api_credentials_unique').on(table.workspace_id, table.service_name), index('idx_workspace_api_credentials_workspace').on(table.workspace_id)],
);

export type SealedCredentials = Record<string, string> | string;

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspace_id: workspaceId(),
    user_id: text('user_id'),
    action: text('action').notNull(),
    resource_type: text('resource_type').notNull(),
    resource_id: text('resource_id'),
    /** What changed, never a secret value. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    created_at: createdAt(),
  },
  (table) => [index('audit_log_workspace_idx').on(table.workspace_id, table.id), index('audit_log_resource_idx').on(table.workspace_id, table.resource_type, table.resource_id)],
);

/** Fixed one-minute windows of calls per workspace; a row per window, shared by every process. */
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    workspace_id: uuid('workspace_id').notNull(),
    window_start: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
    /** Runs queued in the window (one per execute or flow run, one per contact of a bulk run). */
    runs: integer('runs').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.workspace_id, table.window_start] })],
);

/** Fixed windows of requests a connector sent, for the rate limit it declares for its remote API. */
export const connectorRateWindows = pgTable(
  'connector_rate_windows',
  {
    connector_id: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    window_start: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.connector_id, table.window_start] })],
);
