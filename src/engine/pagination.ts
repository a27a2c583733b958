import type { Paginate } from './definition/schema.ts';
import { StepError } from './errors.ts';
import { isFalsy } from './contact-template.ts';
import { evaluateOverAnswer, extract, stringify, type AnswerMeta, type ExtractOptions } from './template/index.ts';

/** Bytes of pages one step may collect in all; past it the step stops, with what it has. */
export const PAGE_BYTES_BUDGET = 20 * 1024 * 1024;

/** How the next page's request differs from the step's own: another URL, query parameters set, or JSON body fields set (by dotted path). */
export type NextPage = { url: string } | { query: Record<string, string> } | { body: Record<string, unknown> };

/** `Link: <https://api.github.com/…?page=2>; rel="next", <…>; rel="last"` (RFC 8288) as `{ next, last }`. */
export function linksOf(header: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(match[2] ?? '')?.[1];
    if (rel) for (const name of rel.trim().split(/\s+/)) links[name.toLowerCase()] ??= match[1]!;
  }
  return links;
}

/**
 * Follows a step's pages: what each page adds to the items, and what the next request is, read
 * from the page's answer (its fields, `_status`, `_headers`, `_links`, and `_page` and `_items`:
 * the pages and items so far). Stops at the definition's limits, on an empty page, when `hasMore`
 * is false, or when the next page would be the one just read.
 */
export class Pages {
  readonly items: unknown[] = [];
  count = 0;
  #bytes = 0;
  #last = '';
  /** Why the pages stopped, when it was a limit rather than the end (for the trace). */
  stoppedBy: string | undefined;
  readonly #paginate: Paginate;

  constructor(paginate: Paginate) {
    this.#paginate = paginate;
  }

  /** Takes a page; the next page's request, or undefined when there is none to read. */
  add(body: unknown, meta: AnswerMeta, bytes: number, url: string, reading: ExtractOptions): NextPage | undefined {
    this.count++;
    this.#bytes += bytes;
    const found = extract(this.#paginate.items, body, reading);
    if (found !== undefined && found !== null && !Array.isArray(found)) {
      throw new StepError('invalid_response', `paginate.items: "${this.#paginate.items}" on page ${this.count} is ${typeof found}, not a list`);
    }
    const items = (found as unknown[] | undefined) ?? [];
    const room = this.#paginate.maxItems - this.items.length;
    // One by one: a page of many items spread into one call would pass the engine's argument limit.
    for (const item of items.slice(0, room)) this.items.push(item);
    if (items.length > room || this.items.length === this.#paginate.maxItems) return this.#stop(`maxItems (${this.#paginate.maxItems})`);
    if (items.length === 0) return undefined;
    if (this.count >= this.#paginate.maxPages) return this.#stop(`maxPages (${this.#paginate.maxPages})`);
    if (this.#bytes >= PAGE_BYTES_BUDGET) return this.#stop(`the ${PAGE_BYTES_BUDGET / 1024 / 1024} MB the pages of a step may take`);

    const over = (field: string, source: string) => {
      try {
        return evaluateOverAnswer(source, body, reading, { _links: linksOf(meta.headers.link), _page: this.count, _items: this.items.length });
      } catch (error) {
        throw new StepError('template', `paginate.${field}: ${(error as Error).message}`, { cause: error });
      }
    };
    const { hasMore, nextUrl, nextQuery, nextBody } = this.#paginate;
    if (hasMore !== undefined && isFalsy(over('hasMore', hasMore))) return undefined;
    let next: NextPage;
    if (nextUrl !== undefined) {
      const target = stringify(over('nextUrl', nextUrl)).trim();
      if (target === '') return undefined;
      next = { url: new URL(target, url).href };
      if (next.url === url) return undefined;
    } else if (nextBody !== undefined) {
      // Values keep their type: a cursor stays text, an offset a number.
      const body: Record<string, unknown> = {};
      for (const [path, source] of Object.entries(nextBody)) body[path] = over(`nextBody.${path}`, source);
      if (Object.values(body).every((value) => value === undefined || value === null || value === '')) return undefined;
      next = { body };
    } else {
      const query: Record<string, string> = {};
      for (const [name, source] of Object.entries(nextQuery ?? {})) query[name] = stringify(over(`nextQuery.${name}`, source));
      if (Object.values(query).every((value) => value === '')) return undefined;
      next = { query };
    }
    // A cursor that does not move would read the same page for ever.
    const key = JSON.stringify(next);
    if (key === this.#last) return undefined;
    this.#last = key;
    return next;
  }

  #stop(limit: string): undefined {
    this.stoppedBy = limit;
    return undefined;
  }
}
