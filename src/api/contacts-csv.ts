import { STANDARD_CONTACT_FIELDS } from '../engine/index.ts';
import type { Contact } from '../store/index.ts';

/** Contacts read per query while exporting. */
export const EXPORT_PAGE = 1000;

type Pages = (offset: number) => Promise<{ items: Contact[]; total: number }>;

/**
 * Contacts as CSV (RFC 4180), read a page at a time, with a column for each custom field and
 * metadata key (`keys`) after the standard fields.
 */
export async function* contactsCsv(keys: { custom: string[]; metadata: string[] }, pages: Pages): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const { custom, metadata } = keys;
  const columns = [...STANDARD_CONTACT_FIELDS, ...custom.map((key) => `custom_fields.${key}`), ...metadata.map((key) => `metadata.${key}`)];
  yield encoder.encode(`id,${columns.map(cell).join(',')},created_at,updated_at\r\n`);
  for await (const contact of every(pages)) {
    const values = [
      contact.id,
      ...STANDARD_CONTACT_FIELDS.map((field) => contact[field]),
      ...custom.map((key) => (contact.custom_fields as Record<string, unknown>)[key]),
      ...metadata.map((key) => (contact.metadata as Record<string, unknown>)[key]),
      contact.created_at,
      contact.updated_at,
    ];
    yield encoder.encode(`${values.map(cell).join(',')}\r\n`);
  }
}

async function* every(pages: Pages): AsyncGenerator<Contact> {
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const { items } = await pages(offset);
    yield* items;
    if (items.length < EXPORT_PAGE) return;
  }
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break. Contacts hold what remote
 * APIs answered, so a text a spreadsheet would run as a formula (`=HYPERLINK(...)`, or `+`, `-`,
 * `@`, a tab or carriage return first) is kept as text with a leading `'` (OWASP's advice); a
 * phone number or other plain number (`+16266958105`) is left as it is.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d ().-]+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
