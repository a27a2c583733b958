import { isReservedKey, resolveContactTarget } from '../contact-fields.ts';
import { jsonBodyProblem } from '../json-depth.ts';
import { compileExtraction, references, TemplateError } from '../template/index.ts';
import type { Issue } from './issues.ts';
import { Locator } from './locator.ts';
import type { Definition, Step } from './schema.ts';

/** Variables every template may read besides step outputs. */
const SCOPE_ROOTS = ['contact', 'input', 'workspace', 'credentials'] as const;
/** Keys of `workspace` that are not credentials. */
const WORKSPACE_FIELDS = new Set<unknown>(['id', 'name']);
/** An HTTP header name (RFC 9110 5.1). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks a definition can make before anything runs: templates parse and name only what exists
 * by then (declared inputs, earlier steps and their outputs), targets are contact fields, step
 * ids are unique.
 */
export function checkDefinition(definition: Definition, at: Locator): Issue[] {
  const issues: Issue[] = [];
  const { steps } = definition;
  const firstIndex = new Map<string, number>();
  steps.forEach((step, index) => {
    const earlier = firstIndex.get(step.id);
    if (earlier === undefined) firstIndex.set(step.id, index);
    else issues.push({ path: at.step(index, 'id'), message: `duplicate step id "${step.id}" (also ${at.step(earlier)})` });
  });
  if (definition.type === 'single-step' && steps.length > 1) {
    issues.push({ path: at.top('type'), message: `is single-step but the definition has ${steps.length} steps` });
  }

  const declaredInputs = new Set(definition.inputSchema.map((field) => field.name));
  /** A template's references, or undefined (and the issue noted) when it does not parse. */
  const parsed = (source: string, path: string) => {
    try {
      return references(source);
    } catch (error) {
      issues.push({ path, message: error instanceof TemplateError ? error.message : String(error) });
      return undefined;
    }
  };
  const checkTemplate = (source: string, path: string, visibleSteps: number, writesContact = false) => {
    for (const ref of parsed(source, path) ?? []) {
      const problem = checkReference(ref.segments, steps, visibleSteps, declaredInputs) ?? (writesContact ? secretRead(ref.segments, steps) : undefined);
      if (problem) issues.push({ path, message: `{{ ${ref.text} }}: ${problem}` });
    }
  };

  // Templates over a step's answer (its fields, _status, _headers, _body), not over the run: only their syntax is checked.
  const checkSyntax = (source: string | undefined, path: string) => {
    if (source !== undefined) parsed(source, path);
  };

  steps.forEach((step, index) => {
    for (const [path, source] of stepTemplates(step, at, index)) checkTemplate(source, path, index);
    if (!/^(\{\{|\{%|https?:\/\/)/i.test(step.url)) {
      issues.push({ path: at.step(index, 'url'), message: 'must start with http:// or https://' });
    }
    const bodyProblem = step.bodyType === 'json' && typeof step.body === 'string' ? jsonBodyProblem(step.body) : undefined;
    if (bodyProblem) issues.push({ path: at.step(index, 'body'), message: bodyProblem });
    for (const name of Object.keys(step.headers)) {
      if (!HEADER_NAME.test(name)) issues.push({ path: at.step(index, 'headers', name), message: `"${name}" is not a valid header name` });
    }
    if (step.auth.type === 'api_key' && step.auth.in === 'header' && !HEADER_NAME.test(step.auth.name)) {
      issues.push({ path: at.step(index, 'auth', 'name'), message: `"${step.auth.name}" is not a valid header name` });
    }
    for (const [name, path] of Object.entries(step.outputs)) {
      const problem = checkPath(path);
      if (problem) issues.push({ path: at.step(index, 'outputs', name), message: problem });
    }
    checkSyntax(step.noMatch?.when, at.step(index, 'noMatch', 'when'));
    checkSyntax(step.failWhen, at.step(index, 'failWhen'));
    if (step.paginate) {
      const { items, nextUrl, nextQuery, nextBody, hasMore } = step.paginate;
      const problem = checkPath(items);
      if (problem) issues.push({ path: at.step(index, 'paginate', 'items'), message: problem });
      if ([nextUrl, nextQuery, nextBody].filter((way) => way !== undefined).length !== 1) {
        issues.push({ path: at.step(index, 'paginate'), message: 'needs one of nextUrl (the next page\'s URL, from the answer), nextQuery (query parameters for the next page) or nextBody (JSON body fields for the next page)' });
      }
      if (nextBody !== undefined && (step.bodyType ?? 'json') !== 'json') {
        issues.push({ path: at.step(index, 'paginate', 'nextBody'), message: 'sets fields of a JSON body; this step sends a ' + step.bodyType + ' body' });
      }
      checkSyntax(nextUrl, at.step(index, 'paginate', 'nextUrl'));
      checkSyntax(hasMore, at.step(index, 'paginate', 'hasMore'));
      for (const [name, source] of Object.entries(nextQuery ?? {})) checkSyntax(source, at.step(index, 'paginate', 'nextQuery', name));
      for (const [name, source] of Object.entries(nextBody ?? {})) {
        if (name.split('.').some((key) => key === '' || isReservedKey(key))) issues.push({ path: at.step(index, 'paginate', 'nextBody', name), message: 'must be a dotted path of field names (variables.after)' });
        checkSyntax(source, at.step(index, 'paginate', 'nextBody', name));
      }
    }
    if (step.errorPath !== undefined) {
      const problem = checkPath(step.errorPath);
      if (problem) issues.push({ path: at.step(index, 'errorPath'), message: problem });
    }
    for (const name of step.secretOutputs ?? []) {
      if (!Object.hasOwn(step.outputs, name)) issues.push({ path: at.step(index, 'outputs', name), message: `is marked secret but the step has no output "${name}"` });
    }
  });

  definition.fieldMappings.forEach((mapping, index) => {
    const target = resolveContactTarget(mapping.targetField);
    if ('error' in target) issues.push({ path: at.top('fieldMappings', index, 'targetField'), message: target.error });
    const problem = checkPath(mapping.sourcePath);
    if (problem) issues.push({ path: at.top('fieldMappings', index, 'sourcePath'), message: problem });
    if (mapping.step !== undefined && !firstIndex.has(mapping.step)) {
      issues.push({ path: at.top('fieldMappings', index, 'step'), message: `no step has id "${mapping.step}"` });
    }
  });
  for (const [target, source] of Object.entries(definition.finalMapping)) {
    const resolved = resolveContactTarget(target);
    if ('error' in resolved) issues.push({ path: at.top('finalMapping', target), message: resolved.error });
    checkTemplate(source, at.top('finalMapping', target), steps.length, true);
  }

  const inputNames = new Set<string>();
  definition.inputSchema.forEach((field, index) => {
    if (inputNames.has(field.name)) {
      issues.push({ path: at.top('inputSchema', index, 'name'), message: `duplicate input "${field.name}"` });
    }
    inputNames.add(field.name);
  });
  return issues;
}

/** Whether any template of `step` reads one of the steps named (by id or as step_N). */
export function readsAnyStep(step: Step, names: ReadonlySet<string>): boolean {
  return stepTemplates(step, new Locator({}), 0).some(([, source]) => references(source).some((ref) => names.has(String(ref.segments[0]))));
}

/** Every template of a step, with the path that names it. */
function stepTemplates(step: Step, at: Locator, index: number): [string, string][] {
  const out: [string, string][] = [[at.step(index, 'url'), step.url]];
  for (const [name, value] of Object.entries(step.headers)) out.push([at.step(index, 'headers', name), value]);
  for (const [name, value] of Object.entries(step.query)) out.push([at.step(index, 'query', name), value]);
  if (step.when !== undefined) out.push([at.step(index, 'when'), step.when]);
  for (const [key, value] of Object.entries(step.auth)) {
    if (key !== 'type' && key !== 'in' && key !== 'name' && typeof value === 'string') out.push([at.step(index, 'auth', key), value]);
  }
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') out.push([at.step(index, 'body', ...path), value]);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(step.body, []);
  return out;
}

function checkReference(
  segments: (string | number)[],
  steps: Step[],
  visibleSteps: number,
  declaredInputs: Set<string>,
): string | undefined {
  const [root, key] = segments;
  if (typeof root !== 'string') return 'is not a variable';
  if (root === 'input' && declaredInputs.size > 0 && typeof key === 'string' && !declaredInputs.has(key)) {
    return `input "${key}" is not declared in input_schema (declared: ${[...declaredInputs].join(', ')})`;
  }
  if ((SCOPE_ROOTS as readonly string[]).includes(root)) return undefined;
  const index = stepIndex(root, steps);
  if (index === undefined) {
    return `unknown variable "${root}"; templates read contact.*, input.*, workspace.*, credentials.* and the outputs of earlier steps (${steps[0]?.id ?? 'step_1'}.name)`;
  }
  if (index >= visibleSteps) {
    return index === visibleSteps ? 'a step cannot read its own outputs' : `step "${root}" runs later, so its outputs do not exist yet`;
  }
  const outputs = Object.keys(steps[index]?.outputs ?? {});
  if (outputs.length > 0 && typeof key === 'string' && !outputs.includes(key)) {
    return `step "${root}" has no output "${key}" (its outputs: ${outputs.join(', ')})`;
  }
  return undefined;
}

/** Why a mapping may not read this (it would write a secret onto the contact), or undefined. */
function secretRead(segments: (string | number)[], steps: Step[]): string | undefined {
  const [root, key] = segments;
  if (root === 'credentials' || (root === 'workspace' && !WORKSPACE_FIELDS.has(key))) {
    return 'credentials cannot be written to a contact: a contact, its runs and their lists are shown to every member of the workspace';
  }
  const index = typeof root === 'string' ? stepIndex(root, steps) : undefined;
  const secret = index === undefined ? [] : (steps[index]?.secretOutputs ?? []);
  if (secret.length > 0 && (key === undefined || secret.includes(String(key)))) {
    return `output ${key ?? secret[0]} of ${steps[index!]!.id} is secret, so it cannot be written to a contact`;
  }
  return undefined;
}

/** A step by id, or by position as `step_N` when no step has that id. */
export function stepIndex(name: string, steps: readonly Step[]): number | undefined {
  const byId = steps.findIndex((step) => step.id === name);
  if (byId >= 0) return byId;
  const position = /^step_(\d+)$/.exec(name);
  const index = position ? Number(position[1]) - 1 : -1;
  return index >= 0 && index < steps.length ? index : undefined;
}

function checkPath(path: string): string | undefined {
  try {
    compileExtraction(path);
    return undefined;
  } catch {
    return `"${path}" is not a valid path (write it like results[0].id)`;
  }
}
