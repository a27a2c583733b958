import { LIMITS, parseDefinition, type Definition, type Issue } from '../engine/index.ts';
import type { connectors } from './schema.ts';

type ConnectorRow = typeof connectors.$inferSelect;
export type ConnectorColumns = Omit<typeof connectors.$inferInsert, 'workspace_id' | 'id'>;

/**
 * A connector as people write it: either format of the original design, verbatim, plus the
 * fields the engine does not read (`icon`, `category`, `timeout_ms`, `max_retries`).
 */
export type ConnectorDocument = Record<string, unknown>;

/** Checks a document and splits it into the table's columns, or says what is wrong, by path. */
export function columnsFromDocument(document: ConnectorDocument): { ok: true; columns: ConnectorColumns; definition: Definition } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const text = (key: string, max: number) => {
    const value = document[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value.length > max) issues.push({ path: key, message: `must be a string of at most ${max} characters` });
    return typeof value === 'string' ? value : null;
  };
  const whole = (key: string, fallback: number, max: number) => {
    const value = document[key];
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) issues.push({ path: key, message: `must be a whole number from 0 to ${max}` });
    return typeof value === 'number' ? value : fallback;
  };
  const icon = text('icon', 500);
  const category = text('category', 100);
  const timeoutMs = whole('timeout_ms', LIMITS.defaultStepTimeoutMs, LIMITS.maxStepTimeoutMs);
  const maxRetries = whole('max_retries', 0, LIMITS.maxRetries);
  const parsed = parseDefinition(withStepDefaults(document, timeoutMs, maxRetries));
  if (!parsed.ok) issues.push(...parsed.issues);
  if (!parsed.ok || issues.length > 0) return { ok: false, issues };
  const { definition } = parsed;
  const steps = Array.isArray(document.steps) ? document.steps : undefined;
  return {
    ok: true,
    definition,
    columns: {
      name: definition.name,
      description: definition.description ?? null,
      icon,
      category,
      type: definition.type,
      config: steps ? { steps, finalMapping: document.finalMapping ?? document.final_mapping ?? {} } : (document.config as Record<string, unknown>),
      input_schema: document.input_schema ?? document.inputSchema ?? null,
      field_mappings: (document.field_mappings ?? document.fieldMappings ?? []) as unknown[],
      enabled: definition.enabled,
      timeout_ms: timeoutMs,
      max_retries: maxRetries,
      continue_on_error: definition.continueOnError,
    },
  };
}

/** The document a row was made from, in the format it was written in. */
export function documentFromRow(row: ConnectorRow): ConnectorDocument {
  const multi = Array.isArray(row.config.steps);
  return {
    name: row.name,
    description: row.description,
    icon: row.icon,
    category: row.category,
    type: row.type,
    enabled: row.enabled,
    ...(multi ? row.config : { config: row.config }),
    field_mappings: row.field_mappings,
    ...(row.input_schema === null ? {} : { input_schema: row.input_schema }),
    timeout_ms: row.timeout_ms,
    max_retries: row.max_retries,
    continue_on_error: row.continue_on_error,
  };
}

/** The normalised definition a stored connector runs as. */
export function definitionFromRow(row: ConnectorRow): Definition {
  const parsed = parseDefinition(withStepDefaults(documentFromRow(row), row.timeout_ms, row.max_retries));
  // Rows are checked on the way in; a failure here means the engine's rules changed since.
  if (!parsed.ok) throw new Error(`stored connector "${row.name}" no longer reads: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  return parsed.definition;
}

/** Gives steps that set no timeout or retries of their own the connector's defaults. */
function withStepDefaults(document: ConnectorDocument, timeoutMs: number, maxRetries: number): ConnectorDocument {
  const fill = (step: unknown) => {
    if (typeof step !== 'object' || step === null || Array.isArray(step)) return step;
    const given = step as Record<string, unknown>;
    return {
      ...given,
      ...(given.timeout === undefined && given.timeoutMs === undefined ? { timeout: timeoutMs } : {}),
      ...(given.retries === undefined ? { retries: maxRetries } : {}),
    };
  };
  if (Array.isArray(document.steps)) return { ...document, steps: document.steps.map(fill) };
  if (document.config !== undefined) return { ...document, config: fill(document.config) };
  return document;
}
