export { RenderBudget, TemplateError } from './language.ts';
export { Scope, type SecretWatch } from './scope.ts';
export {
  asLiteral,
  compile,
  compileExtraction,
  evaluate,
  evaluateLenient,
  evaluateOverAnswer,
  evaluateShown,
  extract,
  extractShown,
  isTemplate,
  references,
  renderShown,
  stringify,
  type AnswerMeta,
  type Evaluated,
  type ExtractOptions,
  type Reference,
  type Rendered,
} from './template.ts';
