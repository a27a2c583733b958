import { fromZod, type Issue } from './issues.ts';
import { checkDefinition } from './checks.ts';
import { isSingleStep, MultiStepInput, SingleStepInput } from './formats.ts';
import { Locator } from './locator.ts';
import type { Definition } from './schema.ts';

export type ParsedDefinition = { ok: true; definition: Definition } | { ok: false; issues: Issue[] };

/**
 * Reads a connector definition in any accepted format (the original single-step and multi-step
 * documents verbatim, or the normalised form) and returns it normalised, or every problem with
 * the path where the author wrote it.
 */
export function parseDefinition(raw: unknown): ParsedDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: '', message: 'a connector definition is a JSON object' }] };
  }
  if (!('config' in raw) && !('steps' in raw)) {
    return { ok: false, issues: [{ path: 'steps', message: 'is required (or config, for a single request)' }] };
  }
  const parsed = (isSingleStep(raw) ? SingleStepInput : MultiStepInput).safeParse(raw);
  if (!parsed.success) return { ok: false, issues: fromZod(parsed.error) };
  const issues = checkDefinition(parsed.data, new Locator(raw));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, definition: parsed.data };
}

/** The formats a definition is read from, as schemas (for the API's documentation): the same ones parseDefinition reads with. */
export const DOCUMENT_FORMATS = { SingleStepDocument: SingleStepInput, MultiStepDocument: MultiStepInput };

export { DefinitionSchema, LIMITS } from './schema.ts';
export type { Auth, Definition, FieldMapping, InputField, Step } from './schema.ts';
export { formatPath, fromZod, type Issue } from './issues.ts';
