import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/*
 * The web app's tests: the real server as `npm start` runs it (embedded database, demo workspace,
 * demo stand-in APIs) and Debian's Chromium driven by playwright-core.
 */

const CHROMIUM = '/usr/bin/chromium';
const bin = new URL('../../bin/connectors.js', import.meta.url).pathname;
export const screenshots = new URL('../../docs/screenshots/', import.meta.url).pathname;

export const browserMissing = !existsSync(CHROMIUM);
if (browserMissing) console.warn(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium): the browser tests are skipped`);

export interface WebSession {
  signIn: string;
  page: Page;
  /** A token for another user, as `connectors token --user ID` prints it for this server. */
  tokenFor(user: string): string;
  /** What the page's Content-Security-Policy refused so far, as Chromium reported it. */
  policyViolations: string[];
  close(): Promise<void>;
}

/** Starts `connectors serve --demo` on a fresh data folder (with `settings` over the defaults) and opens a 1280×800 page. */
export async function openWebApp(settings: Record<string, string> = {}): Promise<WebSession> {
  const dataDir = await mkdtemp(join(tmpdir(), 'connectors-web-'));
  const env = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', CONNECTORS_DATA_DIR: dataDir, DATABASE_URL: '', CONNECTORS_ALLOWED_HOSTS: '', ...settings };
  const child = spawn(process.execPath, [bin, 'serve', '--demo'], { env });
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const signIn = await signInLink(child);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const tokenFor = (user: string) => execFileSync(process.execPath, [bin, 'token', '--user', user], { env, encoding: 'utf8' }).trim();
    const policyViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) policyViolations.push(message.text());
    });
    return { signIn, page, tokenFor, policyViolations, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The web app, signed in through the printed link, on the connectors dashboard. */
export async function openSignedIn(settings: Record<string, string> = {}): Promise<WebSession> {
  const session = await openWebApp(settings);
  await session.page.goto(session.signIn);
  await session.page.getByRole('heading', { name: 'Connectors', exact: true }).waitFor();
  return session;
}

/** For a suite: the signed-in app started before its tests (its page handed to `ready`) and closed after them. */
export function inSignedInApp(ready: (session: WebSession) => void, settings: Record<string, string> = {}): void {
  let server: WebSession | undefined;
  beforeAll(async () => {
    server = await openSignedIn(settings);
    ready(server);
  }, 60_000);
  afterAll(() => server?.close());
}

/** The sign-in link the server prints once it is up. */
async function signInLink(child: ChildProcess): Promise<string> {
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const started = Date.now(); !/sign in:\s+\S+/.test(output); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`serve did not start:\n${output}`);
  }
  return /sign in:\s+(\S+)/.exec(output)![1]!;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** What axe-core finds against WCAG 2 A and AA on the page as it is now, serious or worse. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    // Evaluated by the browser's debugger, which the page's policy (no inline script) does not stop.
    await page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  }
  // Written as text: it runs in the page, whose globals this file's types do not know.
  const violations = await page.evaluate<Violation[]>("axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((result) => result.violations)");
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}
