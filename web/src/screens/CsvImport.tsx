import Papa from 'papaparse';
import { useState } from 'react';
import { CONTACT_FIELD_MAX_LENGTH, guessContactField, type StandardContactField } from '../../../src/engine/contact-fields.ts';
import { isUnstorable } from '../../../src/store/storable.ts';
import { api, CONTACT_FIELDS } from '../api.ts';
import { Dialog } from '../components/dialog.tsx';
import { Field } from '../components/field.tsx';
import { Alert } from '../page-states.tsx';
import { messageOf } from '../use-resource.ts';

/** Rows sent per request: each batch is written whole, or not at all. */
const BATCH = 1000;
const SKIP = '';

type Row = Record<string, string>;
interface Problem {
  line: number;
  message: string;
}

/** Where a column goes: the contact field its header names, else a custom field of that name. */
function guessTarget(header: string): string {
  return guessContactField(header) ?? `custom_fields.${header.trim()}`;
}

/** One CSV row as a contact, or why it cannot be one. */
function contactOf(row: Row, targets: Record<string, string>): { contact: Record<string, unknown> } | { problem: string } {
  const contact: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  for (const [column, target] of Object.entries(targets)) {
    const value = (row[column] ?? '').trim();
    if (target === SKIP || value === '') continue;
    // The API refuses a NUL or a lone surrogate for the whole batch: the row is left out instead.
    if (isUnstorable(value)) return { problem: `${column}: holds a character a contact cannot keep` };
    if (target.startsWith('custom_fields.')) {
      custom[target.slice('custom_fields.'.length)] = value;
      continue;
    }
    const max = CONTACT_FIELD_MAX_LENGTH[target as StandardContactField];
    if (value.length > max) return { problem: `${column}: longer than ${max} characters` };
    contact[target] = value;
  }
  if (Object.keys(contact).length === 0 && Object.keys(custom).length === 0) return { problem: 'the row is empty' };
  return { contact: Object.keys(custom).length > 0 ? { ...contact, custom_fields: custom } : contact };
}

/** Reads the file a chunk at a time, giving each row with its line (the header is line 1). */
function eachRow(file: File, onRow: (row: Row, line: number) => void, onChunk?: () => Promise<void>): Promise<void> {
  let line = 1;
  return new Promise((resolve, reject) => {
    Papa.parse<Row>(file, {
      header: true,
      skipEmptyLines: 'greedy',
      chunkSize: 512 * 1024,
      chunk: (results, parser) => {
        for (const row of results.data) onRow(row, ++line);
        if (!onChunk) return;
        // The next chunk is read once this one's rows are sent.
        parser.pause();
        onChunk().then(
          () => parser.resume(),
          (error: unknown) => {
            parser.abort();
            reject(error as Error);
          },
        );
      },
      complete: () => resolve(),
      error: (error) => reject(error),
    });
  });
}

/**
 * Contacts from a CSV file: columns mapped to fields (each header's best guess) with a preview,
 * every row checked before anything is written (bad rows listed by line), then the good rows
 * sent in batches of 1,000, each written whole or not at all, with a progress bar.
 */
