/*
 * What PostgreSQL refuses to store: NUL in any text or jsonb value, and lone UTF-16 surrogates
 * in jsonb. Input from outside is refused with a 400 before it gets here; what remote APIs answer
 * (and what runs make of it) is kept, with each such character made U+FFFD.
 */

/** NUL or a lone surrogate, in text. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JSON.stringify writes NUL and lone surrogates as escapes; an escape preceded by an odd number of backslashes is one. */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/** Whether text holds what no text or jsonb column can (the API refuses it from callers). */
export function isUnstorable(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text);
}

export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  return text === null ? null : text.replace(UNSTORABLE, '\uFFFD');
}

/** A value as JSON text the database takes. */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.includes('\\u') ? json.replace(UNSTORABLE_ESCAPE, '$1\\ufffd') : json;
}
