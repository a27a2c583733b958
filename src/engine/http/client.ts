import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { LIMITS } from '../definition/schema.ts';
import { StepError } from '../errors.ts';
import { CREDENTIAL_HEADERS } from '../secrets.ts';
import { AddressPolicy } from './address-policy.ts';

export interface HttpClientOptions {
  /** Hosts, addresses, `address:port` pairs and CIDR ranges the SSRF guard lets through (`api.internal`, `10.0.0.0/8`, `127.0.0.1:4010`). */
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

/** Outbound HTTP for connectors: SSRF-guarded, bounded in size, time and redirects. */
export class HttpClient {
  readonly policy: AddressPolicy;
  readonly maxResponseBytes: number;
  readonly #maxRedirects: number;
  /** Keyed by `protocol//host`, which is cheaper to read from a URL than its origin. */
  readonly #connectTo: Map<string, URL>;
  readonly #agent: Agent;

  constructor(options: HttpClientOptions = {}) {
    this.policy = new AddressPolicy(options.allowedHosts);
    this.maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#connectTo = new Map(
      Object.entries(options.connectTo ?? {}).map(([from, to]) => {
        const source = new URL(from);
        return [`${source.protocol}//${source.host}`, new URL(to)];
      }),
    );
    this.#agent = new Agent({
      connections: options.connections ?? 128,
      connect: { lookup: this.policy.lookup },
      // Each request's own deadline is enforced in receive(); these only reap requests it gave up
      // on. Constant on purpose: undici re-arms a timer per request when the value changes.
      headersTimeout: LIMITS.maxStepTimeoutMs,
      bodyTimeout: LIMITS.maxStepTimeoutMs,
    });
  }

  /** Sends a request and follows its redirects; all of it must be over by `deadline` (epoch ms). */
  async send(outgoing: OutgoingRequest, deadline: number): Promise<IncomingResponse> {
    let url = parseUrl(outgoing.url);
    let { method, body, headers } = outgoing;
    for (let redirects = 0; ; redirects++) {
      const response = await this.#once(method, url, headers, body, deadline);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined) return response;
      if (redirects >= this.#maxRedirects) {
        throw new StepError('redirects', `more than ${this.#maxRedirects} redirects (last to ${location})`);
      }
      const next = parseUrl(location, url);
      const dropped = new Set<string>();
      if (next.origin !== url.origin) for (const name of [...CREDENTIAL_HEADERS, ...(outgoing.sensitiveHeaders ?? [])]) dropped.add(name);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        dropped.add('content-type');
      }
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !dropped.has(name.toLowerCase())));
      url = next;
    }
  }

  /** One request, no redirects followed: its answer, read whole, or why there is none. */
  #once(method: string, url: URL, headers: Record<string, string>, body: string | undefined, deadline: number): Promise<IncomingResponse> {
    const connected = this.#routed(url);
    if (connected.protocol !== 'http:' && connected.protocol !== 'https:') {
      throw new StepError('blocked', `only http and https URLs are fetched, not ${connected.protocol.replace(':', '')}`);
    }
    // The URL checked is the URL connected to, whatever routing made it.
    this.policy.checkHost(connected.hostname, connected.port || (connected.protocol === 'https:' ? '443' : '80'));
    const receiver = new Receiver(url, Math.max(1, deadline - Date.now()), this.maxResponseBytes);
    this.#agent.dispatch({ origin: connected.origin, path: `${connected.pathname}${connected.search}`, method, headers, body: body ?? null }, receiver);
    return receiver.answer;
  }

  /**
   * Where a request for `url` goes: its origin routed (`connectTo`) or itself. The path is set on
   * the target, never resolved against it, so `//host/x` or `/\\host` stays a path.
   */
  #routed(url: URL): URL {
    const target = this.#connectTo.size > 0 ? this.#connectTo.get(`${url.protocol}//${url.host}`) : undefined;
    if (!target) return url;
    const routed = new URL(target.origin);
    routed.pathname = url.pathname;
    routed.search = url.search;
    return routed;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/**
 * Reads one answer whole within `ms`, connecting included, and stops as soon as the body grows
 * past `limit`. Undici's handler interface rather than its request(): no stream, no async
 * resource and one timer per request, on the hot path.
 */
class Receiver implements Dispatcher.DispatchHandler {
  readonly answer: Promise<IncomingResponse>;
  readonly #url: URL;
  readonly #limit: number;
  readonly #timer: NodeJS.Timeout;
  readonly #resolve: (response: IncomingResponse) => void;
  readonly #reject: (error: StepError) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  #status = 0;
  #headers: Record<string, string> = {};
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(url: URL, ms: number, limit: number) {
    const { promise, resolve, reject } = Promise.withResolvers<IncomingResponse>();
    this.answer = promise;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#url = url;
    this.#limit = limit;
    this.#timer = setTimeout(() => this.#fail(timedOut(url)), ms);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Given up on before it was sent: it is not sent.
    if (this.#settled) controller.abort(timedOut(this.#url));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    // 1xx answers (100 Continue) come before the answer.
    if (status < 200) return;
    this.#status = status;
    this.#headers = flattenHeaders(headers);
    if (Number(this.#headers['content-length']) > this.#limit) this.#fail(tooLarge(this.#limit, this.#url));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    if (this.#size > this.#limit) this.#fail(tooLarge(this.#limit, this.#url));
    else this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const chunks = this.#chunks;
    this.#resolve({ status: this.#status, headers: this.#headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size), url: this.#url.href });
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.#fail(error);
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const failed = failure(error, this.#url);
    // Stops reading: the connection is closed, not left to deliver what no one reads.
    this.#controller?.abort(failed);
    this.#reject(failed);
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
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function timedOut(url: URL): StepError {
  return new StepError('timeout', `no complete answer from ${url.host} in time`, { retryable: true });
}

function tooLarge(limit: number, url: URL): StepError {
  return new StepError('too_large', `response from ${url.host} is larger than the ${formatBytes(limit)} limit`);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** An undici or socket failure as a StepError that says what happened and whether to retry. */
function failure(error: unknown, url: URL): StepError {
  if (error instanceof StepError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof StepError) return cause;
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return timedOut(url);
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
