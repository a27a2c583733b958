import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/connectors.js', import.meta.url).pathname;
const root = new URL('../..', import.meta.url).pathname;

export interface Started {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** A `connectors` command in a process of its own, once it printed what `ready` matches (60 s at most). */
export async function startCommand(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const started = Date.now(); !ready.test(output); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`connectors ${args.join(' ')} did not start:\n${output}`);
  }
  return { child, output: () => output };
}
