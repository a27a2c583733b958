import { isSingleStep } from './formats.ts';
import { formatPath } from './issues.ts';

/** Spellings an author may have used for each normalised key, first the original design's. */
const SPELLINGS: Record<string, string[]> = {
  query: ['queryParams', 'query'],
  outputs: ['outputMapping', 'outputs'],
  timeoutMs: ['timeout', 'timeoutMs'],
  continueOnError: ['continue_on_error', 'continueOnError'],
  fieldMappings: ['field_mappings', 'fieldMappings'],
  finalMapping: ['finalMapping', 'final_mapping'],
  inputSchema: ['input_schema', 'inputSchema'],
  bodyType: ['bodyType', 'body_type'],
  noMatch: ['noMatch', 'no_match'],
  failWhen: ['failWhen', 'fail_when'],
  errorPath: ['errorPath', 'error_path'],
};

type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw => (typeof value === 'object' && value !== null ? (value as Raw) : {});

/**
 * Names places of a normalised definition by the path they have in the document the author
 * wrote: `config.queryParams[0].value` for a single-step original, `steps[1].url` otherwise.
 */
export class Locator {
  readonly #raw: Raw;
  readonly #single: boolean;
  constructor(raw: unknown) {
    this.#raw = asRecord(raw);
    this.#single = isSingleStep(raw);
  }

  #rawStep(index: number): Raw {
    return asRecord(this.#single ? this.#raw.config : (this.#raw.steps as unknown[] | undefined)?.[index]);
  }

  #spelled(container: Raw, key: string): string {
    return (SPELLINGS[key] ?? [key]).find((name) => name in container) ?? SPELLINGS[key]?.[0] ?? key;
  }

  /** `config`, `steps[2]`, with more path parts after it. */
  step(index: number, ...path: PropertyKey[]): string {
    const [key, ...rest] = path;
    const head: PropertyKey[] = this.#single ? ['config'] : ['steps', index];
    if (key === undefined) return formatPath(head);
    const container = this.#rawStep(index);
    const spelled = typeof key === 'string' ? this.#spelled(container, key) : key;
    const list = container[spelled as string];
    if (Array.isArray(list) && typeof rest[0] === 'string' && rest.length === 1) {
      // headers and query given as key/value arrays: point at the entry's value.
      const at = list.findIndex((entry) => asRecord(entry).key === rest[0]);
      if (at >= 0) return formatPath([...head, spelled, at, 'value']);
    }
    return formatPath([...head, spelled, ...rest]);
  }

  top(key: string, ...rest: PropertyKey[]): string {
    return formatPath([this.#spelled(this.#raw, key), ...rest]);
  }
}
