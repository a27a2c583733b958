/** The public API, as the browser calls it: the signed-in token and the chosen workspace on every call. */

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

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.token ?? ''}` };
  if (session.workspace) headers['x-workspace-id'] = session.workspace;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  if (response.status === 204) return undefined as T;
  const answer = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: Problem[] } };
  if (!response.ok) {
    const error = answer.error ?? { code: 'unknown', message: `the server answered ${response.status}` };
    throw new ApiProblem(response.status, error.code, error.message, error.details ?? []);
  }
  return answer as T;
}

export interface Workspace {
  id: string;
  name: string;
  role: 'viewer' | 'editor' | 'owner';
}

export interface Connector {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  type: 'single-step' | 'multi-step';
  enabled: boolean;
  execution_count: number;
  success_count: number;
  failure_count: number;
  last_executed_at: string | null;
}

export interface Contact {
  id: string;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
  phone_number: string | null;
  company: string | null;
  city: string | null;
  updated_at: string;
}
