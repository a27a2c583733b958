import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserMissing, inSignedInApp } from '../support/browser.ts';

/* A connector that reads every page of HubSpot's contact list (the demo API), built in the builder. */

describe.skipIf(browserMissing)('a paginated connector, in Chromium', () => {
  let page: Page;
  inSignedInApp((session) => (page = session.page));

  const nav = (name: string) => page.getByRole('navigation', { name: 'Builder pages' }).getByRole('button', { name });

  it('is built with the pages settings, tested across every page, saved and opened again as it was', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Every HubSpot contact');
    await page.getByRole('button', { name: 'Next: API configuration' }).click();
    await page.getByLabel('URL', { exact: true }).fill('https://api.hubspot.com/crm/v3/objects/contacts');
    await page.getByRole('checkbox', { name: 'Read every page of a list' }).check();
    await page.getByLabel('Items', { exact: true }).fill('results');
    await page.getByRole('button', { name: '+ Add parameter' }).click();
    await page.getByLabel("Next page's query parameters: name 1").fill('after');
    await page.getByLabel("Next page's query parameters: value 1").fill('{{ paging.next.after }}');
    await page.getByLabel('Pages at most').fill('20');
    await page.getByRole('button', { name: 'Next: Authentication' }).click();
    await page.getByLabel('Method').selectOption('bearer');
    await page.getByLabel('Token: credential').selectOption({ label: 'hubspot.token' });

    await nav('Test and mapping').click();
    await page.getByRole('button', { name: 'Run full test' }).click();
    await expect.poll(() => page.locator('.run-summary').textContent(), { timeout: 15_000 }).toContain('Success 1 step');
    // The answer the step gives is every page's items: the picker offers them.
    await page.getByRole('button', { name: 'pages = 10', exact: true }).waitFor();
    expect(await page.locator('.trace').textContent()).toContain('contact99@example.com');

    await page.getByRole('button', { name: 'Save connector' }).first().click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Every HubSpot contact saved');
    await page.getByRole('heading', { name: 'Edit Every HubSpot contact' }).waitFor();
    await nav('API configuration').click();
    expect(await page.getByRole('checkbox', { name: 'Read every page of a list' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Items', { exact: true }).inputValue()).toBe('results');
    expect(await page.getByLabel("Next page's query parameters: value 1").inputValue()).toBe('{{ paging.next.after }}');
    expect(await page.getByLabel('Pages at most').inputValue()).toBe('20');
  });
});
