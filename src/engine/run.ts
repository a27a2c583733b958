import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyAuth, type AuthContext } from './auth.ts';
import { TokenCache, type ConnectionTokens, type RenewConnection } from './oauth.ts';
import { contactScope } from './contact-fields.ts';
import { isFalsy } from './contact-template.ts';
import { readsAnyStep, stepIndex } from './definition/checks.ts';
import type { Definition, Step } from './definition/schema.ts';
import { StepError, type StepErrorCode } from './errors.ts';
import { explain } from './hints.ts';
import { HttpClient, type HttpClientOptions, type IncomingResponse } from './http/client.ts';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './http/retry.ts';
import { resolveInputs } from './inputs.ts';
import { buildPatch, type ContactPatch, type MappingTrace } from './mapping.ts';
import { Pages, type NextPage } from './pagination.ts';
import { askForPage, buildRequest, fieldError, type BuiltRequest } from './request.ts';
import { parseBody, preview } from './response.ts';
import { RunSecrets } from './run-secrets.ts';
import { maskHeaders, type SecretMasker } from './secrets.ts';
import { evaluateLenient, evaluateOverAnswer, extract, Scope, stringify, type AnswerMeta, type ExtractOptions } from './template/index.ts';
import { elapsed, keepBody, newTrace, skipped, type StepTrace } from './trace.ts';

export type { StepTrace } from './trace.ts';

/** What a run reads besides step outputs. */
export interface RunContext {
  contact?: Record<string, unknown>;
  input?: Record<string, unknown>;
  workspace?: { id?: string; name?: string };
  /** Named credentials, each a few fields: `{ hubspot: { token }, api_key: { value } }`. */
  credentials?: Record<string, Record<string, string>>;
  /**
   * Sends one step only (the builder's Send): the steps before it are not sent, and what each
   * gave in an earlier run (its outputs, or its answer) stands in, by step id; the steps after
   * it are not sent either.
   */
  only?: { step: string; earlier: Readonly<Record<string, unknown>> };
}

export interface RunResult {
  status: 'success' | 'failed' | 'timeout';
  steps: StepTrace[];
  /** Fields to write on the contact; empty unless the run succeeded. Never holds a secret. */
  patch: ContactPatch;
  mappings: MappingTrace[];
  error?: { step?: string; code: StepErrorCode; message: string };
  /** Set when a step found nothing (its `noMatch`): which, and why. The run still succeeds. */
  noMatch?: string;
  durationMs: number;
}

/** Told as a run goes: a step starts, a step ends (ran, failed or skipped). Awaited before the run goes on. */
export type StepEvent = { type: 'step_started'; index: number; id: string; name?: string } | { type: 'step_finished'; index: number; trace: StepTrace };
export type StepListener = (event: StepEvent) => void | Promise<void>;
/** How a run waits between tries; a worker gives the run's slot to another meanwhile. */
export type Pause = (ms: number) => Promise<void>;

/** What the caller of a run is told, and asked, as it goes. */
export interface RunHooks {
  onStep?: StepListener;
  /** How the run waits between tries (default: a timer). */
  pause?: Pause;
  /** Awaited before each page past a step's first: where a connector's remote rate limit is taken. */
  beforePage?: () => Promise<void>;
  /** Stores an OAuth connection's renewed tokens; without it they last for the run only. */
  renewConnection?: RenewConnection;
}

/** When a run must end, how it waits until it tries again, and what it awaits before another page. */
interface RunTime {
  deadline: number;
  pause: Pause;
  beforePage?: () => Promise<void>;
  credentials: Record<string, Record<string, string>>;
  renewed: Map<string, ConnectionTokens>;
  renewConnection?: RenewConnection;
}

export interface EngineOptions extends HttpClientOptions {
  /** Shared HTTP client; one is made from the other options when absent. */
  http?: HttpClient;
  /** First retry waits up to this long, doubling each time (default 500 ms). */
  retryBaseDelayMs?: number;
  /** Longest wait between tries, including a remote's Retry-After (default 60 s). */
  maxRetryDelayMs?: number;
  /** Longest a whole run may take (default 5 minutes). */
  maxRunMs?: number;
  /** Bodies longer than this are cut in the trace (default 64 KB). */
  storedBodyBytes?: number;
}