export function CsvImport({ onDone, onClose }: { onDone: (imported: number) => void; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [preview, setPreview] = useState<Row[]>([]);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<{ good: number; problems: Problem[] } | null>(null);
  const [written, setWritten] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (chosen: File | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    setChecked(null);
    setError(null);
    Papa.parse<Row>(chosen, {
      header: true,
      preview: 5,
      skipEmptyLines: 'greedy',
      complete: (results) => {
        const columns = results.meta.fields ?? [];
        setHeaders(columns);
        setPreview(results.data);
        setTargets(Object.fromEntries(columns.map((column) => [column, guessTarget(column)])));
      },
      error: (problem) => setError(problem.message),
    });
  };

  const check = async () => {
    if (!file) return;
    setBusy(true);
    const problems: Problem[] = [];
    let good = 0;
    try {
      await eachRow(file, (row, line) => {
        const made = contactOf(row, targets);
        if ('problem' in made) problems.push({ line, message: made.problem });
        else good++;
      });
      setChecked({ good, problems });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const write = async () => {
    if (!file || !checked) return;
    setBusy(true);
    setWritten(0);
    let batch: Record<string, unknown>[] = [];
    let sent = 0;
    const flush = async () => {
      while (batch.length >= BATCH) {
        const part = batch.splice(0, BATCH);
        await api('POST', '/contacts/batch', { contacts: part });
        sent += part.length;
        setWritten(sent);
      }
    };
    try {
      await eachRow(
        file,
        (row) => {
          const made = contactOf(row, targets);
          if ('contact' in made) batch.push(made.contact);
        },
        flush,
      );
      if (batch.length > 0) {
        await api('POST', '/contacts/batch', { contacts: batch });
        sent += batch.length;
        batch = [];
      }
      setWritten(sent);
      onDone(sent);
    } catch (caught) {
      setError(`${messageOf(caught)} (${sent} contacts were written before; each batch is written whole or not at all)`);
    } finally {
      setBusy(false);
    }
  };

  const fieldChoices = [...CONTACT_FIELDS];
  return (
    <Dialog title="Import contacts from CSV" onClose={onClose}>
      <Field label="CSV file" hint="A header row, then one contact per line">
        <input type="file" accept=".csv,text/csv" onChange={(event) => open(event.target.files?.[0])} disabled={busy} />
      </Field>
      {headers.length > 0 && (
        <>
          <table className="table compact" aria-label="Columns">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Goes to</th>
                <th scope="col">First rows</th>
              </tr>
            </thead>
            <tbody>
              {headers.map((column) => (
                <tr key={column}>
                  <td>
                    <code>{column}</code>
                  </td>
                  <td>
                    <select
                      aria-label={`Field for ${column}`}
                      value={targets[column] ?? SKIP}
                      onChange={(event) => {
                        setTargets({ ...targets, [column]: event.target.value });
                        setChecked(null);
                      }}
                      disabled={busy || written !== null}
                    >
                      {fieldChoices.map((field) => (
                        <option key={field} value={field}>
                          {field}
                        </option>
                      ))}
                      <option value={`custom_fields.${column.trim()}`}>custom_fields.{column.trim()}</option>
                      <option value={SKIP}>Skip this column</option>
                    </select>
                  </td>
                  <td className="muted small">{preview.map((row) => row[column]).filter(Boolean).slice(0, 3).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {checked && (
            <div role="status" className="notice">
              {checked.good} {checked.good === 1 ? 'row is' : 'rows are'} ready
              {checked.problems.length > 0 ? `; ${checked.problems.length} will be left out:` : '.'}
              {checked.problems.length > 0 && (
                <ul className="small">
                  {checked.problems.slice(0, 20).map((problem) => (
                    <li key={problem.line}>
                      line {problem.line}: {problem.message}
                    </li>
                  ))}
                  {checked.problems.length > 20 && <li>… and {checked.problems.length - 20} more</li>}
                </ul>
              )}
            </div>
          )}
          {written !== null && checked && (
            <p>
              <progress aria-label="Contacts written" max={checked.good} value={written} /> {written} of {checked.good}
            </p>
          )}
        </>
      )}
      <Alert message={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          {written !== null && !busy ? 'Close' : 'Cancel'}
        </button>
        {!checked ? (
          <button type="button" className="primary" onClick={() => void check()} disabled={!file || busy || headers.length === 0}>
            {busy ? 'Checking…' : 'Check the rows'}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void write()} disabled={busy || checked.good === 0 || written !== null}>
            {busy ? 'Importing…' : `Import ${checked.good} contacts`}
          </button>
        )}
      </div>
    </Dialog>
  );
}
