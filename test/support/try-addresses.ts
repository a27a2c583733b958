import { Engine, parseDefinition } from '../../src/engine/index.ts';

/*
 * Tries each URL given through the engine, with nothing allowed, and prints what each run said.
 * `--as step` (the default) asks for the URL itself; `--as token` makes it a client-credentials
 * token endpoint, `--as refresh` the token endpoint of a stored connection whose token expired.
 */
const as = process.argv[2] === '--as' ? process.argv[3]! : 'step';
const urls = process.argv.slice(as === 'step' && process.argv[2] !== '--as' ? 2 : 4);
const client = { tokenUrl: '', clientId: 'id', clientSecret: 'client-secret-0123' };
const credentials = { crm: { refresh_token: 'refresh-token-0123', access_token: 'expired-0123', expires_at: '2020-01-01T00:00:00Z' } };
const engine = new Engine({ allowedHosts: [] });
const results: Record<string, { code?: string; message?: string; shown?: string }> = {};
for (const url of urls) {
  const auth = as === 'token' ? { type: 'oauth2', ...client, tokenUrl: url } : as === 'refresh' ? { type: 'oauth2', grantType: 'refresh_token', ...client, tokenUrl: url, connection: 'crm' } : undefined;
  // The step's own URL is never reached when its auth is refused first.
  const parsed = parseDefinition({ name: 'Try', steps: [{ url: auth ? 'https://api.example.com/' : url, timeout: 2000, ...(auth ? { auth } : {}) }] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const result = await engine.run(parsed.definition, { credentials });
  results[url] = { code: result.error?.code, message: result.error?.message, shown: JSON.stringify(result) };
}
await engine.close();
console.log(JSON.stringify(results));
