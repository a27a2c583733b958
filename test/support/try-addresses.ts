import { Engine, parseDefinition } from '../../src/engine/index.ts';

/* Tries each URL given through the engine, with nothing allowed, and prints what each run said. */
const engine = new Engine({ allowedHosts: [] });
const results: Record<string, { code?: string; message?: string }> = {};
for (const url of process.argv.slice(2)) {
  const parsed = parseDefinition({ name: 'Try', steps: [{ url, timeout: 2000 }] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const result = await engine.run(parsed.definition);
  results[url] = { code: result.error?.code, message: result.error?.message };
}
await engine.close();
console.log(JSON.stringify(results));
