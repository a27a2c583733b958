/*
 * The connector engine as a library: parse a definition in any accepted format, then run it.
 * No database, queue or server: callers bring a context and, optionally, an HTTP client.
 */
export { parseDefinition, fromZod, formatPath, DefinitionSchema, DOCUMENT_FORMATS, LIMITS } from './definition/index.ts';
export { MAX_JSON_DEPTH } from './json-depth.ts';
export type { Auth, Definition, FieldMapping, InputField, Issue, ParsedDefinition, Step } from './definition/index.ts';
export { Engine, type EngineOptions, type Pause, type RunContext, type RunHooks, type RunResult, type StepEvent, type StepListener, type StepTrace } from './run.ts';
export { HttpClient, type HttpClientOptions } from './http/client.ts';
export type { ConnectionTokens, RenewConnection } from './oauth.ts';
export { BoundedCache } from './bounded-cache.ts';
export { StepError, STEP_ERROR_CODES, type StepErrorCode } from './errors.ts';
export { STANDARD_CONTACT_FIELDS, CONTACT_FIELD_ALIASES, CONTACT_FIELD_MAX_LENGTH, type StandardContactField } from './contact-fields.ts';
export { fillOnlyPaths, withoutFilled, type ContactPatch, type MappingTrace } from './mapping.ts';
export { contactTemplateProblem, renderOverContact, conditionHolds } from './contact-template.ts';
export { authorizationUrl, connectableStep, exchangeCode, pkcePair } from './oauth-connect.ts';
