import { readFile } from 'node:fs/promises';
import { startDemoApi, DEMO_CONTACT, DEMO_CREDENTIALS } from '../demo/api.ts';
import { Engine, parseDefinition } from '../engine/index.ts';
import { formatRun } from './report.ts';

const EXAMPLES = ['enhance-data.single-step.json', 'hubspot-contact-enrichment.multi-step.json'];

/** Runs the example connectors, verbatim, against the demo API served by this process. */
export async function demoCommand(): Promise<number> {
  const api = await startDemoApi();
  const engine = new Engine({
    allowedHosts: ['127.0.0.1'],
    connectTo: { 'https://api.example.com': api.url, 'https://api.hubspot.com': api.url },
  });
  console.log(`Demo API on ${api.url}, standing in for api.example.com and api.hubspot.com\n`);
  let failures = 0;
  try {
    for (const file of EXAMPLES) {
      const parsed = parseDefinition(JSON.parse(await readFile(new URL(`../../examples/${file}`, import.meta.url), 'utf8')));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
      const result = await engine.run(parsed.definition, {
        contact: DEMO_CONTACT,
        input: { email: DEMO_CONTACT.email },
        credentials: DEMO_CREDENTIALS,
      });
      if (result.status !== 'success') failures++;
      console.log(`${formatRun(parsed.definition, result)}\n`);
    }
    console.log(`Run one yourself:\n  npx connectors run examples/${EXAMPLES[0]} --contact contact.json --credential api_key=KEY`);
  } finally {
    await engine.close();
    api.server.close();
  }
  return failures === 0 ? 0 : 1;
}
