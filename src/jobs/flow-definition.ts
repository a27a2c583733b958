import { z } from 'zod';
import { contactTemplateProblem, fromZod, type Issue } from '../engine/index.ts';
import type { FlowAction } from '../store/index.ts';

/*
 * A flow: an ordered list of actions run for one contact. A connector action runs a stored
 * connector with inputs rendered over the contact; a condition stops the rest when it is false.
 */

const MAX_ACTIONS = 20;

const ConnectorActionInput = z.strictObject({
  type: z.literal('connector'),
  name: z.string().max(200).optional(),
  connector_id: z.uuid('must be a connector id').optional(),
  /** The original design's spelling. */
  configuration: z.strictObject({ connectorId: z.uuid('must be a connector id') }).optional(),
  /** Input name → value; strings are templates over the contact (`{{ contact.email }}`). */
  inputs: z.record(z.string(), z.unknown()).default({}),
  continue_on_error: z.boolean().default(false),
});

const ConditionActionInput = z.strictObject({
  type: z.literal('condition'),
  name: z.string().max(200).optional(),
  /** A template over the contact; when it renders false, empty, 0 or "no", the rest is skipped. */
  when: z.string().min(1, 'is required'),
});

export const FlowInput = z.strictObject({
  name: z.string().min(1, 'is required').max(200),
  description: z.string().max(2000).nullish(),
  enabled: z.boolean().default(true),
  actions: z.array(z.discriminatedUnion('type', [ConnectorActionInput, ConditionActionInput])).min(1, 'needs at least one action').max(MAX_ACTIONS, `at most ${MAX_ACTIONS} actions`),
});


export interface FlowDocument {
  name: string;
  description: string | null;
  enabled: boolean;
  actions: FlowAction[];
}

/** Checks a flow as written and normalises its actions, or says what is wrong, by path. */
export function parseFlow(raw: unknown): { ok: true; flow: FlowDocument } | { ok: false; issues: Issue[] } {
  const parsed = FlowInput.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: fromZod(parsed.error) };
  const issues: Issue[] = [];
  const actions = parsed.data.actions.map((action, index): FlowAction => {
    const at = `actions[${index}]`;
    if (action.type === 'condition') {
      const problem = contactTemplateProblem(action.when);
      if (problem) issues.push({ path: `${at}.when`, message: problem });
      return { type: 'condition', ...(action.name ? { name: action.name } : {}), when: action.when };
    }
    const connectorId = action.connector_id ?? action.configuration?.connectorId;
    if (!connectorId) issues.push({ path: `${at}.connector_id`, message: 'is required' });
    for (const [key, value] of Object.entries(action.inputs)) {
      const problem = typeof value === 'string' ? contactTemplateProblem(value) : undefined;
      if (problem) issues.push({ path: `${at}.inputs.${key}`, message: problem });
    }
    return { type: 'connector', ...(action.name ? { name: action.name } : {}), connector_id: connectorId ?? '', inputs: action.inputs, continue_on_error: action.continue_on_error };
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, flow: { name: parsed.data.name, description: parsed.data.description ?? null, enabled: parsed.data.enabled, actions } };
}
