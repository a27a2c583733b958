import { readFile } from 'node:fs/promises';
import { draftFromCurl } from '../engine/import/curl.ts';
import type { Draft } from '../engine/import/draft.ts';
import { draftFromOpenApi, NoSuchOperation, operationsOf, readOpenApi, type ApiOperation } from '../engine/import/openapi.ts';
import { draftFromPostman } from '../engine/import/postman.ts';
import { UsageError } from './run.ts';

export const IMPORT_USAGE = `connectors import curl FILE > connector.json
connectors import openapi FILE [OPERATION] > connector.json
connectors import postman FILE > connector.json

Makes a draft connector from cURL commands as API docs print them (one step each), from one
operation of an OpenAPI 3 or Swagger 2 document (JSON or YAML; without OPERATION, or with a word
to search for, its operations are listed), or from a Postman collection (one step per request).
FILE - reads standard input. The definition goes to standard output; the credentials it reads
(never their values) and what was guessed go to standard error.`;

export async function importCommand(args: string[]): Promise<number> {
  const [kind, file, operation] = args;
  if (!['curl', 'openapi', 'postman'].includes(kind ?? '') || file === undefined) throw new UsageError(IMPORT_USAGE);
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  let draft: Draft;
  try {
    if (kind === 'curl') draft = draftFromCurl(text);
    else if (kind === 'postman') draft = draftFromPostman(text);
    else {
      const document = readOpenApi(text);
      try {
        draft = draftFromOpenApi(document, operation ?? '');
      } catch (error) {
        // Not one operation: those whose words it holds (all of them without one) are listed.
        if (!(error instanceof NoSuchOperation)) throw error;
        return listOperations(operationsOf(document, operation), operation, file);
      }
    }
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  process.stdout.write(`${JSON.stringify(draft.definition, null, 2)}\n`);
  for (const { service_name: service, fields } of draft.credentials) {
    const described = Object.entries(fields).map(([field, value]) => `${field}${value === null ? ' (fill it in)' : ''}`);
    process.stderr.write(`credential "${service}": ${described.join(', ')}\n`);
  }
  for (const note of draft.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}

function listOperations(found: ApiOperation[], operation: string | undefined, file: string): number {
  if (found.length === 0) throw new Error(operation === undefined ? 'the document holds no operation' : `no operation is "${operation}" or holds those words`);
  for (const one of found) process.stdout.write(`${one.key}\t${one.method} ${one.path}${one.summary ? `\t${one.summary}` : ''}\n`);
  process.stderr.write(`${found.length} operation${found.length === 1 ? '' : 's'}: import one with connectors import openapi ${file} OPERATION\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
