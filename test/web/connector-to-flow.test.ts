import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations, browserMissing, inSignedInApp, screenshots } from '../support/browser.ts';

/*
 * The whole path a user takes in the browser: build the 3-step HubSpot connector page by page,
 * test it, map values by clicking the response, save it, put it in a flow, send the flow to a
 * contact, watch the run finish, and find the new fields on the contact. The demo API stands in
 * for HubSpot.
 */

describe.skipIf(browserMissing)('from a new connector to an enriched contact, in Chromium', () => {
  let page: Page;
  inSignedInApp((session) => (page = session.page));

  const nav = (name: string) => page.getByRole('navigation', { name: 'Builder pages' }).getByRole('button', { name });
  const step = (index: number) => page.locator('ol.steps > li').nth(index);
  const runTest = async (steps: number) => {
    await nav('Test and mapping').click();
    await page.getByRole('button', { name: 'Run full test' }).click();
    await expect.poll(() => page.locator('.run-summary').textContent(), { timeout: 15_000 }).toContain(`Success ${steps} ${steps === 1 ? 'step' : 'steps'}`);
  };
  const pick = async (value: string) => {
    await page.getByRole('button', { name: value, exact: true }).click();
    return page.getByRole('group', { name: 'Map the chosen value' });
  };

  it('builds the 3-step HubSpot connector through the wizard, testing and mapping by clicking the responses', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByRole('heading', { name: 'New connector' }).waitFor();

    // Saving an empty draft whose API key has no key chosen: the API's errors land on the
    // fields they name, on whichever page holds them.
    await nav('Authentication').click();
    await page.getByLabel('Method').selectOption('api_key');
    await page.getByRole('button', { name: 'Save connector' }).first().click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('the connector definition is not valid: 3 fields need a change');
    await nav('Basic info').click();
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').allTextContents()).toEqual(['is required']);
    await nav('API configuration').click();
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await nav('Authentication').click();
    expect(await page.getByLabel('Key: credential').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').allTextContents()).toEqual(['required for api_key auth']);
    await nav('Basic info').click();

    await page.getByLabel('Name', { exact: true }).fill('HubSpot via the builder');
    await page.getByLabel('Category').fill('crm');
    await page.getByRole('button', { name: '+ Add input' }).click();
    await page.getByLabel('Input 1 name').fill('email');
    await page.getByRole('checkbox', { name: 'Required' }).check();

    // Step 1: search the contact by email.
    await page.getByRole('button', { name: 'Next: API configuration' }).click();
    await page.getByRole('radio', { name: /Multi-step/ }).check();
    await step(0).getByLabel('Step name').fill('Search contact');
    await step(0).getByLabel('Method').selectOption('POST');
    await step(0).getByLabel('URL').fill('https://api.hubspot.com/crm/v3/objects/contacts/search');
    await step(0).getByLabel('Body type').selectOption('json');
    await step(0).getByLabel('Body', { exact: true }).fill('{"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "{{input.email}}"}]}]}');

    // The token is the workspace's credential, picked by name.
    await page.getByRole('button', { name: 'Next: Authentication' }).click();
    await page.getByLabel('Method').selectOption('bearer');
    await page.getByLabel('Token: credential').selectOption({ label: 'hubspot.token' });

    await nav('Test and mapping').click();
    // The contact picker searches every contact through the API.
    await page.getByLabel('Contact', { exact: true }).fill('jose');
    await page.getByRole('option', { name: 'jose.tayzon@example.com' }).click();
    expect(await page.getByLabel('Contact', { exact: true }).inputValue()).toBe('jose.tayzon@example.com');
    await page.getByLabel(/^email \(string\)/).fill('jose.tayzon@example.com');
    await runTest(1);
    let panel = await pick('results[0].id = "501"');
    await panel.getByLabel('Output name').fill('contactId');
    await panel.getByRole('button', { name: 'Add as output of step_1' }).click();
    expect(await page.getByLabel('Outputs of Search contact: output 1').inputValue()).toBe('contactId');

    // Step 2 reads step 1's output, inserted with the variable picker.
    await nav('API configuration').click();
    await page.getByRole('button', { name: '+ Add step' }).click();
    await step(1).getByLabel('Step name').fill('Get contact');
    const url2 = step(1).getByLabel('URL');
    await url2.pressSequentially('https://api.hubspot.com/crm/v3/objects/contacts/{{step_1.co');
    const suggestions = page.getByRole('listbox', { name: 'Variables' });
    await expect.poll(() => suggestions.getByRole('option').allTextContents()).toEqual([expect.stringContaining('step_1.contactId')]);
    await page.screenshot({ path: `${screenshots}variable-picker.png` });
    await page.keyboard.press('Enter');
    expect(await url2.inputValue()).toBe('https://api.hubspot.com/crm/v3/objects/contacts/{{step_1.contactId}}');

    await runTest(2);
    panel = await pick('associations.companies[0].id = "9001"');
    await panel.getByLabel('Output name').fill('companyId');
    await panel.getByRole('button', { name: 'Add as output of step_2' }).click();
    panel = await pick('properties.firstname = "Jose"');
    await panel.getByLabel('Contact field').selectOption('firstname');
    await panel.getByRole('button', { name: 'Map to contact field' }).click();

    // Step 3: the company.
    await nav('API configuration').click();
    await page.getByRole('button', { name: '+ Add step' }).click();
    await step(2).getByLabel('Step name').fill('Get company');
    await step(2).getByLabel('URL').pressSequentially('https://api.hubspot.com/crm/v3/objects/companies/{{step_2.comp');
    await page.keyboard.press('Enter');
    expect(await step(2).getByLabel('URL').inputValue()).toBe('https://api.hubspot.com/crm/v3/objects/companies/{{step_2.companyId}}');
    await page.screenshot({ path: `${screenshots}builder-api.png`, fullPage: true });

    await runTest(3);
    panel = await pick('properties.name = "Tayzon Logistics"');
    await panel.getByLabel('Contact field').selectOption('company');
    await panel.getByRole('button', { name: 'Map to contact field' }).click();
    // The preview: what the contact has now, and what the run would write.
    const preview = page.getByRole('table', { name: 'Contact fields that would change' });
    await expect.poll(() => preview.locator('tbody tr').allInnerTexts()).toEqual(['firstname\t—\tJose', 'company\t—\tTayzon Logistics']);
    // The requests as sent keep the token masked.
    expect(await page.locator('.trace').textContent()).not.toContain('demo-hubspot-token');
    await page.screenshot({ path: `${screenshots}builder-test.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await nav('Advanced').click();
    await page.getByLabel('Retries').fill('1');
    await page.getByRole('button', { name: 'Save connector' }).first().click();
    // Saving keeps the builder open, now on the saved connector.
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('HubSpot via the builder saved');
    await page.getByRole('heading', { name: 'Edit HubSpot via the builder' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
    const row = page.locator('tbody tr', { hasText: 'HubSpot via the builder' });
    expect(await row.textContent()).toContain('Multi-step');
  });

  it('edits the connector in the same wizard, then views and restores its earlier version', async () => {
    await page.getByRole('link', { name: 'HubSpot via the builder', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit HubSpot via the builder' }).waitFor();
    expect(await page.locator('ol.steps > li').count()).toBe(0);
    await page.getByLabel('Description', { exact: true }).fill('Name and company from HubSpot');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('HubSpot via the builder saved');
    await page.reload();
    await page.getByRole('heading', { name: 'Edit HubSpot via the builder' }).waitFor();
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('Name and company from HubSpot');
    await nav('API configuration').click();
    expect(await page.locator('ol.steps > li').count()).toBe(3);
    await page.getByRole('button', { name: 'Version history' }).click();
    const dialog = page.getByRole('dialog', { name: 'Version history' });
    await dialog.getByRole('button', { name: 'Restore version 1' }).waitFor();
    await dialog.getByRole('button', { name: 'Compare with current' }).click();
    // Side by side: what changed from version 1 to the current one, the rest folded.
    const diff = dialog.getByRole('table', { name: 'Version 1 and Current (version 2), side by side' });
    expect(await diff.locator('tr.changed').allInnerTexts()).toEqual(['  "description": null,\t  "description": "Name and company from HubSpot",']);
    await page.screenshot({ path: `${screenshots}version-history.png` });
    // Restoring version 1 takes the description back out, asked first; version 2 is kept.
    await dialog.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('alertdialog', { name: 'Restore version 1?' }).getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('heading', { name: 'Edit HubSpot via the builder' }).waitFor();
    await expect.poll(() => page.getByLabel('Description', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Version history' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: /^Restore version/ }).allTextContents()).toEqual(['Restore version 2', 'Restore version 1']);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('puts the connector in a flow, sends it to a contact, watches the run finish, and shows the new fields', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: 'New flow' }).click();
    await page.getByLabel('Flow name').fill('Enrich with HubSpot');
    await page.getByRole('button', { name: '+ Connector action' }).click();
    // The connector picker searches every connector through the API.
    await page.getByLabel('Connector of action 1').fill('via the builder');
    await page.getByRole('option', { name: 'HubSpot via the builder' }).click();
    expect(await page.locator('.connector-details').textContent()).toContain('3 steps');
    // The connector's input_schema is the action's form; its value is a template over the contact.
    const email = page.getByLabel(/^email \(string\)/);
    await email.pressSequentially('{{contact.em');
    await page.keyboard.press('Enter');
    expect(await email.inputValue()).toBe('{{contact.email}}');
    // A condition, added after it and moved in front of it.
    await page.getByRole('button', { name: '+ Condition' }).click();
    const condition = page.getByLabel('Condition of action 2');
    await condition.pressSequentially('{{contact.ema');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Move action 2 up' }).click();
    expect(await page.getByLabel('Condition of action 1').inputValue()).toBe('{{contact.email}}');
    expect(await page.getByLabel('Connector of action 2').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Quick test' }).click();
    await expect.poll(() => page.locator('.quick-test').textContent(), { timeout: 15_000 }).toContain('would set firstname = Jose, company = Tayzon Logistics');

    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    await page.screenshot({ path: `${screenshots}flow-editor.png`, fullPage: true });

    await page.getByRole('button', { name: 'Send flow to contact' }).click();
    const live = page.locator('.live-run');
    await live.waitFor();
    // The run's progress arrives as server-sent events; no reload.
    await expect.poll(() => live.textContent(), { timeout: 20_000 }).toContain('Run Success');
    expect(await live.locator('li').allInnerTexts()).toEqual(['Passed Only if {{contact.email}}', 'Success HubSpot via the builder']);
    await expect.poll(() => page.getByRole('table', { name: 'Run history' }).locator('tbody tr').first().textContent()).toContain('Success');

    // The same flow on every contact matching a search, with a progress bar.
    await page.getByLabel('Contacts matching').fill('jose');
    await page.getByRole('button', { name: 'Run on matching contacts' }).click();
    // It says how many contacts it will run on, and asks first.
    const asked = page.getByRole('alertdialog', { name: 'Run Enrich with HubSpot on 1 contact?' });
    await asked.getByRole('button', { name: 'Run on 1 contact' }).click();
    await expect.poll(() => page.locator('.batch').textContent(), { timeout: 20_000 }).toBe('1 of 1 done · 1 succeeded, 0 failed');
    expect(await page.getByRole('progressbar', { name: 'Bulk run progress' }).getAttribute('value')).toBe('1');
    await expect.poll(() => page.getByRole('table', { name: 'Run history' }).locator('tbody tr').count()).toBe(2);
    await page.screenshot({ path: `${screenshots}flow-run.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Open jose.tayzon@example.com' }).click();
    await page.getByRole('heading', { name: 'Jose', exact: true }).waitFor();
    const fields = page.getByRole('table', { name: 'Contact fields' });
    expect(await fields.getByRole('row', { name: /^First name/ }).innerText()).toMatch(/^First name\tJose\tHubSpot via the builder\n\d/);
    expect(await fields.getByRole('row', { name: /^Company/ }).innerText()).toMatch(/^Company\tTayzon Logistics\tHubSpot via the builder\n\d/);
    await page.screenshot({ path: `${screenshots}contact-detail.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
