import { ensureWebBuilt } from '../../src/cli/web-build.ts';

/** Builds the web app once before the suites that start servers serving it (a fresh clone has no build). */
export default async function setup(): Promise<void> {
  await ensureWebBuilt(() => {});
}
