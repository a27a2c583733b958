import { BoundedCache } from './bounded-cache.ts';
import { StepError } from './errors.ts';
import { jsonSyntaxReason, MAX_JSON_DEPTH, nestsDeeper } from './json-depth.ts';
import { readXml } from './xml.ts';

type Declared = 'json' | 'xml' | 'unknown' | 'other';
/** APIs answer with a handful of content types: read each once. */
const declaredKinds = new BoundedCache<string, Declared>(1_000);

function declaredKind(contentType: string): Declared {
  return declaredKinds.get(contentType, kindOf);
}

function kindOf(contentType: string): Declared {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '') return 'unknown';
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  return 'other';
}

/** A response body read by its content type: JSON and XML as data, anything else as text. */
export function parseBody(contentType: string | undefined, bytes: Buffer): { value: unknown; text: string } {
  const text = bytes.toString('utf8');
  if (bytes.length === 0) return { value: null, text };
  const declared = declaredKind(contentType ?? '');
  const isJson = declared === 'json';
  if (isJson || (declared === 'unknown' && /^\s*[[{]/.test(text))) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!isJson) return { value: text, text };
      // The caller shows the body, masked.
      throw new StepError('invalid_response', `the response says it is JSON but is not valid JSON (${jsonSyntaxReason(error)})`);
    }
    if (nestsDeeper(value)) throw new StepError('invalid_response', `the response nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
    return { value, text };
  }
  if (declared === 'xml') {
    try {
      return { value: readXml(text), text };
    } catch (error) {
      throw new StepError('invalid_response', `the response says it is XML but ${(error as Error).message}`);
    }
  }
  return { value: text, text };
}

export function preview(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
