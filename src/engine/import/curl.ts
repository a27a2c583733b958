import { draftOf, inputName, serviceName, stepIdOf, templateFrom, templatedJson, uniqueId, type Draft, type ImportedCredential, type ImportedInput, type ImportedStep, type KeyValue } from './draft.ts';
import { percentDecoded } from '../escape.ts';
import { shellWords } from './shell-words.ts';

/*
 * A `curl` command, as API docs print it, made into a connector step: method, URL, query,
 * headers, body and auth recognised, secrets moved into a named workspace credential (never kept
 * in the step) and placeholders (`<ACCOUNT_SID>`, `{id}`, `$TOKEN`, `YOUR_API_KEY`) turned into
 * declared inputs. What had to be guessed is said in `notes`.
 */

export interface CurlImport {
  step: ImportedStep;
  /** The credential the step reads: its fields, with the values the command held (null where it held a placeholder). */
  credential?: ImportedCredential;
  inputs: ImportedInput[];
  notes: string[];
}

/** Flags that take no value and change nothing a connector keeps. */
const IGNORED = new Set(['-s', '--silent', '-S', '--show-error', '-L', '--location', '-i', '--include', '-k', '--insecure', '-v', '--verbose', '--compressed', '-f', '--fail', '-g', '--globoff']);
/** Flags whose value changes nothing a connector keeps. */
const IGNORED_WITH_VALUE = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry']);
/** Header names that carry a key (`X-API-Key`, `api-key`, `X-Shopify-Access-Token`, `X-Postmark-Server-Token`), not `Idempotency-Key`. */
const SECRET_HEADER = /^(x-)?([a-z]+-)*(api[-_]?key|apikey|auth[-_]?token|access[-_]?token|server[-_]?token|api[-_]?token|secret[-_]?key)$/i;
const SECRET_QUERY = /^(api[-_]?key|apikey|key|access_token|auth_token|api_token|token)$/i;
/** Short options whose value may be written attached, as in `-XPOST` or `-d'{...}'`. */
const ATTACHABLE = /^-[XHdFuAeomw]./s;
const PLACEHOLDER = /<([A-Za-z][\w-]*)>|(?<!\{)\{([A-Za-z_]\w*)\}(?!\})|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)|\b(YOUR_[A-Z0-9_]{1,64}|[A-Z][A-Z0-9_]{0,64}_HERE)\b/g;

/** The same, for a test: a global pattern's `test` would carry its position from one call to the next. */
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source);

