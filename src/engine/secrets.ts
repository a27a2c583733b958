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
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#pattern = undefined;
  }

  mask(text: string): string {
    if (this.#secrets.size === 0) return text;
    this.#pattern ??= patternFor([...this.#secrets]);
    return text.replace(this.#pattern, MASK);
  }

  /** A JSON-like value with every string masked; parts with nothing to mask are shared, not copied. */
  maskDeep<T>(value: T): T {
    if (this.#secrets.size === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (typeof value !== 'object' || value === null) return value;
    let copy: Record<string, unknown> | unknown[] | undefined;
    const entries = Object.entries(value);
    for (const [index, [key, item]] of entries.entries()) {
      const masked = this.#walk(item);
      const maskedKey = Array.isArray(value) ? key : this.mask(key);
      if (copy === undefined && (masked !== item || maskedKey !== key)) {
        copy = Array.isArray(value) ? value.slice(0, index) : Object.fromEntries(entries.slice(0, index));
      }
      if (copy !== undefined) (copy as Record<string, unknown>)[maskedKey] = masked;
    }
    return copy ?? value;
  }
}

/** The same secrets come back run after run (a workspace's credentials): build their pattern once. */
const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 1_000;

function patternFor(secrets: string[]): RegExp {
  const key = secrets.join('\0');
  let pattern = patterns.get(key);
  if (pattern) return pattern;
  const forms = new Set(secrets.flatMap(formsOf));
  pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  if (patterns.size >= MAX_PATTERNS) patterns.delete(patterns.keys().next().value as string);
  patterns.set(key, pattern);
  return pattern;
}

/** A secret as written, percent-encoded, form-encoded, JSON-escaped and XML-escaped. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
  ];
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
