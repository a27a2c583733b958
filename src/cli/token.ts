import { parseArgs } from 'node:util';
import { mintToken } from '../api/auth.ts';
import { readSettings } from './settings.ts';
import { UsageError } from './run.ts';

export const TOKEN_USAGE = `connectors token --user ID [--workspace ID] [--email ADDRESS] [--expires 30d]

Prints a token signed with JWT_SECRET (or the embedded setup's own secret) for user ID,
for scripts and local use. With --workspace, requests without X-Workspace-Id use that workspace.`;

export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, workspace: { type: 'string' }, email: { type: 'string' }, expires: { type: 'string', default: '30d' } },
  });
  if (!values.user) throw new UsageError(`give --user\n\n${TOKEN_USAGE}`);
  const { auth } = await readSettings();
  if (!auth.jwtSecret) throw new UsageError('tokens are minted with JWT_SECRET, which is not set (tokens come from JWKS_URL\'s issuer)');
  console.log(await mintToken(auth.jwtSecret, values.user, { email: values.email, expiresIn: values.expires, workspaceId: values.workspace, audience: auth.audience, issuer: auth.issuer }));
  return 0;
}
