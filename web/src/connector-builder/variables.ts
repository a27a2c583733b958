import { answerPaths, uniqueId } from '../../../src/engine/import/draft.ts';
import { CONTACT_FIELDS, type Credential } from '../api.ts';
import type { Variable } from '../components/variable.ts';
import type { Draft } from './draft.ts';

/** `{{contact.email}}` and the other contact fields, each described as `detail`. */
export function contactVariables(detail: string): Variable[] {
  return CONTACT_FIELDS.map((field) => ({ name: `contact.${field}`, detail }));
}

/**
 * What a template in step `stepIndex` may read: the contact, inputs, credentials, the outputs of
 * the steps before it, and every path of their last answers (`answers`, by step id). A step that
 * names outputs is read through them, so a path it has no output for declares one when picked.
 */
export function variablesFor(draft: Draft, credentials: Credential[], stepIndex: number, answers: Record<string, unknown> = {}): Variable[] {
  const earlier = draft.steps.slice(0, stepIndex);
  return [
    ...contactVariables('Contact field'),
    ...draft.inputs.filter((input) => input.name).map((input) => ({ name: `input.${input.name}`, detail: `Input (${input.type})` })),
    ...credentials.flatMap((credential) => Object.keys(credential.fields).map((field) => ({ name: `credentials.${credential.service_name}.${field}`, detail: 'Credential (never shown)' }))),
    ...earlier.flatMap((step) => step.outputs.filter((output) => output.key).map((output) => ({ name: `${step.id}.${output.key}`, detail: `Output of ${step.name || step.id}` }))),
    ...earlier.flatMap((step) => {
      if (!Object.hasOwn(answers, step.id)) return [];
      const declared = step.outputs.filter((output) => output.key);
      const taken = new Set(declared.map((output) => output.key));
      return answerPaths(answers[step.id], 100)
        .filter((path) => !declared.some((output) => output.value === path))
        .map((path): Variable => {
          const detail = `In the last answer of ${step.name || step.id}`;
          if (declared.length === 0) return { name: `${step.id}.${path}`, detail };
          const output = uniqueId(outputName(path), taken);
          return { name: `${step.id}.${output}`, detail: `${detail}: becomes an output`, declares: { step: step.key, output, path } };
        });
    }),
  ];
}

/** `properties.firstname` → `firstname`: the name an output of that path may have. */
export function outputName(path: string): string {
  return path.match(/[A-Za-z_][A-Za-z0-9_]*/g)?.at(-1) ?? 'value';
}
