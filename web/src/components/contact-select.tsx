import { contactName, type Contact } from '../api.ts';

/** Picks one of the workspace's contacts by name; `none` labels an empty choice when there is one. */
export function ContactSelect({ contacts, value, onChange, none, ...control }: { contacts: Contact[]; value: string; onChange: (id: string) => void; none?: string; id?: string }) {
  return (
    <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      {none !== undefined && <option value="">{none}</option>}
      {contacts.map((contact) => (
        <option key={contact.id} value={contact.id}>
          {contactName(contact)}
        </option>
      ))}
    </select>
  );
}
