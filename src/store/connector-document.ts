import { BoundedCache, LIMITS, parseDefinition, type Definition, type Issue } from '../engine/index.ts';
import { MAX_REMOTE_WINDOW_MS } from './rate-limits.ts';
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
  const icon = text('icon', MAX_IMAGE_ICON);
  const iconIssue = icon === null ? undefined : iconProblem(icon);
  if (iconIssue) issues.push({ path: 'icon', message: iconIssue });
  const category = text('category', 100);
  const timeoutMs = whole('timeout_ms', LIMITS.defaultStepTimeoutMs, LIMITS.maxStepTimeoutMs);
  const maxRetries = whole('max_retries', 0, LIMITS.maxRetries);
  const rateLimit = readRateLimit(document.rate_limit, issues);
  const parsed = parseDefinition(withStepDefaults(document, timeoutMs, maxRetries));
  if (!parsed.ok) issues.push(...parsed.issues);
  else if (rateLimit && rateLimit.requests < parsed.definition.steps.length) {
    issues.push({ path: 'rate_limit.requests', message: `must allow at least one run: the connector sends up to ${parsed.definition.steps.length} requests per run` });
  }
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
      rate_limit: rateLimit,
    },
  };
}

/** The largest icon given as an image (a `data:` URL), in characters. */
const MAX_IMAGE_ICON = 65_536;
const IMAGE_ICON = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$/;

/** An icon is a short name or an emoji, or an image inline; never an address every viewer's browser would fetch. */
function iconProblem(icon: string): string | undefined {
  if (IMAGE_ICON.test(icon) || (icon.length <= 64 && !/[:/\\]/.test(icon))) return undefined;
  return 'must be a short name or an emoji (at most 64 characters), or an image as a data:image/...;base64 URL: a link would make every viewer\'s browser fetch it';
}

/** `rate_limit: { requests, per_seconds }`: what the remote API allows, held across every worker. */
function readRateLimit(value: unknown, issues: Issue[]): { requests: number; per_seconds: number } | null {
  if (value === undefined || value === null) return null;
  const limit = value as Record<string, unknown>;
  const count = (key: string, max: number) => {
    if (Number.isInteger(limit[key]) && (limit[key] as number) >= 1 && (limit[key] as number) <= max) return true;
    issues.push({ path: `rate_limit.${key}`, message: `must be a whole number from 1 to ${max}` });
    return false;
  };
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path: 'rate_limit', message: 'must be { "requests": N, "per_seconds": S }' });
    return null;
  }
  const unknown = Object.keys(limit).filter((key) => key !== 'requests' && key !== 'per_seconds');
  for (const key of unknown) issues.push({ path: `rate_limit.${key}`, message: 'is not a known field' });
  const valid = [count('requests', 1_000_000), count('per_seconds', MAX_REMOTE_WINDOW_MS / 1000)].every(Boolean);
  return valid && unknown.length === 0 ? { requests: limit.requests as number, per_seconds: limit.per_seconds as number } : null;
}

/** The columns a document is read back from; the settings a template leaves out take their defaults. */
type DocumentColumns = Pick<ConnectorRow, 'name' | 'description' | 'icon' | 'category' | 'type' | 'config' | 'field_mappings' | 'input_schema'> &
  Partial<Pick<ConnectorRow, 'enabled' | 'timeout_ms' | 'max_retries' | 'continue_on_error' | 'rate_limit'>>;

/** The document a row (a connector's or a template's) was made from, in the format it was written in. */
export function documentFromRow(row: DocumentColumns): ConnectorDocument {
  const multi = Array.isArray(row.config.steps);
  const settings = { enabled: row.enabled, timeout_ms: row.timeout_ms, max_retries: row.max_retries, continue_on_error: row.continue_on_error };
  return {
    name: row.name,
    description: row.description,
    icon: row.icon,
    category: row.category,
    type: row.type,
    ...(multi ? row.config : { config: row.config }),
    field_mappings: row.field_mappings,
    ...(row.input_schema === null ? {} : { input_schema: row.input_schema }),
    ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
    ...(row.rate_limit === null || row.rate_limit === undefined ? {} : { rate_limit: row.rate_limit }),
  };
}

// Parsing a definition costs about as much CPU as running it; every change of a stored connector
// goes through an update that bumps its version, so a version is parsed once per process.
const definitions = new BoundedCache<string, Definition>(1_000);

/** A stored connector the engine's rules, stricter since it was saved, no longer accept. */
export class StoredDefinitionError extends Error {
  readonly issues: Issue[];
  constructor(name: string, issues: Issue[]) {
    super(`connector "${name}" no longer passes the checks it must pass to run; edit it and save it again: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'StoredDefinitionError';
    this.issues = issues;
  }
}

/** The normalised definition a stored connector runs as; a StoredDefinitionError when it no longer reads. */
export function definitionFromRow(row: ConnectorRow): Definition {
  return definitions.get(`${row.id}:${row.version}`, () => {
    const parsed = parseDefinition(withStepDefaults(documentFromRow(row), row.timeout_ms, row.max_retries));
    // Rows are checked on the way in; a failure here means the engine's rules changed since.
    if (!parsed.ok) throw new StoredDefinitionError(row.name, parsed.issues);
    return parsed.definition;
  });
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
