export { RenderBudget, TemplateError } from './language.ts';
export { Scope, type SecretWatch } from './scope.ts';
export {
  compile,
  compileExtraction,
  evaluate,
  evaluateLenient,
  evaluateShown,
  extract,
  extractShown,
  isTemplate,
  references,
  renderShown,
  stringify,
  type Evaluated,
  type Reference,
  type Rendered,
} from './template.ts';
