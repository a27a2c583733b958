import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

/** Whether this machine can make a network namespace with only loopback (`unshare -rn`). */
export const canIsolate = (() => {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('unshare -rn is not available: the tests that try forbidden addresses inside an isolated network are skipped');
    return false;
  }
})();

/**
 * Runs a module in a network namespace with only loopback, so that a request the SSRF guard
 * should have refused fails there instead of leaving the machine. Returns what it printed.
 */
export async function runIsolated(module: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('unshare', ['-rn', process.execPath, module, ...args], { timeout: 60_000 });
  return stdout;
}
