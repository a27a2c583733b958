import { createMiddleware } from 'hono/factory';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { BoundedCache } from '../engine/index.ts';
import { isUnstorable } from '../store/index.ts';
import { ApiError } from './errors.ts';
import type { Env } from './env.ts';

export interface AuthSettings {
  /** HS256 secret (Supabase's JWT secret, or one of your own). */
  jwtSecret?: string;
  /** A JWKS URL for asymmetric tokens (RS256, ES256, EdDSA). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The longest a token may live, from when it was issued (default 90 days). */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 90 * 86_400;
/** How far ahead of this server's clock a token may say it was issued. */
const CLOCK_SKEW_SECONDS = 60;
/** The longest user id or email a token may claim. */
const MAX_CLAIM_LENGTH = 320;

export interface Caller {
  id: string;
  email?: string;
  /** The workspace used when a request sends no X-Workspace-Id (tokens from `connectors token --workspace`). */
  workspaceId?: string;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Verifies bearer tokens with jose. Only the algorithms configured are accepted; never `none`. */
export class TokenVerifier {
  readonly #secret: Uint8Array | undefined;
  readonly #jwks: JWTVerifyGetKey | undefined;
  readonly #options: { issuer?: string; audience?: string };
  readonly #maxLifetimeSeconds: number;
  readonly #verified = new BoundedCache<string, Promise<{ caller: Caller; expiresAt: number }>>(10_000);

  constructor(settings: AuthSettings) {
    if (!settings.jwtSecret && !settings.jwksUrl) throw new Error('set JWT_SECRET or JWKS_URL to verify tokens');
    this.#secret = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : undefined;
    this.#jwks = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : undefined;
    this.#maxLifetimeSeconds = settings.maxLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    this.#options = {
      ...(settings.issuer ? { issuer: settings.issuer } : {}),
      ...(settings.audience ? { audience: settings.audience } : {}),
    };
  }

  /**
   * The caller a valid token names. A token verified once is remembered until it expires:
   * checking an HMAC or RSA signature on every call was a tenth of an API process's CPU.
   */
  async verify(token: string): Promise<Caller> {
    const verified = this.#verified.get(token, (key) => this.#check(key));
    try {
      const { caller, expiresAt } = await verified;
      if (expiresAt > Date.now()) return caller;
    } catch (error) {
      this.#verified.delete(token);
      throw error;
    }
    this.#verified.delete(token);
    return (await this.#check(token)).caller;
  }

  async #check(token: string): Promise<{ caller: Caller; expiresAt: number }> {
    const payload = await this.#payload(token);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new ApiError(401, 'unauthorized', 'the token names no user (sub)');
    for (const claim of ['sub', 'email', 'workspace_id'] as const) {
      const value = payload[claim];
      // Stored as the caller's user id and email: text a column can hold, of a sensible length.
      if (value !== undefined && (typeof value !== 'string' || value === '' || value.length > MAX_CLAIM_LENGTH || isUnstorable(value))) throw new ApiError(401, 'unauthorized', `the token's ${claim} claim is not valid`);
    }
    const now = Date.now() / 1000;
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : now;
    if (issuedAt > now + CLOCK_SKEW_SECONDS) throw new ApiError(401, 'unauthorized', 'the token says it was issued in the future');
    if (payload.exp! - issuedAt > this.#maxLifetimeSeconds) {
      throw new ApiError(401, 'unauthorized', `the token lives longer than the ${Math.round(this.#maxLifetimeSeconds / 86_400)} days this server accepts (JWT_MAX_LIFETIME_DAYS)`);
    }
    const caller = {
      id: payload.sub,
      ...(typeof payload.email === 'string' ? { email: payload.email } : {}),
      ...(typeof payload.workspace_id === 'string' ? { workspaceId: payload.workspace_id } : {}),
    };
    // `exp` is required, so the token has one.
    return { caller, expiresAt: payload.exp! * 1000 };
  }

  async #payload(token: string): Promise<JWTPayload> {
    try {
      const header = JSON.parse(Buffer.from(token.split('.', 1)[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg === 'HS256' && this.#secret) {
        return (await jwtVerify(token, this.#secret, { ...this.#options, algorithms: ['HS256'], requiredClaims: ['exp'] })).payload;
      }
      if (this.#jwks && typeof header.alg === 'string' && ASYMMETRIC.includes(header.alg)) {
        return (await jwtVerify(token, this.#jwks, { ...this.#options, algorithms: ASYMMETRIC, requiredClaims: ['exp'] })).payload;
      }
      throw new ApiError(401, 'unauthorized', `tokens signed with ${typeof header.alg === 'string' ? header.alg : 'no algorithm'} are not accepted`);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(401, 'unauthorized', describe(error));
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not valid`;
  return 'the token is not valid';
}

/** Requires `Authorization: Bearer <JWT>` and records the caller. */
export function authenticate(verifier: TokenVerifier, onCaller: (caller: Caller) => Promise<void>) {
  return createMiddleware<Env>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <token>', [], { 'WWW-Authenticate': 'Bearer' });
    const caller = await verifier.verify(match[1]!);
    await onCaller(caller);
    c.set('caller', caller);
    await next();
  });
}

/** Mints an HS256 token, for scripts and local use (`connectors token`). */
export async function mintToken(secret: string, userId: string, options: { email?: string; expiresIn?: string; workspaceId?: string; audience?: string; issuer?: string } = {}): Promise<string> {
  let jwt = new SignJWT({ ...(options.email ? { email: options.email } : {}), ...(options.workspaceId ? { workspace_id: options.workspaceId } : {}), role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d');
  if (options.audience) jwt = jwt.setAudience(options.audience);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  return jwt.sign(new TextEncoder().encode(secret));
}
