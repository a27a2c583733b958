import { createHash, createHmac } from 'node:crypto';
import type { Received } from './stand-in.ts';

/*
 * AWS's side of Signature Version 4, written from AWS's documentation ("Create a signed AWS API
 * request") independently of the signer the engine uses: recomputes the signature of a request
 * as it arrived, for the host it was meant for.
 */

const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

export type SignatureCheck = { ok: true } | { ok: false; type: 'MissingAuthenticationTokenException' | 'InvalidSignatureException'; message: string };

export function checkSignature(request: Received, keys: { accessKeyId: string; secretAccessKey: string }, host: string): SignatureCheck {
  const authorization = request.headers.authorization ?? '';
  const parts = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!parts) return { ok: false, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const [, keyId, day, region, service, signedHeaders, signature] = parts as unknown as string[];
  const date = String(request.headers['x-amz-date'] ?? '');
  const names = signedHeaders!.split(';');
  const mismatch = { ok: false as const, type: 'InvalidSignatureException' as const, message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' };
  if (keyId !== keys.accessKeyId || !names.includes('host') || !names.includes('x-amz-date') || !date.startsWith(day!)) return mismatch;
  const when = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  if (!(Math.abs(Date.now() - when) < 5 * 60_000)) return { ok: false, type: 'InvalidSignatureException', message: 'Signature expired: the request date is more than 5 minutes from now.' };

  const [path, search = ''] = request.target.split('?');
  const query = search
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => encode(decodeURIComponent(part.replace(/\+/g, ' ')))))
    .map(([key, value = '']) => `${key}=${value}`)
    .sort()
    .join('&');
  const canonicalPath = path!.split('/').map((segment) => encode(encode(decodeURIComponent(segment)))).join('/');
  const header = (name: string) => (name === 'host' ? host : String(request.headers[name] ?? '').trim().replace(/\s+/g, ' '));
  const canonical = [request.method, canonicalPath, query, names.map((name) => `${name}:${header(name)}\n`).join(''), signedHeaders, sha256(request.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day!), region!), service!), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? { ok: true } : mismatch;
}
