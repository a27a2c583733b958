import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { STANDARD_CONTACT_FIELDS } from '../../engine/index.ts';
import { notFound } from '../errors.ts';
import type { Env } from '../env.ts';
import { contactsCsv, EXPORT_PAGE } from '../contacts-csv.ts';
import { ContactInput, ContactSchema, IdParam, PAGE, Pagination } from '../schemas.ts';
import type { Services } from '../services.ts';
import { requireRole, rowId, workspaceScope } from '../workspace-scope.ts';
import { body, json, list, ok, router, routesOf } from './openapi-helpers.ts';

const route = routesOf('Contacts');

const ContactBatch = z.object({ contacts: z.array(ContactInput).min(1).max(1000) }).openapi('ContactBatch');

export function contactRoutes({ store }: Services): OpenAPIHono<Env> {
  const app = router();
  app.use('/contacts', workspaceScope(store));
  app.use('/contacts/*', workspaceScope(store));

  app.openapi(
    route({
      method: 'get',
      path: '/contacts',
      operationId: 'listContacts',
      summary: 'List contacts',
      request: { query: Pagination.extend({ search: z.string().max(200).optional(), missing: z.enum(STANDARD_CONTACT_FIELDS).optional().openapi({ description: 'Only contacts where this field is empty' }) }) },
      responses: { 200: list(ContactSchema, 'Newest first', PAGE) },
      errors: [400, 404],
    }),
    async (c) => {
      const { search, missing, limit, offset } = c.req.valid('query');
      const { items, total } = await store.contacts.list(c.get('workspace').id, { search, missing, limit, offset });
      return c.json({ success: true as const, data: items, total, limit, offset }, 200);
    },
  );

  app.openapi(
    route({ method: 'post', path: '/contacts', operationId: 'createContact', summary: 'Create a contact', request: body(ContactInput), responses: { 201: json(ContactSchema, 'Created') }, errors: [400, 403, 404, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      return c.json(ok(await store.contacts.create(scope.id, c.req.valid('json'), c.get('caller').id)), 201);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/contacts/batch',
      operationId: 'createContacts',
      summary: 'Create up to 1,000 contacts at once (a CSV import\'s batch)',
      description: 'All are written, in one transaction, or none: a bad row fails the batch with its index (`contacts[12].email`).',
      request: body(ContactBatch),
      responses: { 201: json(z.object({ created: z.number().int() }), 'Created') },
      errors: [400, 403, 404, 413],
    }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      return c.json(ok({ created: await store.contacts.createMany(scope.id, c.req.valid('json').contacts, c.get('caller').id) }), 201);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/contacts/export',
      operationId: 'exportContacts',
      summary: 'Every contact (or those a search finds) as CSV',
      description: 'The standard fields, then a column per custom field and per metadata key that any exported contact holds (connector responses left out). A cell that a spreadsheet would run as a formula is written with a leading `\'`.',
      request: { query: z.object({ search: z.string().max(200).optional() }) },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV, with a header row' } },
      errors: [400, 404],
    }),
    async (c) => {
      const { search } = c.req.valid('query');
      const workspace = c.get('workspace').id;
      const pages = (from: number) => store.contacts.list(workspace, { search, limit: EXPORT_PAGE, offset: from });
      return new Response(ReadableStream.from(contactsCsv(await store.contacts.keysOf(workspace, { search }), pages)), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="contacts.csv"' } }) as never;
    },
  );

  app.openapi(
    route({ method: 'get', path: '/contacts/{id}', operationId: 'getContact', summary: 'Get a contact', description: '`metadata.connector_responses` holds the raw response of each connector that ran for it.', request: { params: IdParam }, responses: { 200: json(ContactSchema, 'The contact') }, errors: [404] }),
    async (c) => {
      const contact = await store.contacts.get(c.get('workspace').id, rowId(c.req.valid('param').id, 'contact'));
      if (!contact) throw notFound('contact');
      return c.json(ok(contact), 200);
    },
  );

  app.openapi(
    route({ method: 'patch', path: '/contacts/{id}', operationId: 'updateContact', summary: 'Change fields of a contact', description: 'Only the fields given change; `null` empties one.', request: { params: IdParam, ...body(ContactInput) }, responses: { 200: json(ContactSchema, 'Updated') }, errors: [400, 403, 404, 413] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      const contact = await store.contacts.update(scope.id, rowId(c.req.valid('param').id, 'contact'), c.req.valid('json'), c.get('caller').id);
      if (!contact) throw notFound('contact');
      return c.json(ok(contact), 200);
    },
  );

  app.openapi(
    route({ method: 'delete', path: '/contacts/{id}', operationId: 'deleteContact', summary: 'Delete a contact', request: { params: IdParam }, responses: { 204: { description: 'Deleted' } }, errors: [403, 404] }),
    async (c) => {
      const scope = c.get('workspace');
      requireRole(scope, 'editor');
      if (!(await store.contacts.delete(scope.id, rowId(c.req.valid('param').id, 'contact'), c.get('caller').id))) throw notFound('contact');
      return c.body(null, 204);
    },
  );

  return app;
}
