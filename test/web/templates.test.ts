import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserMissing, inSignedInApp, screenshots } from '../support/browser.ts';

/* Templates, credentials and a connector's runs in the browser, against the demo API. */

describe.skipIf(browserMissing)('templates, credentials and runs, in Chromium', () => {
  let page: Page;
  inSignedInApp((session) => (page = session.page));
  const go = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  it('installs a template with its credential and runs it on a contact, following the run live', { timeout: 60_000 }, async () => {
    await go('Templates');
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await expect.poll(() => page.locator('.template-card').count()).toBe(6);
    await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'enrichment' }).click();
    await expect.poll(() => page.locator('.template-card h2').allTextContents()).toEqual(['Phone number enrichment']);
    await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'All' }).click();
    await page.getByRole('searchbox').fill('slack');
    await expect.poll(() => page.locator('.template-card h2').allTextContents()).toEqual(['Post to Slack (incoming webhook)']);
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.locator('.template-card').count()).toBe(6);
    await page.screenshot({ path: `${screenshots}templates.png`, fullPage: true });

    await page.getByRole('button', { name: 'Install Phone number enrichment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Phone number enrichment' });
    await dialog.getByLabel('Connector name').fill('Phone lookup');
    // The demo workspace has this credential already: it says so, and a new value replaces it.
    expect(await dialog.textContent()).toContain('stored');
    await dialog.getByLabel('api_key value').fill('demo-phone-key');
    await page.screenshot({ path: `${screenshots}template-install.png` });
    await dialog.getByRole('button', { name: 'Install' }).click();

    await page.getByRole('heading', { name: 'Runs of Phone lookup' }).waitFor();
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No runs yet.');
    await page.getByRole('button', { name: 'Run on contact' }).click();
    const row = page.locator('tbody tr').first();
    // Queued, then followed over server-sent events until it ends.
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Success');
    expect(await row.textContent()).toContain('6 fields set');
    await row.getByRole('button', { name: 'jose.tayzon@example.com' }).click();
    const trace = page.locator('.trace');
    await expect.poll(() => trace.textContent()).toContain('GET https://api.example.com/phone?phone=%2B16266958105');
    await trace.getByText('Request as sent').click();
    expect(await trace.textContent()).toContain('••••••');
    expect(await page.content()).not.toContain('demo-phone-key');
    expect(await trace.getByRole('list', { name: 'Response of step_1' }).textContent()).toContain('"Diamond Bar"');
    await page.screenshot({ path: `${screenshots}connector-runs.png`, fullPage: true });

    // More runs at once than are followed live: the rest are read again until they end.
    for (let run = 0; run < 4; run++) await page.getByRole('button', { name: 'Run on contact' }).click();
    const runs = page.locator('main table').first().locator(':scope > tbody > tr:not(.trace-row)');
    await expect.poll(() => runs.count()).toBe(5);
    await expect.poll(() => runs.locator(':scope > td:first-child').allTextContents(), { timeout: 20_000 }).toEqual(Array(5).fill('Success'));
  });

  it("adds a contact, and shows a contact's fields with the connector that set each, and its runs", async () => {
    await go('Contacts');
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByLabel('Email').fill('ada@example.com');
    await dialog.getByLabel('First name').fill('Ada');
    await dialog.getByLabel('ZIP').fill('1'.repeat(21));
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    // The API names the field it refuses; nothing is stored.
    await expect.poll(() => dialog.getByLabel('ZIP').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('ZIP').fill('10001');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Ada added');
    await expect.poll(() => page.locator('main table tbody tr').count()).toBe(2);

    await page.getByRole('link', { name: 'Jose Tayzon' }).click();
    await page.getByRole('heading', { name: 'Jose Tayzon' }).waitFor();
    const fields = page.getByRole('table', { name: 'Contact fields' });
    expect(await fields.getByRole('row', { name: /^City/ }).innerText()).toMatch(/^City\tDiamond Bar\tPhone lookup\n\d/);
    expect(await page.locator('.plain-list').textContent()).toContain('set firstname, lastname, st_address, city, state, zip');
    await expect.poll(() => page.locator('table').last().textContent()).toContain('Phone lookup');
  });

  it('adds, replaces and deletes credentials, whose values never come back', async () => {
    await go('Credentials');
    await page.getByRole('heading', { name: 'Credentials' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

    await page.getByRole('button', { name: 'Add credential' }).click();
    await page.getByLabel('Service name').fill('slack');
    await page.getByLabel('Field 1 name').fill('webhook_url');
    await page.getByLabel('Field 1 value').fill('https://hooks.slack.com/services/T000/B000/secret-part');
    await page.getByRole('button', { name: 'Save credential' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('slack saved');
    const slack = page.locator('tbody tr', { hasText: 'slack' });
    expect(await slack.textContent()).toContain('webhook_url');
    expect(await page.content()).not.toContain('secret-part');
    await page.screenshot({ path: `${screenshots}credentials.png` });

    await slack.getByRole('button', { name: 'Replace' }).click();
    expect(await page.getByLabel('Field 1 value').inputValue()).toBe('');
    await page.getByLabel('Field 1 value').fill('https://hooks.slack.com/services/T000/B000/other-part');
    await page.getByRole('button', { name: 'Replace' }).last().click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('slack saved');

    await slack.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
  });
});
