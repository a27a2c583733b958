import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserMissing, openWebApp, screenshots, type WebSession } from '../support/browser.ts';

describe.skipIf(browserMissing)('the web app in Chromium', () => {
  let server: WebSession;
  let page: Page;

  beforeAll(async () => {
    server = await openWebApp();
    page = server.page;
  }, 60_000);
  afterAll(() => server?.close());

  it('refuses a bad pasted token with the reason, on the sign-in screen', async () => {
    await page.goto(new URL('/', server.signIn).href);
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('the token is not valid');
    await page.screenshot({ path: `${screenshots}sign-in.png` });
  });

  it('signs in with the printed link and lists the demo connectors with their usage', async () => {
    await page.goto(server.signIn);
    await page.getByRole('heading', { name: 'Connectors', exact: true }).waitFor();
    // The token leaves the address bar at once.
    expect(page.url()).not.toContain('token=');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Enhance Data');
    expect(await rows.nth(1).textContent()).toContain('HubSpot Contact Enrichment');
    expect(await rows.nth(1).textContent()).toContain('Multi-step');
    expect(await page.getByLabel('Workspace').inputValue()).toBe('de300000-0000-4000-8000-000000000001');
    await page.screenshot({ path: `${screenshots}connectors.png` });
  });

  it("serves React's production build, whatever NODE_ENV the build ran under", async () => {
    const html = await (await fetch(new URL('/', server.signIn))).text();
    const script = /<script[^>]+src="([^"]+)"/.exec(html)![1]!;
    const code = await (await fetch(new URL(script, server.signIn))).text();
    // A string only React's development build holds.
    expect(code.includes('react-stack-top-frame')).toBe(false);
    expect(code.includes('Run full test')).toBe(true);
  });

  it('searches, disables, clones and deletes (after confirmation) from the keyboard and mouse', async () => {
    await page.getByLabel('Search').fill('hubspot');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Search').fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

    const toggle = page.getByRole('switch', { name: 'Enhance Data enabled' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Enhance Data disabled');
    await page.reload();
    await expect.poll(() => page.getByRole('switch', { name: 'Enhance Data enabled' }).isChecked()).toBe(false);
    await page.getByLabel('Status').selectOption('false');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');

    await page.locator('tbody tr', { hasText: 'HubSpot' }).getByRole('button', { name: 'Clone' }).click();
    const copy = page.locator('tbody tr', { hasText: 'HubSpot Contact Enrichment (copy)' });
    await copy.waitFor();
    await copy.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Delete HubSpot Contact Enrichment (copy)?');
    await page.screenshot({ path: `${screenshots}delete-confirmation.png` });
    // Cancel has the focus: Enter keeps the connector.
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    await copy.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => copy.count()).toBe(0);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
  });

  it('lists and searches contacts', async () => {
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshots}contacts.png` });
    await page.getByLabel('Search').fill('nobody-has-this-name');
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No contact matches this search.');
  });

  it('meets WCAG 2 A and AA on every screen, as axe-core checks it', { timeout: 60_000 }, async () => {
    const screens = ['#/connectors', '#/connectors/new', '#/flows', '#/flows/new', '#/contacts', '#/templates', '#/credentials', '#/audit'];
    const found: Record<string, string[]> = {};
    for (const screen of screens) {
      await page.goto(new URL(`/${screen}`, server.signIn).href);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await accessibilityViolations(page);
      if (violations.length > 0) found[screen] = violations;
    }
    const builderPages = ['API configuration', 'Authentication', 'Test and mapping', 'Advanced'];
    await page.goto(new URL('/#/connectors/new', server.signIn).href);
    for (const name of builderPages) {
      await page.getByRole('navigation', { name: 'Builder pages' }).getByRole('button', { name }).click();
      const violations = await accessibilityViolations(page);
      if (violations.length > 0) found[`builder: ${name}`] = violations;
    }
    expect(found).toEqual({});
  });

  it('works within its Content-Security-Policy, as do the API docs', async () => {
    // Every screen above was drawn under the policy; nothing it refused was needed.
    await page.goto(new URL('/docs', server.signIn).href);
    await page.locator('.opblock').first().waitFor();
    expect(server.policyViolations).toEqual([]);
  });

  it('shows a viewer everything and offers no change', async () => {
    const api = (token: string, method: string, path: string, body?: unknown) =>
      fetch(new URL(`/api/v1${path}`, server.signIn), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
    const owner = decodeURIComponent(/#token=(.+)$/.exec(server.signIn)![1]!);
    const viewer = server.tokenFor('viewer-user');
    expect((await api(viewer, 'GET', '/workspaces')).status).toBe(200);
    expect((await api(owner, 'PUT', '/workspaces/de300000-0000-4000-8000-000000000001/members/viewer-user', { role: 'viewer' })).status).toBe(200);

    await page.goto(new URL(`/#token=${viewer}`, server.signIn).href);
    await page.getByRole('heading', { name: 'Connectors', exact: true }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('You are a viewer in this workspace');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    expect(await page.getByRole('link', { name: 'New connector' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Clone' }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: 'Enhance Data enabled' }).isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Enhance Data', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit Enhance Data' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).first().isDisabled()).toBe(true);

    // Signed in again as the owner for whatever runs next.
    await page.goto(server.signIn);
    await page.getByRole('heading', { name: 'Connectors', exact: true }).waitFor();
    expect(await page.getByRole('note').count()).toBe(0);
  });
});
