import type { FieldMapping } from '../definition/schema.ts';
import type { INPUT_TYPES } from '../definition/vocabulary.ts';
import { asLiteral } from '../template/index.ts';

/*
 * What every importer makes: a draft connector (not saved) in the original design's multi-step
 * document, the credentials its steps read (field names, with the value the source held or null
 * where it held none), and notes on what was guessed.
 */

export type KeyValue = { key: string; value: string };

export interface ImportedStep {
  id: string;
  name?: string;
  method: string;
  url: string;
  headers: KeyValue[];
  queryParams: KeyValue[];
  bodyType?: 'json' | 'form' | 'raw';
  body?: unknown;
  auth: Record<string, unknown>;
  outputs?: Record<string, string>;
}

export interface ImportedInput {
  name: string;
  type: (typeof INPUT_TYPES)[number];
  required: boolean;
  description?: string;
  default?: unknown;
  enum?: (string | number | boolean)[];
}

export interface ImportedCredential {
  service_name: string;
  fields: Record<string, string | null>;
}

export interface Draft {
  definition: {
    name: string;
    description?: string;
    type: 'single-step' | 'multi-step';
    steps: ImportedStep[];
    finalMapping: Record<string, string>;
    input_schema: ImportedInput[];
    field_mappings: FieldMapping[];
  };
  credentials: ImportedCredential[];
  notes: string[];
  /** A sample answer per step id, where the source showed one: its paths can be mapped before any call. */
  samples: Record<string, unknown>;
}

export function draftOf(name: string, steps: ImportedStep[], parts: Partial<Omit<Draft['definition'], 'name' | 'steps' | 'type'>> & Partial<Omit<Draft, 'definition'>>): Draft {
  return {
    definition: {
      name,
      ...(parts.description ? { description: parts.description } : {}),
      type: steps.length > 1 ? 'multi-step' : 'single-step',
      steps,
      finalMapping: parts.finalMapping ?? {},
      input_schema: parts.input_schema ?? [],
      field_mappings: parts.field_mappings ?? [],
    },
    credentials: parts.credentials ?? [],
    notes: parts.notes ?? [],
    samples: parts.samples ?? {},
  };
}

/** `ACCOUNT_SID` → `account_sid`, `YOUR_API_KEY` → `api_key`, `contactId` → `contact_id`. */
export function inputName(raw: string): string {
  return raw
    .replace(/^YOUR_/i, '')
    .replace(/_HERE$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, '_$1') || 'value';
}

/** The name a host's credential is stored under: `api.stripe.com` → `stripe`. */
export function serviceName(host: string): string {
  const labels = host.split('.').filter(Boolean);
  const name = labels.length >= 2 ? labels[labels.length - 2]! : (labels[0] ?? 'api');
  return name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
}

/** A step id from the last fixed part of a path: `/v1/customers` → `customers`. */
export function stepIdOf(path: string): string {
  const part = path.split(/[/?]/).filter((segment) => segment && !segment.includes('{')).at(-1) ?? 'request';
  const id = part.replace(/\.[a-z]+$/i, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(\d)/, '_$1').toLowerCase();
  return id || 'request';
}

export function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}_${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Text from outside made a template: what the global `pattern` finds becomes what `replace`
 * makes of it (a variable, an input), and the rest stays literal text, so a `{{` or `{%` in it
 * renders as itself instead of opening a tag.
 */
export function templateFrom(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): string {
  let template = '';
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    template += asLiteral(text.slice(at, match.index)) + replace(match);
    at = match.index + match[0].length;
  }
  return template + asLiteral(text.slice(at));
}

/** A JSON value with every string in it passed through `templated`. */
export function templatedJson(value: unknown, templated: (text: string) => string): unknown {
  if (typeof value === 'string') return templated(value);
  if (Array.isArray(value)) return value.map((item) => templatedJson(item, templated));
  if (isNode(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, templatedJson(item, templated)]));
  return value;
}

export function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How deep an answer's paths are read: real answers stay far above it. */
const MAX_PATH_DEPTH = 12;

/** Every path to a scalar in a JSON value, breadth first, arrays read at [0]. */
export function answerPaths(value: unknown, limit = 500): string[] {
  const paths: string[] = [];
  let level: [string, unknown][] = [['', value]];
  for (let depth = 0; level.length > 0 && depth <= MAX_PATH_DEPTH && paths.length < limit; depth++) {
    const next: [string, unknown][] = [];
    for (const [path, at] of level) {
      if (Array.isArray(at)) {
        if (at.length > 0) next.push([`${path}[0]`, at[0]]);
      } else if (isNode(at)) {
        for (const key of Object.keys(at)) next.push([/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`, at[key]]);
      } else if (path) paths.push(path);
    }
    level = next;
  }
  return paths.slice(0, limit);
}
