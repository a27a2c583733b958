import { readFile } from 'node:fs/promises';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/app.ts';
import { generatedTypes } from '../../src/cli/api-types.ts';

/*
 * The OpenAPI document is the one source of the API's types: it lints clean, names every
 * operation, documents the definitions the engine reads, and the web app's types are made from it.
 */

const document = openApiDocument();
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, { operationId?: string; responses?: Record<string, unknown> }>).map(([method, operation]) => ({ path, method, ...operation })),
);

describe('the OpenAPI document', () => {
  it('lints clean with Redocly\'s recommended rules', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    expect(problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('names every operation once, and says where it is served and under which licence', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createConnector', 'testConnector', 'executeConnector', 'getExecution', 'listTemplates', 'installTemplate', 'storeCredential', 'deleteCredential']));
    expect(document.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(document.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    // Every route that needs a token documents the answer to a missing one.
    for (const operation of operations) if (operation.operationId !== 'oauthCallback') expect(Object.keys(operation.responses ?? {}), operation.operationId).toContain('401');
  });

  it("documents a connector definition as the engine's own formats, and a run as the engine's result", () => {
    const schemas = document.components?.schemas as Record<string, Record<string, unknown>>;
    expect(schemas.ConnectorDefinition?.anyOf).toEqual([{ $ref: '#/components/schemas/SingleStepDocument' }, { $ref: '#/components/schemas/MultiStepDocument' }]);
    expect(Object.keys(schemas.SingleStepDocument?.properties as object)).toEqual(expect.arrayContaining(['name', 'config', 'field_mappings', 'input_schema']));
    expect(Object.keys(schemas.MultiStepDocument?.properties as object)).toEqual(expect.arrayContaining(['steps', 'finalMapping']));
    expect((schemas.RunResult?.properties as Record<string, unknown>).steps).toEqual({ type: 'array', items: { $ref: '#/components/schemas/StepTrace' } });
  });

  it("is what the web app's API types were generated from (npm run api:types)", async () => {
    expect(await readFile(new URL('../../web/src/api-schema.ts', import.meta.url), 'utf8')).toBe(await generatedTypes());
  });
});
