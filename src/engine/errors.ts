/** Why a step failed, in words a user can act on; `code` is stable for programs. */
export const STEP_ERROR_CODES = ['input', 'template', 'blocked', 'network', 'timeout', 'too_large', 'redirects', 'http_status', 'api_error', 'invalid_response', 'auth', 'run_timeout', 'internal'] as const;
export type StepErrorCode = (typeof STEP_ERROR_CODES)[number];

export class StepError extends Error {
  readonly code: StepErrorCode;
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;
  /** The HTTP status that made it, when an answer did. */
  readonly status: number | undefined;
  constructor(code: StepErrorCode, message: string, options: { retryable?: boolean; cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StepError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
  }
}
