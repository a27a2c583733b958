import { BoundedCache } from './bounded-cache.ts';
import { escapeXml } from './escape.ts';

/** Shown in place of a secret. */
export const MASK = '••••••';

/**
 * A form at least this long found inside a remote value makes that value secret; shorter forms
 * are masked wherever they appear, but would make ordinary values secret by chance.
 */
const CONTAINED_FORM_MIN = 6;

/** Header names whose values are always credentials. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * The secrets of a run, masked wherever they appear in a trace, of any length, in each form
 * they take on the way out or coming back: as written, upper and lower case, percent-encoded
 * (either case of hex), form-encoded, JSON-escaped (with or without `\/`), XML-escaped, and
 * base64 (standard and URL-safe, alone or inside a longer encoded text).
 */
export class SecretMasker {
  readonly #secrets = new Set<string>();
  #compiled: Compiled | undefined;

  add(secret: string | undefined): void {
    if (secret === undefined || secret === '' || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#compiled = undefined;
  }

  mask(text: string): string {
    if (this.#secrets.size === 0) return text;
    const { found, pattern } = this.#forms();
    // Most text holds no secret: one search, which replaces nothing, comes first.
    return found.test(text) ? text.replace(pattern, MASK) : text;
  }

  /** Whether a value is a secret, or holds one in a form long enough not to be there by chance. */
  holds(text: string): boolean {
    if (this.#secrets.size === 0) return false;
    return this.#secrets.has(text) || (this.#forms().contained?.test(text) ?? false);
  }

  /**
   * Whether a text may show a secret: it holds a form of one, or an escape (`\u0061`, `\/`,
   * `&#97;`, a split CDATA) that could spell one no form matches. One search over the text.
   */
  mayShow(text: string): boolean {
    return this.#secrets.size > 0 && this.#forms().foundOrEscaped.test(text);
  }

  /** A JSON-like value with every string masked; parts with nothing to mask are shared, not copied. */
  maskDeep<T>(value: T): T {
    if (this.#secrets.size === 0) return value;
    return this.#walk(value) as T;
  }

  #forms(): Compiled {
    return (this.#compiled ??= compiledFor([...this.#secrets]));
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
  /** Any form of any secret: replaces each, longest first. */
  pattern: RegExp;
  /** The same, without the global flag: tests text without a position to reset. */
  found: RegExp;
  /** `found`, or an escape that could spell a secret. */
  foundOrEscaped: RegExp;
  /** Any form long enough to make a value that contains it secret; none when no form is. */
  contained: RegExp | undefined;
}

/** The same secrets come back run after run (a workspace's credentials): prepare them once. */
const compiledSecrets = new BoundedCache<string, Compiled>(1_000);

function compiledFor(secrets: string[]): Compiled {
  return compiledSecrets.get(secrets.join('\0'), () => {
    const forms = [...new Set(secrets.flatMap(formsOf))].filter(Boolean).sort((a, b) => b.length - a.length);
    // One regular expression over a text costs a third of a substring search per form.
    const anyOf = (some: string[]) => some.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const any = anyOf(forms);
    const contained = forms.filter((form) => form.length >= CONTAINED_FORM_MIN);
    return {
      pattern: new RegExp(any, 'g'),
      found: new RegExp(any),
      foundOrEscaped: new RegExp(`${any}|${String.raw`\\u|\\/|&#|<!\[CDATA\[`}`),
      contained: contained.length > 0 ? new RegExp(anyOf(contained)) : undefined,
    };
  });
}

/** Every form of a secret the masker knows. */
export function formsOf(secret: string): string[] {
  const forms: string[] = [];
  for (const spelled of new Set([secret, secret.toUpperCase(), secret.toLowerCase()])) {
    const percent = encodeURIComponent(spelled);
    const json = JSON.stringify(spelled).slice(1, -1);
    forms.push(
      spelled,
      percent,
      percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
      new URLSearchParams({ s: spelled }).toString().slice(2),
      json,
      json.replace(/\//g, '\\/'),
      escapeXml(spelled),
    );
  }
  return [...forms, ...base64Forms(secret)];
}

/** A base64 fragment this long is the secret's own; shorter ones would match unrelated text. */
const BASE64_FRAGMENT_MIN = 8;

/**
 * The secret in base64: encoded alone (padded or not, standard or URL-safe), and the characters
 * that encode it inside a longer text (`user:secret` in Basic auth) at each of the three byte
 * alignments, which depend on the secret's bytes only.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const alone = bytes.toString('base64');
  const forms = [alone, alone.replace(/=+$/, ''), bytes.toString('base64url')];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const end = offset + bytes.length - 1;
    const fragment = encoded.slice([0, 2, 3][offset], Math.floor(end / 3) * 4 + [1, 2, 4][end % 3]!);
    if (fragment.length >= BASE64_FRAGMENT_MIN) forms.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
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
