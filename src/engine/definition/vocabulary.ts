/*
 * The words and bounds of a definition, apart from its schema (which needs zod), so the web
 * app's builder offers exactly what the engine accepts.
 */

/** Bounds that hold for every definition, whichever format it arrived in. */
export const LIMITS = {
  maxSteps: 20,
  maxRetries: 10,
  maxStepTimeoutMs: 120_000,
  defaultStepTimeoutMs: 30_000,
  maxTemplateLength: 100_000,
  maxPages: 1000,
  maxItems: 100_000,
  defaultMaxPages: 10,
  defaultMaxItems: 1000,
} as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const BODY_TYPES = ['json', 'form', 'xml', 'raw'] as const;
export const INPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
