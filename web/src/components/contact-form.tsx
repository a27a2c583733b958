import { useState } from 'react';
import { api, ApiProblem, CONTACT_FIELD_LABELS, CONTACT_FIELDS, type Contact, type Problem } from '../api.ts';
import { Alert } from '../page-states.tsx';
import { messageOf } from '../use-resource.ts';
import { Dialog } from './dialog.tsx';
import { Field, ProblemsContext } from './field.tsx';

/**
 * A contact's standard fields, to add one or (given `contact`) to change one: only the fields
 * changed are sent, an emptied one as null. The API names a field it refuses.
 */
export function ContactForm({ contact, onSaved, onClose }: { contact?: Contact; onSaved: (contact: Contact) => void; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(CONTACT_FIELDS.map((field) => [field, contact?.[field] ?? ''])));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      const changed = CONTACT_FIELDS.filter((field) => (values[field] ?? '').trim() !== (contact?.[field] ?? ''));
      const fields = Object.fromEntries(changed.map((field) => [field, (values[field] ?? '').trim() || null]));
      onSaved(contact ? await api<Contact>('PATCH', `/contacts/${contact.id}`, fields) : await api<Contact>('POST', '/contacts', Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null))));
    } catch (caught) {
      if (caught instanceof ApiProblem) setProblems(caught.details);
      setError(messageOf(caught));
    }
  };
  return (
    <Dialog title={contact ? 'Edit the contact' : 'Add a contact'} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ProblemsContext.Provider value={problems}>
          <div className="form-grid">
            {CONTACT_FIELDS.map((field) => (
              <Field key={field} label={CONTACT_FIELD_LABELS[field]} path={field}>
                <input value={values[field] ?? ''} onChange={(event) => setValues({ ...values, [field]: event.target.value })} type={field === 'email' ? 'email' : 'text'} />
              </Field>
            ))}
          </div>
        </ProblemsContext.Provider>
        <Alert message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {contact ? 'Save the contact' : 'Add contact'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
