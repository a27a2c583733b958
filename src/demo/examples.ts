import { readFile } from 'node:fs/promises';

/** The example connectors of the original design, shipped in `examples/` and used verbatim by the demos. */
export const EXAMPLE_FILES = ['enhance-data.single-step.json', 'hubspot-contact-enrichment.multi-step.json'];

export async function readExample(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