export function fromCurl(command: string): CurlImport {
  const words = shellWords(command.trim()).flatMap((word) => (ATTACHABLE.test(word) ? [word.slice(0, 2), word.slice(2)] : [word]));
  if (words[0] !== 'curl') throw new Error('a cURL command starts with `curl`');
  const notes: string[] = [];
  const headers: KeyValue[] = [];
  const data: { text: string; encode: boolean }[] = [];
  const form: KeyValue[] = [];
  let method: string | undefined;
  let url: string | undefined;
  let user: string | undefined;
  let get = false;
  for (let at = 1; at < words.length; at++) {
    const word = words[at]!;
    const value = () => {
      const next = words[++at];
      if (next === undefined) throw new Error(`${word} needs a value`);
      return next;
    };
    if (word === '-X' || word === '--request') method = value().toUpperCase();
    else if (word === '-H' || word === '--header') {
      const header = value();
      const colon = header.indexOf(':');
      if (colon > 0) headers.push({ key: header.slice(0, colon).trim(), value: header.slice(colon + 1).trim() });
    } else if (['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--json'].includes(word)) {
      data.push({ text: value(), encode: false });
      if (word === '--json') headers.push({ key: 'Content-Type', value: 'application/json' });
    } else if (word === '--data-urlencode') data.push({ text: value(), encode: true });
    else if (word === '-F' || word === '--form') {
      const field = value();
      const equals = field.indexOf('=');
      if (field.slice(equals + 1).startsWith('@')) notes.push(`-F ${field}: a file upload cannot be imported; the field is sent as text`);
      form.push({ key: field.slice(0, equals), value: field.slice(equals + 1).replace(/^@/, '') });
    } else if (word === '-u' || word === '--user') user = value();
    else if (word === '-G' || word === '--get') get = true;
    else if (word === '-I' || word === '--head') method = 'HEAD';
    else if (word === '--url') url = value();
    else if (word === '-A' || word === '--user-agent') headers.push({ key: 'User-Agent', value: value() });
    else if (word === '-e' || word === '--referer') headers.push({ key: 'Referer', value: value() });
    else if (IGNORED.has(word)) continue;
    else if (IGNORED_WITH_VALUE.has(word)) value();
    else if (word.startsWith('-')) notes.push(`${word} is not imported`);
    else url ??= word;
  }
  if (!url) throw new Error('the command names no URL');
  const schemeless = !/^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  if (schemeless) notes.push(`${url.split(/[/?]/)[0]} is named without a scheme; the step uses https`);
  const parsed = new URL(schemeless ? `https://${url}` : url);
  const service = serviceName(parsed.hostname);
  const secrets: Record<string, string | null> = {};
  const inputs = new Map<string, string>();
  const templated = (text: string) =>
    templateFrom(text, PLACEHOLDER, ([whole, angle, brace, dollarBrace, dollar, your]) => {
      // `<strong>` in a text that closes its tags is HTML, not a placeholder.
      if (angle && text.includes('</')) return whole;
      const name = inputName(angle ?? brace ?? dollarBrace ?? dollar ?? your ?? whole);
      inputs.set(name, `stands for ${whole} in the command`);
      return `{{input.${name}}}`;
    });
  const secret = (field: string, value: string, kind: 'key' | 'user' = 'key') => {
    secrets[field] = isPlaceholder(value) || (kind === 'key' && isWordy(value)) ? null : value;
    return `{{credentials.${service}.${field}}}`;
  };

  let auth: Record<string, unknown> = { type: 'none' };
  const kept: KeyValue[] = [];
  for (const header of headers) {
    const bearer = /^Bearer\s+(.+)$/i.exec(header.value);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.value);
    if (header.key.toLowerCase() === 'authorization' && bearer) auth = { type: 'bearer', token: secret('token', bearer[1]!) };
    else if (header.key.toLowerCase() === 'authorization' && basic) user = Buffer.from(basic[1]!, 'base64').toString('utf8');
    else if (SECRET_HEADER.test(header.key) && auth.type === 'none') auth = { type: 'api_key', in: 'header', name: header.key, value: secret('api_key', header.value) };
    else if (SECRET_HEADER.test(header.key)) kept.push({ key: header.key, value: secret(inputName(header.key), header.value) });
    else kept.push({ key: header.key, value: templated(header.value) });
  }
  if (user !== undefined) {
    const colon = user.indexOf(':');
    const [username, password] = colon < 0 ? [user, ''] : [user.slice(0, colon), user.slice(colon + 1)];
    // `-u KEY:` (Stripe, Clearbit): the key is the user name and there is no password.
    auth = { type: 'basic', username: secret('username', username, colon < 0 || password !== '' ? 'user' : 'key'), password: password === '' ? '' : secret('password', password) };
  }

  const query: KeyValue[] = [];
  for (const [key, value] of parsed.searchParams) {
    if (SECRET_QUERY.test(key) && auth.type === 'none') auth = { type: 'api_key', in: 'query', name: key, value: secret('api_key', value) };
    // A second key in the query (Trello's `key` and `token`) is read from the same credential.
    else if (SECRET_QUERY.test(key)) query.push({ key, value: secret(inputName(key), value) });
    else query.push({ key, value: templated(value) });
  }
  const joined = data.map((part) => (part.encode ? encodeDataPart(part.text) : part.text)).join('&');
  if (get && joined) {
    for (const [key, value] of new URLSearchParams(joined)) query.push({ key, value: templated(value) });
  }
  const contentType = kept.find((header) => header.key.toLowerCase() === 'content-type')?.value ?? '';
  let body: Pick<ImportedStep, 'body' | 'bodyType'> = {};
  if (form.length > 0) {
    body = { bodyType: 'form', body: Object.fromEntries(form.map((field) => [field.key, templated(field.value)])) };
    notes.push('-F sends multipart/form-data; the step sends the fields as a URL-encoded form');
  } else if (joined && !get) {
    body = bodyOf(joined, contentType, templated, notes);
  }
  const path = parsed.pathname.split('/').map((segment) => templated(percentDecoded(segment))).join('/');
  const step: ImportedStep = {
    id: 'request',
    method: method ?? ((data.length > 0 && !get) || form.length > 0 ? 'POST' : 'GET'),
    url: `${parsed.origin}${path === '/' && !/\/$/.test(url.split('?')[0]!) ? '' : path}`,
    headers: kept,
    queryParams: query,
    ...body,
    auth,
  };
  return {
    step,
    ...(Object.keys(secrets).length > 0 ? { credential: { service_name: service, fields: secrets } } : {}),
    inputs: [...inputs].map(([name, description]) => ({ name, type: 'string' as const, required: true, description })),
    notes,
  };
}

