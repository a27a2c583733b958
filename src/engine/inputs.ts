import type { InputField } from './definition/schema.ts';
import { StepError } from './errors.ts';

/**
 * Checks the inputs a run was given against the definition's `input_schema`: defaults filled,
 * text converted to the declared type (`"5"` → 5), and a missing required input, or a value
 * outside its `enum`, named.
 */
export function resolveInputs(fields: readonly InputField[], given: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (fields.length === 0) return given;
  const values: Record<string, unknown> = { ...given };
  for (const field of fields) {
    const raw = given[field.name];
    if (raw === undefined || raw === null || raw === '') {
      if (field.default !== undefined) values[field.name] = field.default;
      else if (field.required) {
        throw new StepError('input', `input "${field.name}" is required${field.description ? ` (${field.description})` : ''}`);
      }
      continue;
    }
    const value = coerce(field, raw);
    if (field.enum && !field.enum.includes(value as string | number | boolean)) {
      throw new StepError('input', `input "${field.name}" must be one of ${field.enum.map((choice) => JSON.stringify(choice)).join(', ')}, got ${JSON.stringify(raw)}`);
    }
    values[field.name] = value;
  }
  return values;
}

function coerce(field: InputField, raw: unknown): unknown {
  const fail = () =>
    new StepError('input', `input "${field.name}" must be ${field.type === 'array' || field.type === 'object' ? 'an' : 'a'} ${field.type}, got ${JSON.stringify(raw)}`);
  switch (field.type) {
    case 'string':
      if (typeof raw === 'object') throw fail();
      return String(raw);
    case 'number': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw fail();
      return value;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw fail();
    case 'object':
    case 'array': {
      let value = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          throw fail();
        }
      }
      if (field.type === 'array' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) throw fail();
      return value;
    }
  }
}
