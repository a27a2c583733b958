import type { RenewConnection, RunContext } from '../engine/index.ts';
import type { Contact, Store } from '../store/index.ts';

/** What a run of a stored connector is given: a stored contact, inputs, or both. */
export interface RunRequest {
  contactId?: string;
  /** `contact` fills {{contact.*}} over the stored contact; every other key fills {{input.*}}. */
  inputData: Record<string, unknown>;
}

export class MissingContactError extends Error {}

/**
 * Builds the engine's context for a run in a workspace: the contact, the inputs, the workspace
 * and its credentials, opened for this run only. Test runs and queued runs both start here.
 */
export async function buildRunContext(store: Store, workspace: { id: string; name: string }, request: RunRequest): Promise<RunContext> {
  const { contact: given, ...input } = request.inputData;
  let contact: Record<string, unknown> = {};
  if (request.contactId !== undefined) {
    const stored = await store.contacts.forRun(workspace.id, request.contactId);
    if (!stored) throw new MissingContactError(`contact ${request.contactId} not found`);
    contact = contactFields(stored);
  }
  if (typeof given === 'object' && given !== null && !Array.isArray(given)) contact = { ...contact, ...(given as Record<string, unknown>) };
  return {
    contact,
    input,
    workspace: { id: workspace.id, name: workspace.name },
    credentials: await store.credentials.open(workspace.id),
  };
}

/** Stores the OAuth connections a run renews, so the next run, in any worker, uses the new tokens. */
export function connectionRenewer(store: Store, workspaceId: string): RenewConnection {
  return (connection, renew) => store.credentials.renew(workspaceId, connection, renew);
}

const BOOKKEEPING = new Set(['workspace_id', 'created_by', 'created_at', 'updated_at']);

/** A stored contact as templates read it: the fields it has, `custom_fields` and `metadata`; empty fields are missing. */
export function contactFields(contact: Contact): Record<string, unknown> {
  return Object.fromEntries(Object.entries(contact).filter(([key, value]) => value !== null && !BOOKKEEPING.has(key)));
}
