import { contactName, type Contact } from '../api.ts';
import { SearchSelect } from './search-select.tsx';

function labelOf(contact: Contact): string {
  const name = contactName(contact);
  return contact.email && contact.email !== name ? `${name} · ${contact.email}` : name;
}

/**
 * Picks one of the workspace's contacts: typing searches them all through the API (name, email,
 * phone, company), each shown with its email. `contacts` are offered before anything is typed;
 * `none` labels an empty choice when there is one.
 */
export function ContactSelect({ contacts, ...props }: { contacts: Contact[]; value: string; onChange: (id: string, contact?: Contact) => void; none?: string; id?: string }) {
  return <SearchSelect path="/contacts" items={contacts} labelOf={labelOf} listLabel="Contacts" {...props} />;
}
