import { isUniqueViolation, type Store } from '../../store/index.ts';
import { ApiError } from '../errors.ts';

/** Turns a duplicate name into a 409 that says which name. */
export async function uniqueName<T>(write: () => Promise<T>, name: string, what: 'connector' | 'flow' = 'connector'): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError(409, 'name_taken', `a ${what} named "${name}" already exists in this workspace`, [{ path: 'name', message: `is already used by another ${what}` }]);
    throw error;
  }
}

/** `base`, or `base 2`, `base 3`, ... whichever is free. */
export async function freeName(store: Store, workspaceId: string, base: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base.replace(/\)$/, '')} ${n})`;
    if (!(await store.connectors.findByName(workspaceId, name))) return name;
  }
  return `${base} ${Date.now()}`;
}
