import { CONTACT_FIELDS, type Credential } from '../api.ts';
import type { Variable } from '../components/template-field.tsx';
import type { Draft } from './draft.ts';

/** `{{contact.email}}` and the other contact fields, each described as `detail`. */
export function contactVariables(detail: string): Variable[] {
  return CONTACT_FIELDS.map((field) => ({ name: `contact.${field}`, detail }));
}

/** What a template in step `stepIndex` may read: the contact, inputs, credentials, and the outputs of the steps before it. */
export function variablesFor(draft: Draft, credentials: Credential[], stepIndex: number): Variable[] {
  return [
    ...contactVariables('Contact field'),
    ...draft.inputs.filter((input) => input.name).map((input) => ({ name: `input.${input.name}`, detail: `Input (${input.type})` })),
    ...credentials.flatMap((credential) => Object.keys(credential.fields).map((field) => ({ name: `credentials.${credential.service_name}.${field}`, detail: 'Credential (never shown)' }))),
    ...draft.steps.slice(0, stepIndex).flatMap((step) => step.outputs.filter((output) => output.key).map((output) => ({ name: `${step.id}.${output.key}`, detail: `Output of ${step.name || step.id}` }))),
  ];
}
