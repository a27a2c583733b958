import { Engine, parseDefinition, type Definition, type EngineOptions, type RunContext, type RunResult } from '../../src/engine/index.ts';

/** Tests reach their stand-in servers on 127.0.0.1 and nothing else. */
export function testEngine(options: EngineOptions = {}): Engine {
  return new Engine({ allowedHosts: ['127.0.0.1'], retryBaseDelayMs: 5, ...options });
}

export function definitionOf(raw: unknown): Definition {
  const parsed = parseDefinition(raw);
  if (!parsed.ok) throw new Error(`invalid definition: ${JSON.stringify(parsed.issues)}`);
  return parsed.definition;
}

export async function runOnce(raw: unknown, context: RunContext = {}, options: EngineOptions = {}): Promise<RunResult> {
  const engine = testEngine(options);
  try {
    return await engine.run(definitionOf(raw), context);
  } finally {
    await engine.close();
  }
}
