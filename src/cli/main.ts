import { demoCommand } from './demo.ts';
import { importCommand, IMPORT_USAGE } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { runCommand, RUN_USAGE, UsageError } from './run.ts';
import { serveCommand, SERVE_USAGE } from './serve.ts';
import { SettingsError } from './settings.ts';
import { tokenCommand, TOKEN_USAGE } from './token.ts';
import { workerCommand, WORKER_USAGE } from './worker.ts';

const USAGE = `connectors <command>

  serve [--demo]        serve the API and docs, and run queued executions (npm start: with the demo workspace)
  worker                run queued executions from DATABASE_URL (scale-out)
  token --user ID       print a token for scripts and local use
  migrate               bring the database up to date and exit
  run DEFINITION.json   run a connector definition once and print its trace
  demo                  run the example connectors against a bundled demo API, without a server
  import curl FILE      make a draft connector from cURL commands

${SERVE_USAGE}

${WORKER_USAGE}

${TOKEN_USAGE}

${RUN_USAGE}

${IMPORT_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(args);
    case 'worker':
      return workerCommand(args);
    case 'token':
      return tokenCommand(args);
    case 'migrate':
      return migrateCommand();
    case 'run':
      return runCommand(args);
    case 'demo':
      return demoCommand();
    case 'import':
      return importCommand(args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Bad options name what is wrong; anything else is reported without a stack trace.
  const usage = error instanceof UsageError || error instanceof SettingsError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`connectors: ${(error as Error).message}`);
  process.exitCode = usage ? 2 : 1;
}
