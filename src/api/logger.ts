import pino from 'pino';
import { loggableError } from '../store/index.ts';

export type Logger = pino.Logger;

/** Paths under which a secret could sit in what is logged; pino replaces them with `[redacted]`. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.api_key',
  '*.apiKey',
  '*.credentials',
  'credentials',
];

/** Structured JSON logs on stdout (`LOG_LEVEL`, default info); `silent` for tests. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  // Errors are logged by what may be said of them: never a statement's parameters or a database's quote of a value.
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'connectors' }, serializers: { err: loggableError } }, destination);
}
