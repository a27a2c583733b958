import { resolveContactTarget } from './contact-fields.ts';
import type { Definition } from './definition/schema.ts';
import { evaluate, extract, type Scope } from './template.ts';

/** What one mapping did: the value it wrote, or why it wrote nothing. */
export interface MappingTrace {
  target: string;
  source: string;
  written: boolean;
  value?: unknown;
  reason?: string;
}

export type ContactPatch = Record<string, unknown>;

/**
 * The contact patch a finished run gives: `field_mappings` read paths from a step's response,
 * `finalMapping` renders templates over every step's outputs. Aliases land on their standard
 * field, `metadata.a.b` on nested keys; a source that finds nothing writes nothing.
 */
export function buildPatch(definition: Definition, responses: ReadonlyMap<string, unknown>, scope: Scope): { patch: ContactPatch; mappings: MappingTrace[] } {
  const patch: ContactPatch = {};
  const mappings: MappingTrace[] = [];
  const lastStep = definition.steps.at(-1)?.id ?? '';

  const write = (target: string, source: string, read: () => unknown) => {
    const resolved = resolveContactTarget(target);
    if ('error' in resolved) {
      mappings.push({ target, source, written: false, reason: resolved.error });
      return;
    }
    let value: unknown;
    try {
      value = read();
    } catch (error) {
      mappings.push({ target, source, written: false, reason: (error as Error).message });
      return;
    }
    if (value === undefined || value === null || value === '') {
      mappings.push({ target, source, written: false, reason: `${source} found nothing` });
      return;
    }
    setPath(patch, resolved.path, value);
    mappings.push({ target, source, written: true, value });
  };

  for (const { sourcePath, targetField, step } of definition.fieldMappings) {
    const stepId = step ?? lastStep;
    write(targetField, sourcePath, () => (responses.has(stepId) ? extract(sourcePath, responses.get(stepId)) : undefined));
  }
  for (const [target, template] of Object.entries(definition.finalMapping)) {
    write(target, template, () => evaluate(template, scope));
  }
  return { patch, mappings };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[path.at(-1) as string] = value;
}
