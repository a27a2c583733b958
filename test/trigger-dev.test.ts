import { describe, expect, it } from 'vitest';
import { executeConnector, triggerWorkflow } from '../src/adapters/trigger-dev.ts';

describe('Trigger.dev adapter', () => {
  it('defines the two tasks under the names the docs give', () => {
    expect([executeConnector.id, triggerWorkflow.id]).toEqual(['execute-connector', 'trigger-workflow']);
  });
});
