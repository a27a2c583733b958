import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, openSignedIn, type WebSession } from '../support/browser.ts';
import { CLIENT_ID, CLIENT_SECRET, oauthProvider, type OAuthProvider } from '../support/oauth-provider.ts';

/*
 * An OAuth 2.0 connector built in the builder: the account is connected in the browser (the
 * provider's consent page, its callback to this server), then the connector runs with the tokens.
 */

describe.skipIf(browserMissing)('an OAuth 2 connector, in Chromium', () => {
  let server: WebSession;
  let page: Page;
  let provider: OAuthProvider;

  beforeAll(async () => {
    provider = await oauthProvider();
    server = await openSignedIn({ CONNECTORS_ALLOWED_HOSTS: '127.0.0.1' });
    page = server.page;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Builder pages' }).getByRole('button', { name });

  it('connects an account through the consent page and runs with its tokens', { timeout: 120_000 }, async () => {
    // The app's client id and secret, stored as a credential as the Credentials screen does.
    const answer = await page.evaluate(
      async ([id, secret]) => {
        const headers = { authorization: `Bearer ${localStorage.getItem('connectors.token')}`, 'x-workspace-id': localStorage.getItem('connectors.workspace') ?? '', 'content-type': 'application/json' };
        return (await fetch('/api/v1/workspace/credentials', { method: 'POST', headers, body: JSON.stringify({ service_name: 'crm_app', credentials: { client_id: id, client_secret: secret } }) })).status;
      },
      [CLIENT_ID, CLIENT_SECRET],
    );
    expect(answer).toBe(201);
    await page.reload();
    await page.getByRole('heading', { name: 'Connectors', exact: true }).waitFor();

    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByLabel('Name', { exact: true }).fill('CRM profile');
    await page.getByRole('button', { name: 'Next: API configuration' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${provider.url}/api/me`);
    await page.getByRole('button', { name: 'Next: Authentication' }).click();
    await page.getByLabel('Method').selectOption({ label: 'OAuth 2: connect an account' });
    await page.getByLabel('Authorization URL').fill(`${provider.url}/authorize`);
    await page.getByLabel('Token URL').fill(`${provider.url}/token`);
    await page.getByLabel('Client id: credential').selectOption({ label: 'crm_app.client_id' });
    await page.getByLabel('Client secret: credential').selectOption({ label: 'crm_app.client_secret' });
    await page.getByLabel('Scope').fill('profile');
    await page.getByLabel('Connection (credential name)').fill('crm');
    expect(await page.getByRole('status').filter({ hasText: 'No account is connected as "crm" yet.' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Connect account' }).click();
    await page.getByRole('heading', { name: 'Allow Connectors to read your profile?' }).waitFor();
    await page.getByRole('link', { name: 'Allow' }).click();

    // Back in the builder, on the saved connector, which says the account is connected.
    await page.getByRole('heading', { name: 'Edit CRM profile' }).waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Account connected: its tokens are stored, encrypted, as the credential "crm".');
    expect(page.url()).toMatch(/#\/connectors\/[0-9a-f-]{36}$/);
    await page.getByText('Connected as "crm"').waitFor();

    await nav('Test and mapping').click();
    await page.getByRole('button', { name: 'Run full test' }).click();
    await expect.poll(() => page.locator('.run-summary').textContent(), { timeout: 15_000 }).toContain('Success 1 step');
    expect(await page.locator('.trace').textContent()).toContain('Analytical Engines');
    expect(await page.content()).not.toMatch(/at-[0-9a-f]{24}|rt-[0-9a-f]{24}|secret-c0ffee/);
  });
});
