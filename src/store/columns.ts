import { customType } from 'drizzle-orm/pg-core';
import { storableJson } from './storable.ts';

/** A jsonb column that takes any JSON value, with what PostgreSQL would refuse made storable (see storable.ts). */
export const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: storableJson,
  // node-postgres and PGlite hand jsonb back parsed: a string read is a JSON string value.
  fromDriver: (value) => value,
});
