import { readFile } from 'node:fs/promises';
import { draftFromCurl } from '../engine/import/curl.ts';
import { UsageError } from './run.ts';

export const IMPORT_USAGE = `connectors import curl FILE > connector.json

Makes a draft connector from the cURL commands in FILE (- reads standard input), one step each,
as API docs print them. The definition goes to standard output; the credentials it reads (never
their values) and what was guessed go to standard error.`;

export async function importCommand(args: string[]): Promise<number> {
  const [kind, file] = args;
  if (kind !== 'curl' || file === undefined) throw new UsageError(IMPORT_USAGE);
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  let draft;
  try {
    draft = draftFromCurl(text);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  process.stdout.write(`${JSON.stringify(draft.definition, null, 2)}\n`);
  for (const { service_name: service, fields } of draft.credentials) {
    const described = Object.entries(fields).map(([field, value]) => `${field}${value === null ? ' (a placeholder: fill it in)' : ''}`);
    process.stderr.write(`credential "${service}": ${described.join(', ')}\n`);
  }
  for (const note of draft.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
