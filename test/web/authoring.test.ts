import type { Dialog, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserMissing, inSignedInApp, screenshots, type WebSession } from '../support/browser.ts';

/*
 * Authoring in the builder, in Chromium against the demo server: a connector imported from a
 * cURL command and run; one imported from an OpenAPI operation, mapped by clicking its answer
 * into two fields without overwriting either; unsaved work that is asked about and kept; and a
 * JSON body that does not parse, shown on its field.
 */

/** The demo phone API, described as a provider would publish it. */
const PHONE_API = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Demo phone lookup', version: '1' },
  servers: [{ url: 'https://api.example.com' }],
  components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
  security: [{ key: [] }],
  paths: {
    '/phone': {
      get: {
        operationId: 'lookupPhone',
        summary: 'Who a phone number belongs to',
        parameters: [{ name: 'phone', in: 'query', required: true, schema: { type: 'string' }, description: 'E.164' }],
        responses: { 200: { description: 'The identities found', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/health': { get: { operationId: 'health', summary: 'Is the API up', responses: { 200: { description: 'ok' } } } },
  },
});

describe.skipIf(browserMissing)('authoring a connector, in Chromium', () => {
  let page: Page;
  let session: WebSession;
  inSignedInApp((opened) => {
    session = opened;
    page = opened.page;
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Builder pages' }).getByRole('button', { name });
  const dialog = () => page.getByRole('dialog', { name: 'Import a connector' });
  const runTest = async () => {
    await nav('Test and mapping').click();
    await page.getByRole('button', { name: 'Run full test' }).click();
    await expect.poll(() => page.locator('.run-summary').textContent(), { timeout: 15_000 }).toContain('Success 1 step');
  };
  const panel = () => page.getByRole('group', { name: 'Map the chosen value' });
  const mapped = () => page.getByRole('table', { name: 'Contact field mappings' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((cell) => cell.textContent).join(' ← ')));

  it('imports a cURL command, storing the key it held, and runs it', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByRole('button', { name: 'Import…' }).click();
    await dialog().getByLabel('cURL commands').fill('curl "https://api.example.com/phone?phone=<PHONE>" \\\n  -H "X-API-Key: demo-phone-key"');
    await dialog().getByRole('checkbox', { name: /Store the secrets/ }).check();
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Imported 1 step · the secrets it held are stored as the credential "example"');
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe('https://api.example.com/phone');
    await page.screenshot({ path: `${screenshots}builder-import.png`, fullPage: true });

    await nav('Test and mapping').click();
    await page.getByLabel(/^phone/).fill('+16266958105');
    await runTest();
    expect(await page.locator('.trace').textContent()).not.toContain('demo-phone-key');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Imported api.example.com saved');
  });

  it('imports an OpenAPI operation, sends the step, and maps two values of its answer by click into two fields, both kept', { timeout: 90_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.getByRole('button', { name: 'Import…' }).click();
    await dialog().getByRole('tab', { name: 'OpenAPI' }).click();
    await dialog().getByLabel('OpenAPI document or its address').fill(PHONE_API);
    await dialog().getByRole('button', { name: 'List operations' }).click();
    await dialog().getByLabel('Search operations').fill('phone');
    expect(await dialog().locator('.operation-list li').allTextContents()).toEqual(['GET /phone Who a phone number belongs to']);
    await dialog().getByRole('button', { name: /GET \/phone/ }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Imported 1 step · the credential "example" needs api_key');
    // The key the command did not hold is already stored, by the import before: the step is sent alone, as Postman's Send.
    await nav('Test and mapping').click();
    await page.getByLabel(/^phone/).fill('+16266958105');
    await nav('API configuration').click();
    await page.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => page.locator('.steps .trace-step header').textContent()).toContain('HTTP 200');
    await nav('Test and mapping').click();

    // Each click proposes the field the value's name says, and keeps what is mapped.
    await page.getByRole('button', { name: 'identities[0].city = "Diamond Bar"' }).click();
    expect(await panel().getByLabel('Contact field').inputValue()).toBe('city');
    await page.getByRole('button', { name: 'Map to contact field' }).click();
    await page.getByRole('button', { name: 'identities[0].zip = "91765"' }).click();
    expect(await panel().getByLabel('Contact field').inputValue()).toBe('zip');
    await page.getByRole('button', { name: 'Map to contact field' }).click();
    expect(await mapped()).toEqual(['city ← lookup_phone · identities[0].city', 'zip ← lookup_phone · identities[0].zip']);

    // A value for a field already filled from elsewhere asks before replacing it.
    await page.getByRole('button', { name: 'identities[0].state = "CA"' }).click();
    await panel().getByLabel('Contact field').selectOption('city');
    await page.getByRole('button', { name: 'Map to contact field' }).click();
    expect(await panel().getByRole('alert').textContent()).toBe('city is already filled from lookup_phone · identities[0].city. Replace it, or choose another field.');
    await panel().getByRole('button', { name: 'Cancel' }).click();
    expect(await mapped()).toEqual(['city ← lookup_phone · identities[0].city', 'zip ← lookup_phone · identities[0].zip']);
    // The city is only filled where the contact has none.
    await page.getByLabel('How the mapping to city writes').selectOption('empty');
    await page.screenshot({ path: `${screenshots}builder-map-by-click.png`, fullPage: true });
  });

  it('asks before leaving unsaved work, and keeps it in the browser across a reload', { timeout: 60_000 }, async () => {
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('saved');
    await page.getByRole('heading', { name: /^Edit / }).waitFor();
    await nav('Basic info').click();
    await page.getByLabel('Name', { exact: true }).fill('Phone lookup (edited)');

    // An in-app link: asked, refused, nothing lost.
    const asked: string[] = [];
    page.once('dialog', (prompt) => {
      asked.push(prompt.message());
      void prompt.dismiss();
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await expect.poll(() => asked).toEqual(['This connector has unsaved changes. Leave without saving them?']);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Phone lookup (edited)');
    expect(page.url()).toMatch(/#\/connectors\//);

    // A reload: the browser asks (accepted here), and the draft kept in this browser is offered back.
    page.once('dialog', (prompt) => void prompt.accept());
    await page.reload();
    await page.getByRole('region', { name: 'Unsaved changes kept' }).getByRole('button', { name: 'Restore them' }).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Phone lookup (edited)');
    await nav('Test and mapping').click();
    expect(await page.getByLabel('How the mapping to city writes').inputValue()).toBe('empty');
  });

  it('shows a JSON body that does not parse as an error on its field, and does not save it', { timeout: 60_000 }, async () => {
    await nav('API configuration').click();
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('Body type').selectOption('json');
    await page.getByLabel('Body', { exact: true }).fill('{"a": 1,,}');
    const error = page.locator('.field', { has: page.getByLabel('Body', { exact: true }) }).locator('.field-error');
    await expect.poll(() => error.textContent()).toMatch(/^is not valid JSON \(/);
    expect(await page.getByLabel('Body', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('the connector definition is not valid: 1 field needs a change');
    await page.getByLabel('Body', { exact: true }).fill('{"a": 1}');
    await expect.poll(() => error.count()).toBe(0);

    // The body is a code editor (CodeMirror): {{ offers the variables, and picking one completes it.
    const body = page.getByLabel('Body', { exact: true });
    expect(await body.evaluate((element) => element.classList.contains('cm-content'))).toBe(true);
    // Typed as a user types (fill's editing command may style what it inserts, which the page's policy refuses).
    session.policyViolations.length = 0;
    await body.press('Control+a');
    await body.pressSequentially('{"email": "{{contact.em');
    await page.locator('.cm-tooltip-autocomplete').getByText('{{contact.email}}').waitFor();
    await body.press('Enter');
    await expect.poll(() => body.textContent()).toBe('{"email": "{{contact.email}}');
    expect(session.policyViolations).toEqual([]);

    // A sample answer pasted from the docs, in XML, stands in for a call: its values map by click.
    await nav('Test and mapping').click();
    await page.getByText('Paste a sample answer').click();
    await page.getByLabel('Sample answer (JSON or XML)').fill('<person><name>Ada</name><address zip="10001"><city>London</city></address></person>');
    await page.getByRole('button', { name: 'Use as sample' }).click();
    await page.getByRole('button', { name: 'person.address["@zip"] = "10001"' }).click();
    expect(await panel().getByLabel('Contact field').inputValue()).toBe('zip');
  });

  it('duplicates a step, and reorders steps by drag and with the arrow buttons', { timeout: 60_000 }, async () => {
    await nav('API configuration').click();
    await page.getByLabel('Multi-step (later steps use what earlier ones answered)').check();
    const ids = async () => {
      const fields = page.locator('ol.steps > li').getByLabel('Step id');
      return Promise.all(Array.from({ length: await fields.count() }, (_, n) => fields.nth(n).inputValue()));
    };
    await page.getByRole('button', { name: 'Duplicate step 1' }).click();
    await expect.poll(ids).toEqual(['lookup_phone', 'lookup_phone_copy']);
    await page.getByRole('button', { name: 'Move step 2 up' }).click();
    await expect.poll(ids).toEqual(['lookup_phone_copy', 'lookup_phone']);
    // A drag as the browser sends it: dragstart on the step's header, then dragover and drop on another step.
    const dataTransfer = await page.evaluateHandle('new DataTransfer()');
    await page.locator('ol.steps > li').nth(1).locator('.step-header').dispatchEvent('dragstart', { dataTransfer });
    await page.locator('ol.steps > li').nth(0).dispatchEvent('dragover', { dataTransfer });
    await page.locator('ol.steps > li').nth(0).dispatchEvent('drop', { dataTransfer });
    await expect.poll(ids).toEqual(['lookup_phone', 'lookup_phone_copy']);
  });

  it('keeps every screen usable at 390 px: nothing wider than the screen', { timeout: 60_000 }, async () => {
    // The draft left unsaved above is given up.
    const leave = (prompt: Dialog) => void prompt.accept();
    page.on('dialog', leave);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const screen of ['connectors', 'flows', 'contacts', 'templates', 'credentials', 'audit', 'connectors/new']) {
        await page.evaluate(`window.location.hash = '#/${screen}'`);
        await page.locator('h1').first().waitFor();
        expect(await page.evaluate('document.documentElement.scrollWidth'), screen).toBeLessThanOrEqual(390);
      }
      await nav('API configuration').click();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${screenshots}narrow-builder.png`, fullPage: true });
    } finally {
      page.off('dialog', leave);
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
