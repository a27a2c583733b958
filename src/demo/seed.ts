import { columnsFromDocument, type Store } from '../store/index.ts';
import { DEMO_CONTACT, DEMO_CREDENTIALS } from './api.ts';
import { EXAMPLE_FILES, readExample } from './examples.ts';

export const DEMO_USER = { id: 'demo-user', email: 'demo@connectors.local' };
export const DEMO_WORKSPACE_ID = 'de300000-0000-4000-8000-000000000001';

/**
 * Creates, once, a demo user's workspace holding a contact, the demo API's credentials and the
 * example connectors verbatim. Returns false when it was already there.
 */
export async function seedDemo(store: Store): Promise<boolean> {
  if (await store.workspaces.findForMember(DEMO_WORKSPACE_ID, DEMO_USER.id)) return false;
  await store.users.touch(DEMO_USER.id, DEMO_USER.email);
  await store.workspaces.create('Demo workspace', DEMO_USER.id, DEMO_WORKSPACE_ID);
  for (const [service, fields] of Object.entries(DEMO_CREDENTIALS)) await store.credentials.put(DEMO_WORKSPACE_ID, service, fields, DEMO_USER.id);
  await store.contacts.create(DEMO_WORKSPACE_ID, DEMO_CONTACT, DEMO_USER.id);
  for (const file of EXAMPLE_FILES) {
    const checked = columnsFromDocument(await readExample(file));
    if (!checked.ok) throw new Error(`examples/${file} does not read: ${JSON.stringify(checked.issues)}`);
    await store.connectors.create(DEMO_WORKSPACE_ID, { ...checked.columns, category: 'enrichment' }, DEMO_USER.id);
  }
  return true;
}
