import { createContext, useContext } from 'react';
import type { Workspace } from './api.ts';

/** The signed-in user's role in the chosen workspace. */
export const RoleContext = createContext<Workspace['role']>('viewer');

/** Viewers look; editors and owners change things. The API refuses a viewer's changes too. */
export function useCanEdit(): boolean {
  return useContext(RoleContext) !== 'viewer';
}
