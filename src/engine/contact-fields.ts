import { BoundedCache } from './bounded-cache.ts';

/**
 * The standard contact fields, and the other spellings that land on them. Both documents of the
 * original design are honoured: `first_name` and `firstname` are the same field.
 */
export const STANDARD_CONTACT_FIELDS = [
  'email',
  'phone_number',
  'firstname',
  'lastname',
  'st_address',
  'city',
  'state',
  'zip',
  'company',
] as const;

export type StandardContactField = (typeof STANDARD_CONTACT_FIELDS)[number];

/** How long each standard field may be, as the API takes it (and a CSV import checks before sending). */
export const CONTACT_FIELD_MAX_LENGTH: Readonly<Record<StandardContactField, number>> = {
  email: 320,
  phone_number: 50,
  firstname: 1000,
  lastname: 1000,
  st_address: 1000,
  city: 1000,
  state: 1000,
  zip: 20,
  company: 1000,
};

export const CONTACT_FIELD_ALIASES: Readonly<Record<string, StandardContactField>> = {
  first_name: 'firstname',
  last_name: 'lastname',
  phone: 'phone_number',
  address: 'st_address',
  street_address: 'st_address',
  postal_code: 'zip',
  zip_code: 'zip',
  company_name: 'company',
};

/** Keys under which a target writes into a nested object of the contact. */
export const NESTED_CONTACT_FIELDS = ['metadata', 'custom_fields'] as const;

const standard = new Set<string>(STANDARD_CONTACT_FIELDS);
/** Keys that name what every object has (`__proto__`, `constructor`, `toString`, ...) rather than data. */
export function isReservedKey(key: string): boolean {
  return key === 'prototype' || key in Object.prototype;
}

export type ContactTarget = { path: string[] } | { error: string };

/** Definitions name the same few targets run after run: resolve each once. */
const resolved = new BoundedCache<string, ContactTarget>(10_000);

/**
 * Resolves a mapping target (`first_name`, `metadata.company.name`) to the path it writes on the
 * contact, or says why it is not a contact field.
 */
export function resolveContactTarget(target: string): ContactTarget {
  return resolved.get(target, resolve);
}

function resolve(target: string): ContactTarget {
  const [head = '', ...rest] = target.split('.');
  if ((NESTED_CONTACT_FIELDS as readonly string[]).includes(head)) {
    if (rest.length === 0 || rest.some((part) => part === '')) {
      return { error: `"${target}" needs a key after "${head}." (for example ${head}.source)` };
    }
    const reserved = rest.find(isReservedKey);
    if (reserved !== undefined) return { error: `"${target}": "${reserved}" is a reserved name, not a key a contact can hold` };
    return { path: [head, ...rest] };
  }
  const field = standard.has(head) ? head : Object.hasOwn(CONTACT_FIELD_ALIASES, head) ? CONTACT_FIELD_ALIASES[head] : undefined;
  if (field === undefined) {
    return {
      error:
        `"${target}" is not a contact field; use one of ${STANDARD_CONTACT_FIELDS.join(', ')}, ` +
        `or custom_fields.${target} / metadata.${target}`,
    };
  }
  if (rest.length > 0) return { error: `"${target}": ${field} holds a single value, not keys` };
  return { path: [field] };
}

/** The contact as templates see it: every alias reads the same value as its standard field. */
const ALIAS_PAIRS = Object.entries(CONTACT_FIELD_ALIASES);

export function contactScope(contact: Record<string, unknown>): Record<string, unknown> {
  const scope: Record<string, unknown> = { ...contact };
  for (const [alias, field] of ALIAS_PAIRS) {
    if (scope[alias] === undefined && contact[field] !== undefined) scope[alias] = contact[field];
    if (scope[field] === undefined && contact[alias] !== undefined) scope[field] = contact[alias];
  }
  return scope;
}

/** A name as paths and headers spell it, squashed: lower case, no spaces, `_`, `-` or `@`. */
const squash = (name: string) => name.toLowerCase().replace(/[\s_@-]+/g, '');

/**
 * Names an answer gives a contact's fields, squashed: each field's own and its aliases, then the
 * other spellings APIs use.
 */
const SPELLINGS: Readonly<Record<string, StandardContactField>> = Object.fromEntries([
  ...STANDARD_CONTACT_FIELDS.map((field) => [squash(field), field] as const),
  ...Object.entries(CONTACT_FIELD_ALIASES).map(([alias, field]) => [squash(alias), field] as const),
  ...(
    [
      ['email', ['emailaddress', 'mail', 'workemail', 'primaryemail', 'personalemail']],
      ['phone_number', ['mobile', 'mobilephone', 'mobilenumber', 'telephone', 'tel', 'workphone']],
      ['firstname', ['givenname', 'fname', 'forename']],
      ['lastname', ['familyname', 'surname', 'lname']],
      ['st_address', ['street', 'address1', 'addressline1', 'line1', 'streetline1']],
      ['city', ['locality', 'town']],
      ['state', ['region', 'province', 'statecode', 'stateprovince', 'stateprovinceregion', 'administrativearea']],
      ['zip', ['postcode', 'postal']],
      ['company', ['organization', 'organisation', 'organizationname', 'employer', 'orgname']],
    ] as const
  ).flatMap(([field, names]) => names.map((name) => [name, field] as const)),
]);

/**
 * The contact field a value at `path` most likely fills, from the path's last names:
 * `person.firstName` → firstname, `address.postalCode` → zip, `company.name` → company, an XML
 * attribute `address["@zip"]` → zip.
 */
export function guessContactField(path: string): StandardContactField | undefined {
  const names = path
    .split(/[.[\]"']+/)
    .filter((name) => name !== '' && !/^\d+$/.test(name))
    .map(squash);
  const last = names.at(-1) ?? '';
  if (Object.hasOwn(SPELLINGS, last)) return SPELLINGS[last];
  const parent = names.at(-2) ?? '';
  if ((last === 'name' || last === 'legalname') && ['company', 'organization', 'organisation', 'employer', 'org'].includes(parent)) return 'company';
  return undefined;
}
