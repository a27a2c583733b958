import { parseArgs } from 'node:util';
import { createLogger } from '../api/logger.ts';
import { DEMO_WORKSPACE_ID } from '../demo/seed.ts';
import { tuneForEmbeddedDatabase } from './embedded-memory.ts';
import { DEFAULT_CONCURRENCY } from './runtime.ts';
import { readSettings } from './settings.ts';
import { startServer } from './server.ts';
import { logUnhandledRejections, untilStopped } from './signals.ts';
import { ensureWebBuilt } from './web-build.ts';
import { concurrencyOption } from './worker.ts';

export const SERVE_USAGE = `connectors serve [--demo] [--no-worker] [--concurrency N]

Serves the API (and the docs) on PORT, with the embedded database in CONNECTORS_DATA_DIR
(default ./data) or the PostgreSQL server at DATABASE_URL. Migrates the database first.

  --demo    create a demo workspace (first run only) whose connectors call a demo API served
            by this process, and print a token for it
  --no-worker  only serve the API; queued executions are run by 'connectors worker' processes
  --concurrency N  executions this process runs at once (default ${DEFAULT_CONCURRENCY})`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { demo: { type: 'boolean', default: false }, 'no-worker': { type: 'boolean', default: false }, concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) } },
  });
  const concurrency = concurrencyOption(values.concurrency);
  const settings = await readSettings();
  await ensureWebBuilt((line) => console.log(line));
  const logger = createLogger();
  logUnhandledRejections(logger);
  if (!settings.databaseUrl) tuneForEmbeddedDatabase();
  const server = await startServer(settings, { demo: values.demo, worker: !values['no-worker'], concurrency, logger });
  const lines = [
    '',
    `Connectors is running: ${server.url}`,
    ...(server.demoToken ? [`  sign in:    ${server.url}/#token=${server.demoToken}`] : []),
    `  API docs:   ${server.url}/docs`,
    `  OpenAPI:    ${server.url}/api/v1/openapi.json`,
    `  database:   ${settings.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${settings.dataDir}`}`,
  ];
  if (server.demoToken) {
    lines.push(
      '',
      'Demo workspace ready. Sign in with this token (valid 30 days):',
      `  ${server.demoToken}`,
      '',
      'Try it:',
      `  export TOKEN=${server.demoToken}`,
      `  curl -H "Authorization: Bearer $TOKEN" -H "X-Workspace-Id: ${DEMO_WORKSPACE_ID}" ${server.url}/api/v1/connectors`,
    );
  }
  console.log(lines.join('\n'));
  await untilStopped();
  await server.close();
  return 0;
}
