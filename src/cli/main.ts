import { demoCommand } from './demo.ts';
import { runCommand, RUN_USAGE, UsageError } from './run.ts';

const USAGE = `connectors <command>

  run DEFINITION.json   run a connector definition once and print its trace
  demo                  run the example connectors against a bundled demo API

${RUN_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'run':
      return runCommand(args);
    case 'demo':
      return demoCommand();
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
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`connectors: ${(error as Error).message}`);
  process.exitCode = usage ? 2 : 1;
}
