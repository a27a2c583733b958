import { demoRouting, startDemoApi, DEMO_CONTACT, DEMO_CREDENTIALS } from '../demo/api.ts';
import { EXAMPLE_FILES, readExample } from '../demo/examples.ts';
import { Engine, parseDefinition } from '../engine/index.ts';
import { formatRun } from './report.ts';

/** Runs the example connectors, verbatim, against the demo API served by this process. */
export async function demoCommand(): Promise<number> {
  const api = await startDemoApi();
  const engine = new Engine(demoRouting(api.url));
  console.log(`Demo API on ${api.url}, standing in for api.example.com and api.hubspot.com\n`);
  let failures = 0;
  try {
    for (const file of EXAMPLE_FILES) {
      const parsed = parseDefinition(await readExample(file));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
      const result = await engine.run(parsed.definition, {
        contact: DEMO_CONTACT,
        input: { email: DEMO_CONTACT.email },
        credentials: DEMO_CREDENTIALS,
      });
      if (result.status !== 'success') failures++;
      console.log(`${formatRun(parsed.definition, result)}\n`);
    }
    console.log(`Run one yourself:\n  npx connectors run examples/${EXAMPLE_FILES[0]} --contact contact.json --credential api_key=KEY`);
  } finally {
    await engine.close();
    api.server.close();
  }
  return failures === 0 ? 0 : 1;
}
