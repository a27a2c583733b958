import type { Auth, ConnectionAuth } from './definition/schema.ts';
import { StepError } from './errors.ts';
import type { HttpClient } from './http/client.ts';
import { refreshConnection, usable, type ConnectionTokens, type OAuthClient, type RenewConnection, type TokenCache } from './oauth.ts';
import { addHeader, addQuery, renderField, type BuiltRequest } from './request.ts';
import type { SecretMasker } from './secrets.ts';
import { signAwsV4 } from './aws-sigv4.ts';
import type { Scope } from './template/index.ts';

export interface AuthContext {
  http: HttpClient;
  tokens: TokenCache;
  masker: SecretMasker;
  /** When the step's try must be over (epoch ms). */
  deadline: number;
  /** Get a new OAuth token even if the one held looks valid (after a 401). */
  refresh: boolean;
  /** The run's stored credentials, and the connections it renewed since it began. */
  credentials: Record<string, Record<string, string>>;
  renewed: Map<string, ConnectionTokens>;
  /** Stores a renewed connection; without it, new tokens last for the run only. */
  renewConnection?: RenewConnection;
  /** The access token last sent, so a 401 renews that one and not one another run just got. */
  sent?: string;
}

/**
 * Adds a step's credentials to its request; every rendered credential becomes a secret to mask.
 * Only OAuth2 may need to wait (for a token), so only then is there a promise to await.
 */
export function applyAuth(auth: Auth, request: BuiltRequest, scope: Scope, context: AuthContext): Promise<void> | undefined {
  const secret = secretField(scope, context.masker);
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'bearer':
      addHeader(request, 'authorization', `Bearer ${secret('token', auth.token)}`);
      return undefined;
    case 'basic': {
      const encoded = Buffer.from(`${secret('username', auth.username)}:${secret('password', auth.password)}`).toString('base64');
      context.masker.add(encoded);
      addHeader(request, 'authorization', `Basic ${encoded}`);
      return undefined;
    }
    case 'api_key': {
      const value = secret('value', auth.value);
      if (auth.in === 'query') addQuery(request, `${encodeURIComponent(auth.name)}=${encodeURIComponent(value)}`);
      else {
        addHeader(request, auth.name, value);
        request.sensitiveHeaders.add(auth.name.toLowerCase());
      }
      return undefined;
    }
    case 'oauth2_client_credentials': {
      const grant: Record<string, string> = { grant_type: 'client_credentials' };
      if (auth.scope) grant.scope = renderField('auth.scope', auth.scope, scope).text;
      if (auth.audience) grant.audience = renderField('auth.audience', auth.audience, scope).text;
      return context.tokens.token(oauthClient(auth, scope, secret), grant, context, context.refresh).then((token) => bearer(request, token, context));
    }
    case 'oauth2_refresh_token':
    case 'oauth2_authorization_code':
      return connectionToken(auth, scope, context, secret).then((token) => bearer(request, token, context));
    case 'aws_sigv4':
      signAwsV4(request, {
        accessKeyId: secret('accessKeyId', auth.accessKeyId),
        secretAccessKey: secret('secretAccessKey', auth.secretAccessKey),
        ...(auth.sessionToken === undefined ? {} : { sessionToken: secret('sessionToken', auth.sessionToken) }),
        region: renderField('auth.region', auth.region, scope).text,
        service: renderField('auth.service', auth.service, scope).text,
      }, context.masker);
      return undefined;
  }
}

/** Renders an auth field that holds a secret; what it renders is masked from then on. */
export function secretField(scope: Scope, masker: SecretMasker): (field: string, source: string) => string {
  return (field, source) => {
    const { text } = renderField(`auth.${field}`, source, scope);
    masker.add(text);
    return text;
  };
}

function bearer(request: BuiltRequest, token: string, context: AuthContext): void {
  context.masker.add(token);
  context.sent = token;
  addHeader(request, 'authorization', `Bearer ${token}`);
}

/** The client an OAuth auth block names, rendered: its id and secret are secrets. */
export function oauthClient(auth: Extract<Auth, { tokenUrl: string }>, scope: Scope, secret: (field: string, source: string) => string): OAuthClient {
  return {
    tokenUrl: renderField('auth.tokenUrl', auth.tokenUrl, scope).text,
    clientId: secret('clientId', auth.clientId),
    clientSecret: secret('clientSecret', auth.clientSecret),
    clientAuthentication: auth.clientAuthentication,
  };
}

/** A connection's access token: the one stored while it is good, else a renewed one, stored for the next run. */
async function connectionToken(auth: ConnectionAuth, scope: Scope, context: AuthContext, secret: (field: string, source: string) => string): Promise<string> {
  const refused = context.refresh ? context.sent : undefined;
  const held = context.renewed.get(auth.connection) ?? context.credentials[auth.connection];
  if (held === undefined) {
    throw new StepError('auth', `no account is connected as "${auth.connection}": connect one from the connector's auth settings, or store a credential "${auth.connection}" with its refresh_token`);
  }
  if (usable(held, refused)) return held.access_token;
  const client = oauthClient(auth, scope, secret);
  const grantScope = auth.scope === undefined ? undefined : renderField('auth.scope', auth.scope, scope).text;
  // Another run may have renewed it since this one read it: what is stored now is asked first.
  const renew = async (stored: ConnectionTokens | undefined) => {
    if (stored === undefined) throw new StepError('auth', `the connection "${auth.connection}" was deleted while the run went on`);
    for (const value of Object.values(stored)) context.masker.add(value);
    return usable(stored, refused) ? stored : refreshConnection(auth, client, grantScope, stored, context);
  };
  const tokens = context.renewConnection ? await context.renewConnection(auth.connection, renew) : await renew(held);
  context.renewed.set(auth.connection, tokens);
  if (!tokens.access_token) throw new StepError('auth', `the connection "${auth.connection}" holds no access_token`);
  return tokens.access_token;
}
