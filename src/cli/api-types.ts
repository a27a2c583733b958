import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../api/app.ts';

/*
 * The web app's API types, generated from the OpenAPI document the server serves.
 * `npm run api:types` writes them; `--check` fails when the copy in the repository is stale
 * (typecheck runs it first).
 */

const target = new URL('../../web/src/api-schema.ts', import.meta.url);

export async function generatedTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as never, { alphabetize: true });
  return `// Generated from the OpenAPI document by \`npm run api:types\`; do not edit.\n\n${astToString(ast)}`;
}

if (import.meta.main) {
  const fresh = await generatedTypes();
  if (process.argv.includes('--check')) {
    const kept = await readFile(target, 'utf8').catch(() => '');
    if (kept !== fresh) {
      console.error('web/src/api-schema.ts is stale: the API changed. Run `npm run api:types`.');
      process.exit(1);
    }
  } else {
    await writeFile(target, fresh);
  }
}
