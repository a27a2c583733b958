import { z } from '@hono/zod-openapi';
import type { Store } from '../store/index.ts';
import { invalid } from './errors.ts';

/** Contacts one bulk request may queue runs for. */
export const MAX_BULK = 10_000;

export const ContactIds = z.array(z.uuid('must be a contact id')).min(1).max(MAX_BULK, `at most ${MAX_BULK} contacts per request`);

/** The contacts asked for, each once, when every one is the workspace's; otherwise a 400 naming those that are not. */
export async function knownContacts(store: Store, workspaceId: string, given: string[]): Promise<string[]> {
  const ids = [...new Set(given)];
  const known = await store.contacts.existing(workspaceId, ids);
  const unknown = given.flatMap((id, index) => (known.has(id) ? [] : [{ path: `contact_ids[${index}]`, message: 'no such contact in this workspace' }]));
  if (unknown.length > 0) throw invalid(`${unknown.length} of the contacts were not found`, unknown.slice(0, 20));
  return ids;
}
