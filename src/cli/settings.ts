import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { allowedHostsFromEnv } from './run.ts';
import { DEFAULT_RESPONSES_KEPT, SecretBox } from '../store/index.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, type AuthSettings } from '../api/auth.ts';
import type { TriggerDevSettings } from '../adapters/trigger-dev-queue.ts';

/** What `connectors serve` (and `token`, `migrate`) run with, read from the environment. */
export interface Settings {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  auth: AuthSettings;
  encryptionKey: string;
  allowedHosts: string[];
  rateLimitPerMinute: number;
  /** Runs bulk requests may queue per workspace per minute. */
  bulkLimitPerMinute: number;
  maxBodyBytes: number;
  /** Executions and flow runs (and their finished jobs) are kept this many days. */
  retentionDays: number;
  /** Runs noted in a contact's `metadata.connector_responses`: the newest. */
  responsesKept: number;
  /** Runs of one workspace running at once across every worker, a hard cap beside each worker's fair shares; none when absent. */
  workspaceLimit?: number;
  /** The address browsers reach the server at, when a proxy stands in front (OAuth callbacks are made from it). */
  publicUrl?: string;
  /** Set when CONNECTORS_EXECUTOR=trigger.dev: runs are triggered on Trigger.dev instead of queued for workers. */
  triggerDev?: TriggerDevSettings;
}

export class SettingsError extends Error {}

/**
 * Reads the settings. With the embedded database, a missing JWT secret or encryption key is
 * generated once into the data folder (mode 600) so `npm start` needs nothing; with
 * `DATABASE_URL` both must be given, since several processes must share them.
 */
export async function readSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const dataDir = resolve(env.CONNECTORS_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL || undefined;
  let jwtSecret = env.JWT_SECRET || undefined;
  let encryptionKey = env.CONNECTORS_ENCRYPTION_KEY || undefined;
  if (databaseUrl) {
    if (!jwtSecret && !env.JWKS_URL) throw new SettingsError('with DATABASE_URL, set JWT_SECRET (HS256) or JWKS_URL to verify tokens');
    if (!encryptionKey) throw new SettingsError('with DATABASE_URL, set CONNECTORS_ENCRYPTION_KEY (32 bytes, base64: `openssl rand -base64 32`)');
  } else if (!encryptionKey || (!jwtSecret && !env.JWKS_URL)) {
    const generated = await localSecrets(dataDir);
    encryptionKey ??= generated.encryptionKey;
    if (!env.JWKS_URL) jwtSecret ??= generated.jwtSecret;
  }
  try {
    SecretBox.fromSetting(encryptionKey!);
  } catch (error) {
    throw new SettingsError(`CONNECTORS_ENCRYPTION_KEY: ${(error as Error).message}`);
  }
  return {
    port: integer(env, 'PORT', 3000, 0),
    host: env.HOST || '127.0.0.1',
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir,
    auth: {
      ...(jwtSecret ? { jwtSecret } : {}),
      ...(env.JWKS_URL ? { jwksUrl: env.JWKS_URL } : {}),
      ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
      ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
      maxLifetimeSeconds: integer(env, 'JWT_MAX_LIFETIME_DAYS', DEFAULT_TOKEN_LIFETIME_SECONDS / 86_400) * 86_400,
    },
    encryptionKey: encryptionKey!,
    allowedHosts: allowedHostsFromEnv(env),
    rateLimitPerMinute: integer(env, 'CONNECTORS_RATE_LIMIT', 100),
    bulkLimitPerMinute: integer(env, 'CONNECTORS_BULK_LIMIT', 10_000),
    maxBodyBytes: integer(env, 'CONNECTORS_MAX_BODY_BYTES', 1024 * 1024),
    retentionDays: integer(env, 'CONNECTORS_RETENTION_DAYS', 30),
    responsesKept: integer(env, 'CONNECTORS_CONTACT_RESPONSES', DEFAULT_RESPONSES_KEPT),
    ...(env.CONNECTORS_PUBLIC_URL ? { publicUrl: publicUrl(env.CONNECTORS_PUBLIC_URL) } : {}),
    ...(env.CONNECTORS_WORKSPACE_CONCURRENCY ? { workspaceLimit: integer(env, 'CONNECTORS_WORKSPACE_CONCURRENCY', 0) } : {}),
    ...executor(env),
  };
}

/** CONNECTORS_EXECUTOR: `queue` (pg-boss workers, the default) or `trigger.dev`, with Trigger.dev's own settings. */
function executor(env: NodeJS.ProcessEnv): { triggerDev?: TriggerDevSettings } {
  const chosen = env.CONNECTORS_EXECUTOR || 'queue';
  if (chosen === 'queue') return {};
  if (chosen !== 'trigger.dev') throw new SettingsError(`CONNECTORS_EXECUTOR must be "queue" or "trigger.dev", not "${chosen}"`);
  if (!env.TRIGGER_SECRET_KEY) throw new SettingsError('with CONNECTORS_EXECUTOR=trigger.dev, set TRIGGER_SECRET_KEY (the project environment\'s secret key, tr_dev_... or tr_prod_...)');
  return { triggerDev: { secretKey: env.TRIGGER_SECRET_KEY, ...(env.TRIGGER_API_URL ? { apiUrl: env.TRIGGER_API_URL } : {}) } };
}

function publicUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    // named below
  }
  throw new SettingsError(`CONNECTORS_PUBLIC_URL must be an http(s) address, not "${raw}"`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new SettingsError(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}

/** The embedded setup's own JWT secret and encryption key, made on first start. */
async function localSecrets(dataDir: string): Promise<{ jwtSecret: string; encryptionKey: string }> {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { jwtSecret: string; encryptionKey: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SettingsError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const secrets = { jwtSecret: randomBytes(32).toString('base64url'), encryptionKey: `local:${SecretBox.generateKey()}` };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return secrets;
}