/** What one step's run gives the run loop. */
interface StepOutcome {
  trace: StepTrace;
  answer?: StepAnswer;
  outputs: Record<string, unknown>;
}

/** What a step's exchange gave: the parsed body, its status and headers, and why it found nothing when it did not. */
export interface StepAnswer {
  body: unknown;
  meta: AnswerMeta;
  noMatch?: string;
  /** The URL that answered, and the size of its body. */
  url: string;
  bytes: number;
}

/**
 * The connector engine: runs a normalised definition against a context and returns the full
 * trace and the contact patch. It keeps no state besides its HTTP connections and OAuth tokens.
 *
 * @example
 * const engine = new Engine();
 * const parsed = parseDefinition(document);
 * if (parsed.ok) console.log(await engine.run(parsed.definition, { contact: { email: 'ada@example.com' } }));
 */
export class Engine {
  readonly http: HttpClient;
  readonly #ownsHttp: boolean;
  readonly #tokens = new TokenCache();
  readonly #retryBaseDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #maxRunMs: number;
  readonly #storedBodyBytes: number;

  constructor(options: EngineOptions = {}) {
    this.#ownsHttp = options.http === undefined;
    this.http = options.http ?? new HttpClient(options);
    this.#retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.#maxRunMs = options.maxRunMs ?? 300_000;
    this.#storedBodyBytes = options.storedBodyBytes ?? 64 * 1024;
  }

  /** Runs a definition. It never throws: whatever goes wrong is the run's error, masked. */
  async run(definition: Definition, context: RunContext = {}, hooks: RunHooks = {}): Promise<RunResult> {
    const started = performance.now();
    const secrets = new RunSecrets(definition.steps, context.credentials ?? {});
    const traces: StepTrace[] = [];
    const time: RunTime = {
      deadline: Date.now() + this.#maxRunMs,
      pause: hooks.pause ?? sleep,
      credentials: context.credentials ?? {},
      renewed: new Map(),
      ...(hooks.beforePage ? { beforePage: hooks.beforePage } : {}),
      ...(hooks.renewConnection ? { renewConnection: hooks.renewConnection } : {}),
    };
    try {
      return await this.#run(definition, context, secrets, traces, started, time, hooks.onStep);
    } catch (error) {
      const message = secrets.masker.mask(error instanceof Error ? error.message : String(error));
      return finish(secrets.masker, traces, started, 'failed', { code: 'internal', message: `the engine could not finish the run: ${message}` });
    }
  }

  async #run(definition: Definition, context: RunContext, secrets: RunSecrets, traces: StepTrace[], started: number, time: RunTime, onStep?: StepListener): Promise<RunResult> {
    const { masker } = secrets;
    let input: Record<string, unknown>;
    try {
      input = resolveInputs(definition.inputSchema, context.input ?? {});
    } catch (error) {
      const failure = error as StepError;
      for (const step of definition.steps) traces.push(skipped(step, 'not run: the inputs are not valid'));
      return finish(masker, traces, started, 'failed', { code: failure.code, message: failure.message });
    }

