import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, mintToken } from '../api/auth.ts';
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
  const token = await mintToken(auth.jwtSecret, values.user, { email: values.email, expiresIn: values.expires, workspaceId: values.workspace, audience: auth.audience, issuer: auth.issuer });
  const { exp = 0, iat = 0 } = decodeJwt(token);
  const maxDays = (auth.maxLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS) / 86_400;
  if (exp - iat > maxDays * 86_400) throw new UsageError(`--expires ${values.expires} is longer than the ${maxDays} days the server accepts (JWT_MAX_LIFETIME_DAYS)`);
  console.log(token);
  return 0;
}
