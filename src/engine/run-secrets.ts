import type { Step } from './definition/schema.ts';
import { SecretMasker } from './secrets.ts';
import { extract, stringify, type RenderBudget, type SecretWatch } from './template/index.ts';

/** Fields of an OAuth 2.0 token response (RFC 6749 5.1, OpenID Connect) that are secrets. */
export const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/**
 * The secrets of one run: the workspace's credentials, what templates make from them, and what
 * steps obtain (a token endpoint's tokens, outputs marked secret). Templates read credentials,
 * the workspace (whose keys are credentials) and step outputs under watch; contact and inputs
 * are the user's data, not secrets.
 */
export class RunSecrets implements SecretWatch {
  readonly masker = new SecretMasker();
  readonly #watched = new Set(['credentials', 'workspace']);

  constructor(steps: readonly Step[], credentials: Record<string, Record<string, string>>) {
    steps.forEach((step, index) => this.#watched.add(step.id).add(`step_${index + 1}`));
    for (const fields of Object.values(credentials)) for (const value of Object.values(fields)) this.masker.add(value);
  }

  watches(root: string): boolean {
    return this.#watched.has(root);
  }

  /** The same secrets, watching every part of a remote answer (its top-level keys are the roots). */
  readonly inAnswers: SecretWatch = { watches: () => true, holds: (value) => this.holds(value), add: (value) => this.add(value) };

  holds(value: string): boolean {
    return this.masker.holds(value);
  }

  add(value: string): void {
    this.masker.add(value);
  }

  /** Learns the secrets an answer brings, before any of it is shown. */
  learn(step: Step, body: unknown, budget: RenderBudget): void {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      for (const field of TOKEN_FIELDS) {
        const value = (body as Record<string, unknown>)[field];
        if (typeof value === 'string') this.masker.add(value);
      }
    }
    for (const name of step.secretOutputs ?? []) {
      let value: unknown;
      try {
        value = extract(step.outputs[name] ?? '', body, { budget });
      } catch {
        // The output's own extraction, later, says why it found nothing.
        continue;
      }
      this.#addAll(value, 0);
    }
  }

  #addAll(value: unknown, depth: number): void {
    if (typeof value === 'string' || typeof value === 'number') this.masker.add(stringify(value));
    else if (typeof value === 'object' && value !== null && depth < 200) for (const item of Object.values(value)) this.#addAll(item, depth + 1);
  }
}
