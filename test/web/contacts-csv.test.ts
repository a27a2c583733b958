import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, inSignedInApp, screenshots } from '../support/browser.ts';

/*
 * 1,000 contacts from a CSV file, in Chromium against the demo server: columns mapped by their
 * headers, a bad line reported and left out, the rest written with a progress bar, then all of
 * them enriched by a flow in bulk (asked first, with the count) and exported back to CSV.
 */

const ROWS = 1000;
const BAD_LINE = 502;

describe.skipIf(browserMissing)('contacts from and to CSV, in Chromium', () => {
  let page: Page;
  let folder: string;
  let file: string;
  inSignedInApp((session) => (page = session.page));

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'connectors-csv-'));
    file = join(folder, 'contacts.csv');
    const lines = ['Email,First Name,Phone,Postal Code,Plan'];
    for (let n = 0; n < ROWS; n++) {
      // Line BAD_LINE's phone is longer than a contact keeps: reported, not written.
      if (lines.length + 1 === BAD_LINE) lines.push(`bad@csv.example,"Bad, Row",${'9'.repeat(60)},00000,free`);
      lines.push(`person${n}@csv.example,"Person ${n}",+16266958105,${String(10000 + n)},${n % 2 ? 'pro' : 'free'}`);
    }
    await writeFile(file, `${lines.join('\r\n')}\r\n`);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const go = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  it('imports 1,000 contacts, columns mapped by their headers, the bad line reported and left out', { timeout: 90_000 }, async () => {
    await go('Contacts');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles(file);
    const targets = async () => Promise.all(['Email', 'First Name', 'Phone', 'Postal Code', 'Plan'].map((column) => dialog.getByLabel(`Field for ${column}`).inputValue()));
    await expect.poll(targets).toEqual(['email', 'firstname', 'phone_number', 'zip', 'custom_fields.Plan']);
    await dialog.getByRole('button', { name: 'Check the rows' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe(`${ROWS} rows are ready; 1 will be left out:line ${BAD_LINE}: Phone: longer than 50 characters`);
    await dialog.getByRole('button', { name: `Import ${ROWS} contacts` }).click();
    await expect.poll(() => dialog.getByRole('progressbar', { name: 'Contacts written' }).getAttribute('value'), { timeout: 60_000 }).toBe(String(ROWS));
    await page.screenshot({ path: `${screenshots}contacts-csv-import.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`${ROWS} contacts imported`);
    // Every list pages over the API's pagination, with a count.
    const pager = page.getByRole('navigation', { name: 'Pages of contacts' });
    await expect.poll(() => pager.textContent()).toBe(`1–50 of ${(ROWS + 1).toLocaleString('en-US')}PreviousNext`);
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => pager.textContent()).toBe(`51–100 of ${(ROWS + 1).toLocaleString('en-US')}PreviousNext`);
    await page.getByRole('searchbox').fill('csv.example');
    await expect.poll(() => page.locator('p[role="status"].small').textContent()).toBe(`${ROWS} contacts`);
  });

  it('enriches them in bulk with a flow, asked first with the count, with a progress bar', { timeout: 180_000 }, async () => {
    await go('Flows');
    await page.getByRole('link', { name: 'New flow' }).click();
    await page.getByLabel('Flow name').fill('Enrich the import');
    await page.getByRole('button', { name: '+ Connector action' }).click();
    await page.getByLabel('Connector of action 1').fill('enhance');
    await page.getByRole('option', { name: 'Enhance Data' }).click();
    // The test contact is searched among all 1,001, not picked from the first hundred.
    await page.getByLabel('Test contact').fill('person999@');
    await page.getByRole('option', { name: 'Person 999 · person999@csv.example' }).click();
    expect(await page.getByLabel('Test contact').inputValue()).toBe('Person 999 · person999@csv.example');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByLabel('Contacts matching').fill('csv.example');
    await page.getByRole('button', { name: 'Run on matching contacts' }).click();
    const asked = page.getByRole('alertdialog', { name: `Run Enrich the import on ${ROWS.toLocaleString('en-US')} contacts?` });
    await asked.getByRole('button', { name: `Run on ${ROWS.toLocaleString('en-US')} contacts` }).click();
    await expect.poll(() => page.locator('.batch').textContent(), { timeout: 150_000, interval: 1000 }).toBe(`${ROWS} of ${ROWS} done · ${ROWS} succeeded, 0 failed`);
  });

  it('exports them to CSV with the fields the connector set', { timeout: 60_000 }, async () => {
    await go('Contacts');
    await page.getByRole('searchbox').fill('person7@csv.example');
    await expect.poll(() => page.locator('p[role="status"].small').textContent()).toBe('1 contact');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = await (await download).path();
    const [header, ...rows] = (await readFile(saved, 'utf8')).trimEnd().split('\r\n');
    expect(header).toContain('email,phone_number,firstname,lastname,st_address,city,state,zip,company,custom_fields.Plan');
    // The phone lookup filled the name and address of the imported contact.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('person7@csv.example,+16266958105,Jose,Tayzon,1461 Indian Well Dr,Diamond Bar,CA,');
  });

  it('edits a contact and deletes it, asked first', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Jose Tayzon' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Edit the contact' });
    await form.getByLabel('Company').fill('Analytical Engines');
    await form.getByLabel('City').fill('');
    await form.getByRole('button', { name: 'Save the contact' }).click();
    const fields = page.getByRole('table', { name: 'Contact fields' });
    await expect.poll(() => fields.getByRole('row', { name: /^Company/ }).innerText()).toMatch(/^Company\tAnalytical Engines/);
    expect(await fields.getByRole('row', { name: /^City/ }).innerText()).toMatch(/^City\t—/);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Jose Tayzon?' }).getByRole('button', { name: 'Delete the contact' }).click();
    await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    await page.getByRole('searchbox').fill('person7@csv.example');
    await expect.poll(() => page.locator('.empty').textContent()).toBe('No contact matches this search.');
  });

  it('shows what was done to contacts in the audit log, newest first: the delete, the edit, the import', { timeout: 60_000 }, async () => {
    await go('Audit log');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Kind').selectOption('contact');
    await expect.poll(() => page.locator('tbody tr td:nth-child(3)').allTextContents()).toEqual(['delete', 'update', 'import', 'create']);
    expect(await page.locator('tbody tr', { hasText: 'import' }).textContent()).toContain('{"count":1000}');
  });
});