function bodyOf(text: string, contentType: string, templated: (text: string) => string, notes: string[]): Pick<ImportedStep, 'body' | 'bodyType'> {
  const looksJson = /json/i.test(contentType) || /^\s*[[{]/.test(text);
  if (looksJson) {
    try {
      return { bodyType: 'json', body: templatedJson(JSON.parse(text), templated) };
    } catch {
      notes.push('the body looks like JSON but does not parse; it is sent as written');
      return { bodyType: 'raw', body: templated(text) };
    }
  }
  if (/^[^=&\s]+=/.test(text)) {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) fields[key] = templated(value);
    return { bodyType: 'form', body: fields };
  }
  return { bodyType: 'raw', body: templated(text) };
}

/** `--data-urlencode name=value` sends the value percent-encoded (curl's own rules: the part before `=` is kept). */
function encodeDataPart(text: string): string {
  const equals = text.indexOf('=');
  return equals < 0 ? encodeURIComponent(text) : `${text.slice(0, equals + 1)}${encodeURIComponent(text.slice(equals + 1))}`;
}

/** A value the docs left for the reader to fill in, wholly or in part (`{email_address}/token`). */
function isPlaceholder(value: string): boolean {
  return HAS_PLACEHOLDER.test(value) || /^(x+|\.\.\.|\*+)$/i.test(value.trim());
}

/** A key written as words (`APIKey`, `server token`, `yourapikey`): docs leave those for the reader; real keys hold digits or signs. */
function isWordy(value: string): boolean {
  return value.length < 24 && /^[A-Za-z ]+$/.test(value);
}

/** Commands pasted together, one step each, as a draft connector (not saved), with what each step's credential holds. */
export function draftFromCurl(text: string): Draft {
  const commands = splitCommands(text);
  if (commands.length === 0) throw new Error('no cURL command found: paste commands that start with `curl`');
  const imported = commands.map((command, index) => {
    try {
      return fromCurl(command);
    } catch (error) {
      throw new Error(`command ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
  const ids = new Set<string>();
  const steps = imported.map(({ step }) => ({ ...step, id: uniqueId(stepIdOf(step.url.replace(/^[a-z]+:\/\/[^/]*/i, '')), ids) }));
  const credentials = new Map<string, ImportedCredential>();
  for (const { credential } of imported) {
    if (!credential) continue;
    const known = credentials.get(credential.service_name);
    credentials.set(credential.service_name, { service_name: credential.service_name, fields: { ...credential.fields, ...known?.fields } });
  }
  const inputs = new Map(imported.flatMap(({ inputs: declared }) => declared.map((input) => [input.name, input] as const)));
  return draftOf(`Imported ${new URL(steps[0]!.url).hostname}`, steps, {
    input_schema: [...inputs.values()],
    credentials: [...credentials.values()],
    notes: imported.flatMap(({ notes }, index) => notes.map((note) => (commands.length > 1 ? `command ${index + 1}: ${note}` : note))),
  });
}

/** A new command starts on a line that begins with `curl`, unless the line before continues (`\`). */
function splitCommands(text: string): string[] {
  const commands: string[] = [];
  let continued = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (!continued && /^\s*(\$\s+)?curl\b/.test(line)) commands.push(line.replace(/^\s*\$\s+/, ''));
    else if (commands.length > 0) commands[commands.length - 1] += `\n${line}`;
    continued = /\\\s*$/.test(line);
  }
  return commands;
}
