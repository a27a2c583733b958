/** Shown in place of a secret. */
export const MASK = '••••••';

/** Shorter values are too common to mask in free text; headers that carry them are masked whole. */
const MIN_MASKED_LENGTH = 4;

/** Header names whose values are always credentials. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * Masks secret values wherever they appear in a trace, in each form they take on the way out:
 * as written, percent-encoded, form-encoded, JSON-escaped and XML-escaped.
 */
export class SecretMasker {
  readonly #variants = new Set<string>();
  #pattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH) return;
    const forms = [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    ];
    for (const form of forms) {
      if (!this.#variants.has(form)) {
        this.#variants.add(form);
        this.#pattern = undefined;
      }
    }
  }

  mask(text: string): string {
    if (this.#variants.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#variants]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, MASK);
  }

  /** A copy of a JSON-like value with every string masked. */
  maskDeep<T>(value: T): T {
    if (this.#variants.size === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((item) => this.#walk(item));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.mask(key)] = this.#walk(item);
      return out;
    }
    return value;
  }
}

/** Headers for a trace: credential headers masked whole, the rest masked by value. */
export function maskHeaders(headers: Record<string, string>, masker: SecretMasker): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? maskCredentialHeader(value) : masker.mask(value);
  }
  return out;
}

/** `Bearer abc` → `Bearer ••••••`: the scheme helps debugging and is no secret. */
function maskCredentialHeader(value: string): string {
  const scheme = /^(Bearer|Basic|Digest|Token|Bot)\s+/i.exec(value);
  return scheme ? `${scheme[0]}${MASK}` : MASK;
}
