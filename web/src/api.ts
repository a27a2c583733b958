/** The public API, as the browser calls it: the signed-in token and the chosen workspace on every call. */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { StandardContactField } from '../../src/engine/contact-fields.ts';
import type { components } from './api-schema.ts';

export interface Problem {
  path: string;
  message: string;
}

/** An error answer from the API: its message and, for invalid input, the fields it names. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Problem[];

  constructor(status: number, code: string, message: string, details: Problem[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

const TOKEN_KEY = 'connectors.token';
const WORKSPACE_KEY = 'connectors.workspace';

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  },
  get workspace(): string | null {
    return localStorage.getItem(WORKSPACE_KEY);
  },
  set workspace(value: string | null) {
    if (value) localStorage.setItem(WORKSPACE_KEY, value);
    else localStorage.removeItem(WORKSPACE_KEY);
  },
};

/** A list's query string: up to 100 rows, with the filters that are set. */
export function pageQuery(filters: Record<string, string>): string {
  return new URLSearchParams({ limit: '100', ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')) }).toString();
}

function headers(): Record<string, string> {
  const out: Record<string, string> = { authorization: `Bearer ${session.token ?? ''}` };
  if (session.workspace) out['x-workspace-id'] = session.workspace;
  return out;
}

/**
 * Calls the API. Answers are `{ success, data }`: a single resource comes back as its `data`,
 * a list as `{ data, total, ... }` (the list and what stands beside it).
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const sent = headers();
  if (body !== undefined) sent['content-type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, { method, headers: sent, body: body === undefined ? null : JSON.stringify(body) });
  if (response.status === 204) return undefined as T;
  const answer = (await response.json().catch(() => ({}))) as { data?: unknown; error?: { code: string; message: string; details?: Problem[] } };
  if (!response.ok) {
    const error = answer.error ?? { code: 'unknown', message: `the server answered ${response.status}` };
    throw new ApiProblem(response.status, error.code, error.message, error.details ?? []);
  }
  return (Array.isArray(answer.data) ? answer : answer.data) as T;
}

/*
 * The API's resources, as its OpenAPI document describes them (web/src/api-schema.ts, generated
 * by `npm run api:types`; typecheck fails when it is stale).
 */
type Schemas = components['schemas'];
export type Workspace = Schemas['Workspace'];
export type Connector = Schemas['Connector'];
export type StepTrace = Schemas['StepTrace'];
export type RunResult = Schemas['RunResult'];
export type Execution = Schemas['Execution'];
export type ExecutionStatus = Execution['status'];
export type Credential = Schemas['Credential'];
export type Template = Schemas['Template'];
export type Flow = Schemas['Flow'];
export type FlowRun = Schemas['FlowRun'];
export type FlowAction = Schemas['FlowAction'];
export type ImportResult = Schemas['ImportResult'];
export type AuditEntry = Schemas['AuditEntry'];
export type ImportOperation = Schemas['ImportOperation'];

// The engine's own list, so the app offers exactly the fields a run writes.
export { STANDARD_CONTACT_FIELDS as CONTACT_FIELDS, type StandardContactField as ContactField } from '../../src/engine/contact-fields.ts';

export const CONTACT_FIELD_LABELS: Record<StandardContactField, string> = { email: 'Email', phone_number: 'Phone', firstname: 'First name', lastname: 'Last name', st_address: 'Street address', city: 'City', state: 'State', zip: 'ZIP', company: 'Company' };

export type Contact = Record<StandardContactField, string | null> & {
  id: string;
  custom_fields: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};

/** A picker's first page of a list (`/contacts`): up to 100 rows, no filter. */
export function firstPage<T>(path: string): Promise<Page<T>> {
  return api<Page<T>>('GET', `${path}?${pageQuery({})}`);
}

/** The categories the connectors use, sorted. */
export function categoriesOf(connectors: { category: string | null }[]): string[] {
  return [...new Set(connectors.flatMap((one) => (one.category ? [one.category] : [])))].sort();
}

export function contactName(contact: Contact): string {
  return [contact.firstname, contact.lastname].filter(Boolean).join(' ') || contact.email || contact.phone_number || 'Unnamed contact';
}


/** Whether a run has ended, whatever way. */
export function ended(status: string): boolean {
  return !['pending', 'running'].includes(status);
}

/**
 * Follows a run's server-sent events (`/executions/:id/events`, `/flow-runs/:id/events`).
 * fetch rather than EventSource, which cannot send the token. Returns a function that stops.
 */
export function followEvents(path: string, onEvent: (event: string, data: Record<string, unknown>) => void, onEnd: () => void): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch(`/api/v1${path}`, { headers: headers(), signal: controller.signal });
      if (!response.ok || !response.body) return;
      const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const message of events) onEvent(message.event ?? 'message', JSON.parse(message.data) as Record<string, unknown>);
    } catch {
      // Stopped, or the connection dropped: the caller reloads the run's row either way.
    } finally {
      if (!controller.signal.aborted) onEnd();
    }
  })();
  return () => controller.abort();
}
