import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { StepError } from './errors.ts';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: true,
  parseAttributeValue: true, processEntities: true });

type Declared = 'json' | 'xml' | 'unknown' | 'other';
/** APIs answer with a handful of content types: read each once. */
const declaredKinds = new Map<string, Declared>();

function declaredKind(contentType: string): Declared {
  let kind = declaredKinds.get(contentType);
  if (kind) return kind;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '') kind = 'unknown';
  else if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) kind = 'json';
  else if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) kind = 'xml';
  else kind = 'other';
  if (declaredKinds.size < 1_000) declaredKinds.set(contentType, kind);
  return kind;
}

/** A response body read by its content type: JSON and XML as data, anything else as text. */
export function parseBody(contentType: string | undefined, bytes: Buffer): { value: unknown; text: string } {
  const text = bytes.toString('utf8');
  if (bytes.length === 0) return { value: null, text };
  const declared = declaredKind(contentType ?? '');
  const isJson = declared === 'json';
  if (isJson || (declared === 'unknown' && /^\s*[[{]/.test(text))) {
    try {
      return { value: JSON.parse(text), text };
    } catch (error) {
      if (!isJson) return { value: text, text };
      // V8 quotes a piece of the body in its message; the caller shows the body, masked.
      const reason = (error as Error).message.replace(/, ".*$/s, '');
      throw new StepError('invalid_response', `the response says it is JSON but is not valid JSON (${reason})`);
    }
  }
  if (declared === 'xml') {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw new StepError('invalid_response', `the response says it is XML but is not valid XML (${valid.err.msg}, line ${valid.err.line})`);
    }
    return { value: xml.parse(text) as unknown, text };
  }
  return { value: text, text };
}

export function preview(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
