import { BoundedCache } from './bounded-cache.ts';
import { escapeXml } from './escape.ts';

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
  #compiled: Compiled | undefined;

  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#compiled = undefined;
  }

  mask(text: string): string {
    if (this.#secrets.size === 0) return text;
    const { forms, pattern } = (this.#compiled ??= compiledFor([...this.#secrets]));
    // Most text holds no secret: a few substring searches cost less than the pattern.
    return forms.some((form) => text.includes(form)) ? text.replace(pattern, MASK) : text;
  }

  /** A JSON-like value with every string masked; parts with nothing to mask are shared, not copied. */
  maskDeep<T>(value: T): T {
    if (this.#secrets.size === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const masked = this.#walk(value[index]);
        if (copy === undefined && masked !== value[index]) copy = value.slice(0, index);
        copy?.push(masked);
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in record) {
      const item = record[key];
      const masked = this.#walk(item);
      const maskedKey = this.mask(key);
      if (copy === undefined && (masked !== item || maskedKey !== key)) {
        copy = {};
        for (const earlier in record) {
          if (earlier === key) break;
          copy[earlier] = record[earlier];
        }
      }
      if (copy !== undefined) copy[maskedKey] = masked;
    }
    return copy ?? value;
  }
}

interface Compiled {
  /** Every form of every secret, longest first. */
  forms: string[];
  pattern: RegExp;
}

/** The same secrets come back run after run (a workspace's credentials): prepare them once. */
const compiledSecrets = new BoundedCache<string, Compiled>(1_000);

function compiledFor(secrets: string[]): Compiled {
  return compiledSecrets.get(secrets.join('\0'), () => {
    const forms = [...new Set(secrets.flatMap(formsOf))].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    return { forms, pattern };
  });
}

/** A secret as written, percent-encoded, form-encoded, JSON-escaped and XML-escaped. */
function formsOf(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    escapeXml(secret),
  ];
}

/** Headers for a trace: credential headers masked whole, the rest masked by value. */
export function maskHeaders(headers: Record<string, string>, masker: SecretMasker): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name] as string;
    out[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? maskCredentialHeader(value) : masker.mask(value);
  }
  return out;
}

/** `Bearer abc` → `Bearer ••••••`: the scheme helps debugging and is no secret. */
function maskCredentialHeader(value: string): string {
  const scheme = /^(Bearer|Basic|Digest|Token|Bot)\s+/i.exec(value);
  return scheme ? `${scheme[0]}${MASK}` : MASK;
}
