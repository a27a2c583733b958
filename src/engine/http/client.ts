import { Agent, errors as undiciErrors, request } from 'undici';
import { StepError } from '../errors.ts';
import { AddressPolicy } from './address-policy.ts';

export interface HttpClientOptions {
  /** Hosts, addresses and CIDR ranges the SSRF guard lets through (`127.0.0.1`, `10.0.0.0/8`, `api.internal`). */
  allowedHosts?: readonly string[];
  /** Sends requests for an origin to another one, like curl's --connect-to: `{ "https://api.example.com": "http://127.0.0.1:4010" }`. */
  connectTo?: Readonly<Record<string, string>>;
  /** Largest response body read, in bytes (default 10 MB). */
  maxResponseBytes?: number;
  /** Redirects followed per request (default 5). */
  maxRedirects?: number;
  /** Sockets kept open per origin (default 128). */
  connections?: number;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Header names (lower case) that carry credentials: dropped when a redirect leaves the origin. */
  sensitiveHeaders?: ReadonlySet<string>;
}

export interface IncomingResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ALWAYS_SENSITIVE = ['authorization', 'proxy-authorization', 'cookie'];

/** Outbound HTTP for connectors: SSRF-guarded, bounded in size, time and redirects. */
export class HttpClient {
  readonly policy: AddressPolicy;
  readonly maxResponseBytes: number;
  readonly #maxRedirects: number;
  readonly #connectTo: Map<string, URL>;
  readonly #agent: Agent;

  constructor(options: HttpClientOptions = {}) {
    this.policy = new AddressPolicy(options.allowedHosts);
    this.maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#connectTo = new Map(Object.entries(options.connectTo ?? {}).map(([from, to]) => [new URL(from).origin, new URL(to)]));
    this.#agent = new Agent({
      connections: options.connections ?? 128,
      connect: { lookup: this.policy.lookup },
    });
  }

  async send(outgoing: OutgoingRequest): Promise<IncomingResponse> {
    let url = parseUrl(outgoing.url);
    let { method, body } = outgoing;
    const headers = { ...outgoing.headers };
    for (let redirects = 0; ; redirects++) {
      const response = await this.#once(method, url, headers, body, outgoing.signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined) return response;
      if (redirects >= this.#maxRedirects) {
        throw new StepError('redirects', `more than ${this.#maxRedirects} redirects (last to ${location})`);
      }
      const next = parseUrl(location, url);
      if (next.origin !== url.origin) {
        const sensitive = new Set([...ALWAYS_SENSITIVE, ...(outgoing.sensitiveHeaders ?? [])]);
        for (const name of Object.keys(headers)) if (sensitive.has(name.toLowerCase())) delete headers[name];
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
      }
      url = next;
    }
  }

  async #once(method: string, url: URL, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<IncomingResponse> {
    const target = this.#connectTo.get(url.origin);
    const origin = target ?? url;
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
      throw new StepError('blocked', `only http and https URLs are fetched, not ${origin.protocol.replace(':', '')}`);
    }
    this.policy.checkHost(origin.hostname);
    let response;
    try {
      response = await request(`${origin.origin}${url.pathname}${url.search}`, {
        method: method as 'GET',
        headers,
        body: body ?? null,
        signal,
        dispatcher: this.#agent,
      });
    } catch (error) {
      throw failure(error, url, signal);
    }
    const responseHeaders = flattenHeaders(response.headers);
    try {
      const declared = Number(responseHeaders['content-length']);
      if (declared > this.maxResponseBytes) throw tooLarge(this.maxResponseBytes, url);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxResponseBytes) throw tooLarge(this.maxResponseBytes, url);
        chunks.push(chunk);
      }
      return { status: response.statusCode, headers: responseHeaders, body: Buffer.concat(chunks), url: url.href };
    } catch (error) {
      response.body.destroy();
      throw failure(error, url, signal);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new StepError('template', `"${text}" is not a valid URL`);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function tooLarge(limit: number, url: URL): StepError {
  return new StepError('too_large', `response from ${url.host} is larger than the ${formatBytes(limit)} limit`);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** An undici or socket failure as a StepError that says what happened and whether to retry. */
function failure(error: unknown, url: URL, signal: AbortSignal): StepError {
  if (error instanceof StepError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof StepError) return cause;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof StepError) return reason;
    return new StepError('timeout', `no complete answer from ${url.host} in time`, { retryable: true });
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return new StepError('timeout', `${url.host} did not answer in time`, { retryable: true });
  }
  const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  const words: Record<string, string> = {
    ENOTFOUND: `host ${url.hostname} was not found`,
    EAI_AGAIN: `host ${url.hostname} could not be resolved right now`,
    ECONNREFUSED: `${url.host} refused the connection`,
    ECONNRESET: `${url.host} closed the connection`,
    UND_ERR_SOCKET: `${url.host} closed the connection`,
  };
  const message = (code && words[code]) ?? `could not reach ${url.host}: ${(error as Error).message}`;
  return new StepError('network', message, { retryable: code !== 'ENOTFOUND', cause: error });
}
