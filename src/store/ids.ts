const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text is a row id (a UUID), so it can be looked up without the database refusing it. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
