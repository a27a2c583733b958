import { resolveContactTarget } from './contact-fields.ts';
import type { Definition } from './definition/schema.ts';
import { evaluateShown, extractShown, type AnswerMeta, type Scope, type SecretWatch } from './template/index.ts';

/** What one mapping did: the value it wrote, or why it wrote nothing. */
export interface MappingTrace {
  target: string;
  source: string;
  written: boolean;
  value?: unknown;
  reason?: string;
}

export type ContactPatch = Record<string, unknown>;

const SECRET_REASON = 'the value is, or holds, a secret (a credential or a token); it is not written to the contact';

/**
 * The contact patch a finished run gives: `field_mappings` read paths from a step's response,
 * `finalMapping` renders templates over every step's outputs. Aliases land on their standard
 * field, `metadata.a.b` on nested keys; a source that finds nothing writes nothing, and a value
 * made from a secret, or holding one, is never written.
 */
export function buildPatch(definition: Definition, responses: ReadonlyMap<string, { body: unknown; meta: AnswerMeta }>, scope: Scope, inAnswers?: SecretWatch): { patch: ContactPatch; mappings: MappingTrace[] } {
  const patch: ContactPatch = {};
  const mappings: MappingTrace[] = [];
  const lastStep = definition.steps.at(-1)?.id ?? '';

  const write = (target: string, source: string, read: () => { value: unknown; secret: boolean }, overwrite = true) => {
    const resolved = resolveContactTarget(target);
    if ('error' in resolved) {
      mappings.push({ target, source, written: false, reason: resolved.error });
      return;
    }
    if (!overwrite && !isEmpty(valueAt(scope.data.contact, resolved.path))) {
      mappings.push({ target, source, written: false, reason: `the contact's ${resolved.path.join('.')} is set already; this mapping only fills it when empty` });
      return;
    }
    let found: { value: unknown; secret: boolean };
    try {
      found = read();
    } catch (error) {
      mappings.push({ target, source, written: false, reason: (error as Error).message });
      return;
    }
    const { value } = found;
    if (isEmpty(value)) {
      mappings.push({ target, source, written: false, reason: `${source} found nothing` });
      return;
    }
    if (found.secret || scope.holdsSecret(value)) {
      mappings.push({ target, source, written: false, reason: SECRET_REASON });
      return;
    }
    setPath(patch, resolved.path, value);
    mappings.push({ target, source, written: true, value });
  };

  for (const { sourcePath, targetField, step, overwrite } of definition.fieldMappings) {
    const stepId = step ?? lastStep;
    const answer = responses.get(stepId);
    write(targetField, sourcePath, () => (answer ? extractShown(sourcePath, answer.body, { budget: scope.budget, secrets: inAnswers, answer: answer.meta }) : { value: undefined, secret: false }), overwrite);
  }
  for (const [target, template] of Object.entries(definition.finalMapping)) {
    write(target, template, () => evaluateShown(template, scope));
  }
  return { patch, mappings };
}

/**
 * The contact fields a definition only fills when empty (`overwrite: false`), and no other
 * mapping writes: the run decides against the contact it read, and whoever writes the patch
 * checks again against the contact as it is then (another run may have filled it meanwhile).
 */
export function fillOnlyPaths(definition: Definition): string[][] {
  let paths = fillOnlyOf.get(definition);
  if (!paths) fillOnlyOf.set(definition, (paths = findFillOnly(definition)));
  return paths;
}
const fillOnlyOf = new WeakMap<Definition, string[][]>();

function findFillOnly(definition: Definition): string[][] {
  const pathOf = (target: string) => {
    const resolved = resolveContactTarget(target);
    return 'error' in resolved ? undefined : resolved.path;
  };
  const always = new Set<string>();
  for (const { targetField, overwrite } of definition.fieldMappings) if (overwrite !== false) always.add(pathOf(targetField)?.join('.') ?? '');
  for (const target of Object.keys(definition.finalMapping)) always.add(pathOf(target)?.join('.') ?? '');
  const only = new Map<string, string[]>();
  for (const { targetField, overwrite } of definition.fieldMappings) {
    const path = overwrite === false ? pathOf(targetField) : undefined;
    if (path && !always.has(path.join('.'))) only.set(path.join('.'), path);
  }
  return [...only.values()];
}

/** The patch without the fill-only paths the contact holds a value at by now. */
export function withoutFilled(patch: ContactPatch, fillOnly: string[][], contact: unknown): Record<string, unknown> {
  let kept = patch;
  for (const path of fillOnly) {
    if (isEmpty(valueAt(contact, path)) || valueAt(patch, path) === undefined) continue;
    kept = removedAt(kept, path);
  }
  return kept;
}

/** A copy of `value` without the key at `path` (and without objects left empty by it). */
function removedAt(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [key, ...rest] = path;
  const out = { ...value };
  if (rest.length === 0 || typeof out[key!] !== 'object' || out[key!] === null) delete out[key!];
  else {
    const inner = removedAt(out[key!] as Record<string, unknown>, rest);
    if (Object.keys(inner).length === 0) delete out[key!];
    else out[key!] = inner;
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The contact's value at a resolved target path (`metadata.company.name`). */
function valueAt(contact: unknown, path: string[]): unknown {
  let node = contact;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[path.at(-1) as string] = value;
}
