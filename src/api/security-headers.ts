import { secureHeaders } from 'hono/secure-headers';

/**
 * Pages load only the server's own scripts, styles, fonts and images (images also as `data:`
 * URLs, for connector icons), talk only to the server, and may not be framed. No inline script
 * runs, so text that got into a page cannot act as code.
 */
const POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The same policy for the API docs, whose Swagger UI sets styles inline. */
export const DOCS_POLICY = Object.entries({ ...POLICY, styleSrc: ["'self'", "'unsafe-inline'"] })
  .map(([directive, sources]) => `${directive.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${sources.join(' ')}`)
  .join('; ');

/** Security headers on every response: the policy above, nosniff, no referrer, no framing; a route's own policy is kept. */
export function securityHeaders() {
  return secureHeaders({ contentSecurityPolicy: POLICY, xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', overwrite: false });
}
