import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Engine, parseDefinition, type Definition, type RunContext } from '../engine/index.ts';
import { formatRun } from './report.ts';

export const RUN_USAGE = `connectors run DEFINITION.json [options]

Runs a connector definition once and prints its trace.

  --contact FILE              the contact, a JSON object ({{contact.*}})
  --input KEY=VALUE           an input ({{input.*}}); repeatable
  --credential S.F=VALUE      field F of credential S ({{credentials.S.F}}, {{workspace.S_F}}); repeatable
  --credential NAME=VALUE     a single-value credential ({{workspace.NAME}})
  --workspace-id ID           {{workspace.id}}
  --allow-host HOST           let the SSRF guard reach HOST, an address or a CIDR; repeatable
                              (also CONNECTORS_ALLOWED_HOSTS, comma-separated)
  --connect-to FROM=TO        send requests for origin FROM to origin TO instead; repeatable
  --json                      print { "status", "steps", "patch" } as JSON

Exit status: 0 succeeded, 1 ran and failed, 2 the definition or the options are not valid.`;

/** A problem with what the user gave: printed with usage hints, exit status 2. */
export class UsageError extends Error {}

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      contact: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      credential: { type: 'string', multiple: true, default: [] },
      'workspace-id': { type: 'string' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      'connect-to': { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw new UsageError(`give one definition file\n\n${RUN_USAGE}`);

  const definition = await loadDefinition(file);
  if (!definition) return 2;
  const context: RunContext = {
    contact: values.contact === undefined ? {} : await readJsonObject(values.contact, '--contact'),
    input: Object.fromEntries(values.input.map((pair) => splitPair(pair, '--input'))),
    credentials: parseCredentials(values.credential),
    ...(values['workspace-id'] === undefined ? {} : { workspace: { id: values['workspace-id'] } }),
  };
  const engine = new Engine({
    allowedHosts: [...allowedHostsFromEnv(), ...values['allow-host']],
    connectTo: Object.fromEntries(values['connect-to'].map((pair) => splitPair(pair, '--connect-to'))),
  });
  try {
    const result = await engine.run(definition, context);
    if (values.json) console.log(JSON.stringify({ status: result.status, steps: result.steps, patch: result.patch, mappings: result.mappings, error: result.error }, null, 2));
    else console.log(formatRun(definition, result));
    return result.status === 'success' ? 0 : 1;
  } finally {
    await engine.close();
  }
}

export function allowedHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CONNECTORS_ALLOWED_HOSTS ?? '').split(',').map((host) => host.trim()).filter(Boolean);
}

/** Reads and checks a definition file; prints every problem with its path and returns undefined. */
async function loadDefinition(file: string): Promise<Definition | undefined> {
  const raw = await readJson(file, 'definition');
  const parsed = parseDefinition(raw);
  if (parsed.ok) return parsed.definition;
  console.error(`${file}: not a valid connector definition`);
  for (const issue of parsed.issues) console.error(`  ${issue.path || '(root)'}: ${issue.message}`);
  return undefined;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function readJsonObject(file: string, option: string): Promise<Record<string, unknown>> {
  const value = await readJson(file, option);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${option} ${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

function splitPair(pair: string, option: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new UsageError(`${option} takes KEY=VALUE, got "${pair}"`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** `hubspot.token=x` → `{ hubspot: { token: x } }`; `api_key=x` → `{ api_key: { value: x } }`. */
function parseCredentials(pairs: string[]): Record<string, Record<string, string>> {
  const credentials: Record<string, Record<string, string>> = {};
  for (const pair of pairs) {
    const [name, value] = splitPair(pair, '--credential');
    const dot = name.indexOf('.');
    const [service, field] = dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, 'value'];
    (credentials[service] ??= {})[field] = value;
  }
  return credentials;
}
