import { stepIndex } from './definition/checks.ts';
import type { Step } from './definition/schema.ts';
import { StepError } from './errors.ts';
import { TemplateError, type Scope } from './template/index.ts';

/** A failure as a StepError, with a hint when a template read something that is not there. */
export function explain(error: unknown, scope: Scope, steps: readonly Step[]): StepError {
  const failure = error instanceof StepError ? error : new StepError('template', error instanceof Error ? error.message : String(error));
  const cause = failure.cause;
  if (!(cause instanceof TemplateError) || cause.variable === undefined) return failure;
  const [root = '', key = ''] = cause.variable.split(/[.[]/);
  const index = stepIndex(root, steps);
  const source = index === undefined ? undefined : steps[index];
  if (source && scope.data[root] !== undefined && key in source.outputs) {
    failure.message += ` (output ${key} of ${source.id}: ${source.outputs[key]} found nothing in its response)`;
  } else if (root === 'workspace' || root === 'credentials') {
    failure.message += ' (no such credential is stored for this workspace)';
  } else if (root === 'contact' || root === 'input') {
    failure.message += ` (the ${root} has no value for it; add one, or give a default: {{ ${cause.variable} | default: "…" }})`;
  }
  return failure;
}