    const scope = new Scope(
      { contact: contactScope(context.contact ?? {}), input, workspace: workspaceScope(context), credentials: context.credentials ?? {} },
      { secrets },
    );
    const responses = new Map<string, StepAnswer>();
    // Steps that found nothing, by every name a template may use for them.
    const unmatched = new Set<string>();
    const noMatch: string[] = [];
    let failed: RunResult['error'];
    const { only } = context;
    const onlyIndex = only ? definition.steps.findIndex((step) => step.id === only.step) : -1;
    for (let index = 0; index < definition.steps.length; index++) {
      const step = definition.steps[index] as Step;
      // The names later templates may read this step by: its id, and `step_N` unless another step has that id.
      const alias = `step_${index + 1}`;
      const names = stepIndex(alias, definition.steps) === index ? [step.id, alias] : [step.id];
      if (failed) {
        traces.push(skipped(step, `not run: ${failed.step ?? 'an earlier step'} failed`));
        continue;
      }
      if (only && step.id !== only.step) {
        const before = index < onlyIndex;
        if (before && Object.hasOwn(only.earlier, step.id)) for (const name of names) scope.data[name] = only.earlier[step.id];
        traces.push(skipped(step, before ? 'not sent: what it gave in the last test stands in' : `not sent: only ${only.step} was sent`));
        continue;
      }
      if (unmatched.size > 0 && readsAnyStep(step, unmatched)) {
        traces.push(skipped(step, 'not run: it reads a step that found no match'));
        for (const name of names) unmatched.add(name);
        continue;
      }
      if (Date.now() >= time.deadline) {
        traces.push(skipped(step, 'not run: the run reached its time limit'));
        failed = { step: step.id, code: 'run_timeout', message: `the run took longer than its ${this.#maxRunMs / 1000} s limit` };
        continue;
      }
      if (onStep) await onStep({ type: 'step_started', index, id: step.id, ...(step.name === undefined ? {} : { name: step.name }) });
      const { trace, answer, outputs } = await this.#runStep(step, scope, secrets, time, definition.steps);
      traces.push(trace);
      if (onStep) await onStep({ type: 'step_finished', index, trace: { ...trace, notes: trace.notes.map((note) => masker.mask(note)) } });
      if (answer?.noMatch !== undefined) {
        for (const name of names) unmatched.add(name);
        noMatch.push(`${step.id}: ${answer.noMatch}`);
      } else if (trace.status === 'success') {
        if (answer) responses.set(step.id, answer);
        // Later steps read a step's outputs, or its whole response when it names none.
        const visible = Object.keys(step.outputs).length > 0 ? outputs : answer?.body;
        for (const name of names) scope.data[name] = visible;
      } else if (trace.error && !(step.continueOnError || definition.continueOnError)) {
        failed = { step: step.id, code: trace.error.code, message: trace.error.message };
      }
    }
    // A step or the run that hit its time limit ends the run as `timeout`, the original design's status for it.
    if (failed) return finish(masker, traces, started, failed.code === 'run_timeout' || failed.code === 'timeout' ? 'timeout' : 'failed', failed);
    const { patch, mappings } = buildPatch(definition, responses, scope, secrets.inAnswers);
    const result = finish(masker, traces, started, 'success', undefined, patch, mappings);
    return noMatch.length > 0 ? { ...result, noMatch: masker.mask(`no match: ${noMatch.join('; ')}`) } : result;
  }

  async #runStep(step: Step, scope: Scope, secrets: RunSecrets, time: RunTime, steps: readonly Step[]): Promise<StepOutcome> {
    const started = performance.now();
    const trace = newTrace(step);
    const outputs: Record<string, unknown> = {};
    let answer: StepAnswer | undefined;
    try {
      if (step.when !== undefined && isFalsy(evaluateWhen(step.when, scope))) {
        trace.status = 'skipped';
        trace.notes.push(`skipped: "when" (${step.when}) is false`);
      } else {
        answer = await this.#exchange(step, scope, secrets, time, trace);
        if (answer.noMatch === undefined && step.paginate) answer = await this.#pages(step, answer, scope, secrets, time, trace);
        if (answer.noMatch !== undefined) {
          trace.noMatch = true;
          trace.notes.push(`no match: ${answer.noMatch}; the steps that read this one are not run`);
        } else {
          for (const name in step.outputs) {
            const path = step.outputs[name] as string;
            const value = extractOutput(name, path, answer, scope, secrets);
            if (value === undefined || value === null) trace.notes.push(`output ${name}: ${path} found nothing in the response`);
            else outputs[name] = value;
          }
        }
        trace.status = 'success';
      }
    } catch (error) {
      const failure = explain(error, scope, steps);
      trace.error = { code: failure.code, message: secrets.masker.mask(failure.message) };
      if (trace.response) trace.error.status = trace.response.status;
    }
    trace.durationMs = elapsed(started);
    trace.outputs = secrets.masker.maskDeep(outputs);
    return { trace, ...(answer ? { answer } : {}), outputs };
  }

  /**
   * Reads the pages after a step's first answer, and gives the step `{ items, pages }`: every
   * page's items, in order. A page that says "no match" (a 404 past the end) ends the list.
   */
  async #pages(step: Step, first: StepAnswer, scope: Scope, secrets: RunSecrets, time: RunTime, trace: StepTrace): Promise<StepAnswer> {
    const pages = new Pages(step.paginate!);
    const shown: NonNullable<StepTrace['pages']> = [];
    let answer = first;
    let attempts = trace.attempts;
    for (;;) {
      const before = pages.items.length;
      const next = pages.add(answer.body, answer.meta, answer.bytes, answer.url, { budget: scope.budget, secrets: secrets.inAnswers, answer: answer.meta });
      shown.push({ url: trace.request?.url ?? '', status: answer.meta.status, items: pages.items.length - before });
      if (!next) break;
      await time.beforePage?.();
      answer = await this.#exchange(step, scope, secrets, time, trace, next);
      attempts += trace.attempts;
      if (answer.noMatch !== undefined) break;
    }
    trace.attempts = attempts;
    trace.pages = shown;
    if (pages.stoppedBy) trace.notes.push(`pages: stopped at ${pages.stoppedBy}; there may be more`);
    const body = { items: pages.items, pages: pages.count };
    if (trace.response) {
      // Shown as the step gives it, so its paths can be picked; cut as text when too long, as any answer is.
      const masked = secrets.masker.maskDeep(body);
      const text = JSON.stringify(masked);
      if (text.length > this.#storedBodyBytes) keepBody(trace.response, text, this.#storedBodyBytes);
      else {
        trace.response.body = masked;
        delete trace.response.bodyTruncated;
      }
    }
    return { body, meta: answer.meta, url: answer.url, bytes: answer.bytes };
  }

  /**
   * Sends a step's request (or, with `next`, its request for another page), retrying as the step
   * allows, and returns the answer: a 2xx the step's `failWhen` does not refuse, or one its
   * `noMatch` says found nothing.
   */
  async #exchange(step: Step, scope: Scope, secrets: RunSecrets, time: RunTime, trace: StepTrace, next?: NextPage): Promise<StepAnswer> {
    const { masker } = secrets;
    const auth: AuthContext = {
      http: this.http,
      tokens: this.#tokens,
      masker,
      deadline: time.deadline,
      refresh: false,
      credentials: time.credentials,
      renewed: time.renewed,
      ...(time.renewConnection ? { renewConnection: time.renewConnection } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const remaining = time.deadline - Date.now();
      if (remaining <= 0) throw new StepError('run_timeout', 'the run reached its time limit');
      trace.attempts = attempt;
      let answer: Answer;
      try {
        auth.deadline = Date.now() + Math.min(step.timeoutMs, remaining);
        const request = buildRequest(step, scope);
        if (next) askForPage(request, next);
        const authorizing = applyAuth(step.auth, request, scope, auth);
        if (authorizing) await authorizing;
        this.#recordRequest(trace, request, masker);
        answer = this.#recordResponse(trace, await this.http.send(request, auth.deadline), step, scope, secrets);
      } catch (error) {
        const failure = error instanceof StepError ? error : new StepError('network', String(error));
        if (failure.code === 'timeout' && remaining < step.timeoutMs) {
          throw new StepError('run_timeout', `${failure.message}: the run reached its ${this.#maxRunMs / 1000} s limit`);
        }
        if (failure.code === 'timeout') failure.message = `${failure.message} (step timeout ${step.timeoutMs} ms)`;
        if (!failure.retryable || attempt > step.retries) throw failure;
        await this.#wait(attempt, undefined, time, trace, failure.message);
        continue;
      }

      const { response, parsed, shown } = answer;
      const meta: AnswerMeta = { status: response.status, headers: response.headers };
      const where = { url: response.url, bytes: response.body.length };
      const reading: ExtractOptions = { budget: scope.budget, secrets: secrets.inAnswers, answer: meta };
      const problem = () => `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim() + ` from ${new URL(response.url).host}`;
      if (step.noMatch?.statuses.includes(response.status)) return { body: parsed.error ? parsed.text : parsed.value, meta, noMatch: problem(), ...where };
      if (response.status >= 200 && response.status < 300) {
        if (parsed.error) throw new StepError(parsed.error.code, `${parsed.error.message}; it begins: ${preview(shown)}`);
        // "Nothing found" is asked first: APIs that answer 200 with an error say so with one of their errors.
        if (step.noMatch?.when !== undefined && !isFalsy(overAnswer('noMatch.when', step.noMatch.when, parsed.value, reading))) {
          return { body: parsed.value, meta, noMatch: `${step.noMatch.when} holds`, ...where };
        }
        if (step.failWhen !== undefined && !isFalsy(overAnswer('failWhen', step.failWhen, parsed.value, reading))) {
          throw new StepError('api_error', `the API answered ${response.status} but says it failed (${step.failWhen}): ${errorText(step, parsed.value, shown, reading)}`);
        }
        return { body: parsed.value, meta, ...where };
      }
      if (response.status === 401 && step.auth.type.startsWith('oauth2_') && !auth.refresh) {
        // The token held may have been revoked: get a new one, once.
        auth.refresh = true;
        trace.notes.push('401: got a new OAuth token and tried again');
        attempt--;
        continue;
      }
      if (isRetryableStatus(response.status) && attempt <= step.retries) {
        await this.#wait(attempt, parseRetryAfter(response.headers['retry-after']), time, trace, problem());
        continue;
      }
      throw new StepError('http_status', `${problem()}: ${errorText(step, parsed.value, shown, reading)}`);
    }
  }

  /** The request as the trace shows it; headers that carry a secret are marked to stay with their origin. */
  #recordRequest(trace: StepTrace, request: BuiltRequest, masker: SecretMasker): void {
    const { shown } = request;
    const headers = maskHeaders(shown.headers, masker);
    // A header shown otherwise than sent read a secret, or holds one.
    for (const name in request.headers) if (headers[name] !== request.headers[name]) request.sensitiveHeaders.add(name.toLowerCase());
    trace.request = { method: request.method, url: masker.mask(shown.url), headers };
    if (shown.body !== undefined) keepBody(trace.request, masker.mask(shown.body), this.#storedBodyBytes);
  }

  /**
   * The answer parsed, and recorded with secrets masked before anything is cut or flattened;
   * the secrets it brings (tokens, secret outputs) are learned first. `shown` is its text as it
   * may be shown (in an error message, say).
   */
  #recordResponse(trace: StepTrace, response: IncomingResponse, step: Step, scope: Scope, secrets: RunSecrets): Answer {
    const parsed = parseBodyFor(response);
    secrets.learn(step, parsed.value, scope.budget);
    const { masker } = secrets;
    let shown = parsed.text;
    trace.response = { status: response.status, headers: maskHeaders(response.headers, masker), body: parsed.value };
    // A text that shows a secret, or holds an escape (\u0061, \/, &#97;, split CDATA) that could
    // spell one it does not show, is shown from its parsed value, masked.
    if (masker.mayShow(parsed.text)) {
      const masked = masker.maskDeep(parsed.value);
      trace.response.body = masked;
      shown = typeof masked === 'string' ? masked : (JSON.stringify(masked) ?? '');
    }
    if (shown.length > this.#storedBodyBytes) keepBody(trace.response, shown, this.#storedBodyBytes);
    return { response, parsed, shown };
  }

  /** Waits before another try: the remote's Retry-After when given, else backoff with jitter. */
  async #wait(attempt: number, retryAfterMs: number | undefined, time: RunTime, trace: StepTrace, reason: string): Promise<void> {
    if (retryAfterMs !== undefined && retryAfterMs > this.#maxRetryDelayMs) {
      throw new StepError('http_status', `${reason}; it asks to retry after ${Math.ceil(retryAfterMs / 1000)} s, longer than the ${this.#maxRetryDelayMs / 1000} s a step waits`);
    }
    const delay = retryAfterMs ?? backoffDelay(attempt, this.#retryBaseDelayMs, this.#maxRetryDelayMs);
    if (Date.now() + delay >= time.deadline) throw new StepError('run_timeout', `${reason}; no time left in the run to try again`);
    trace.notes.push(`attempt ${attempt}: ${reason}; trying again in ${Math.round(delay)} ms`);
    await time.pause(delay);
  }

  async close(): Promise<void> {
    if (this.#ownsHttp) await this.http.close();
  }
}

/** A run's result: requests, responses and outputs were masked as they were recorded; what remains is text. */
function finish(masker: SecretMasker, traces: StepTrace[], started: number, status: RunResult['status'], error?: RunResult['error'], patch: ContactPatch = {}, mappings: MappingTrace[] = []): RunResult {
  return {
    status,
    steps: traces.map((trace) => (trace.notes.length === 0 ? trace : { ...trace, notes: trace.notes.map((note) => masker.mask(note)) })),
    mappings: masker.maskDeep(mappings),
    ...(error ? { error: { ...error, message: masker.mask(error.message) } } : {}),
    patch,
    durationMs: elapsed(started),
  };
}

interface ParsedResponse {
  value: unknown;
  text: string;
  error?: StepError;
}

/** An answer as received: parsed, and its text with secrets masked. */
interface Answer {
  response: IncomingResponse;
  parsed: ParsedResponse;
  shown: string;
}

/** Parses a body; a malformed one is kept as text, and only fails a step that needed it. */
function parseBodyFor(response: IncomingResponse): ParsedResponse {
  try {
    const { value, text } = parseBody(response.headers['content-type'], response.body);
    return { value, text };
  } catch (error) {
    const text = response.body.toString('utf8');
    return { value: text, text, error: error as StepError };
  }
}

/** An output of a step; one made from a secret the answer holds is a secret too. */
function extractOutput(name: string, path: string, answer: StepAnswer, scope: Scope, secrets: RunSecrets): unknown {
  try {
    return extract(path, answer.body, { budget: scope.budget, secrets: secrets.inAnswers, answer: answer.meta });
  } catch (error) {
    throw fieldError(`outputs.${name}`, error);
  }
}

/** An outcome rule (`failWhen`, `noMatch.when`) over an answer. */
function overAnswer(field: string, source: string, body: unknown, reading: ExtractOptions): unknown {
  try {
    return evaluateOverAnswer(source, body, reading);
  } catch (error) {
    throw fieldError(field, error);
  }
}

/** What a failed answer says: the step's `errorPath` in it when that finds something, else the start of its text. */
function errorText(step: Step, body: unknown, shown: string, reading: ExtractOptions): string {
  if (step.errorPath !== undefined) {
    try {
      const said = extract(step.errorPath, body, reading);
      if (said !== undefined && said !== null && said !== '') return preview(stringify(said));
    } catch {
      // A path that cannot read this answer says nothing; the text does.
    }
  }
  return preview(shown) || '(empty body)';
}

function evaluateWhen(source: string, scope: Scope): unknown {
  try {
    return evaluateLenient(source, scope);
  } catch (error) {
    throw fieldError('when', error);
  }
}

/** `workspace.*` in templates: id and name, and each credential by the original design's names. */
export function workspaceScope(context: RunContext): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [service, fields] of Object.entries(context.credentials ?? {})) {
    const entries = Object.entries(fields);
    // `{{workspace.hubspot_token}}` is credential hubspot's field token.
    for (const [field, value] of entries) scope[`${service}_${field}`] = value;
    // `{{workspace.api_key}}` is the single value of credential api_key.
    if (entries.length === 1 && entries[0]) scope[service] = entries[0][1];
  }
  if (context.workspace?.id !== undefined) scope.id = context.workspace.id;
  if (context.workspace?.name !== undefined) scope.name = context.workspace.name;
  return scope;
}
