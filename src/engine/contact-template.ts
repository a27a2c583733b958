import { contactScope } from './contact-fields.ts';
import { compile, evaluate, evaluateLenient, references, Scope, TemplateError } from './template/index.ts';

/*
 * Templates over a contact alone, as flows use them: the inputs an action gives its connector and
 * the conditions between actions. They never see credentials, so nothing secret is rendered into
 * stored inputs.
 */

/** Why a template cannot be used over a contact, or undefined when it can. */
export function contactTemplateProblem(source: string): string | undefined {
  try {
    compile(source);
    const foreign = references(source).find((reference) => reference.segments[0] !== 'contact');
    return foreign ? `{{ ${foreign.text} }}: only contact fields can be read here ({{ contact.email }})` : undefined;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

/** The value of an input template over a contact; a missing field is an error naming it. */
export function renderOverContact(source: string, contact: Record<string, unknown>): unknown {
  return evaluate(source, new Scope({ contact: contactScope(contact) }));
}

/** A condition over a contact: false when it renders empty, false, 0, null, "no" or an empty list. */
export function conditionHolds(source: string, contact: Record<string, unknown>): boolean {
  return !isFalsy(evaluateLenient(source, new Scope({ contact: contactScope(contact) })));
}

export function isFalsy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'string') return ['', 'false', '0', 'null', 'no'].includes(value.trim().toLowerCase());
  return false;
}
