import { describe, expect, it } from 'vitest';
import { signAwsV4 } from '../src/engine/aws-sigv4.ts';
import type { BuiltRequest } from '../src/engine/request.ts';
import { SecretMasker } from '../src/engine/secrets.ts';
import { parseDefinition } from '../src/engine/index.ts';

/*
 * AWS Signature Version 4 against AWS's published test suite (aws-sig-v4-test-suite: key
 * AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30 12:36:00 UTC): each request as
 * the suite gives it, and the Authorization header the suite expects.
 */

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' };
const SESSION_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

const VECTORS: { name: string; method: string; path: string; headers?: Record<string, string>; body?: string; sessionToken?: string; signedHeaders: string; signature: string }[] = [
  { name: 'get-vanilla', method: 'GET', path: '/', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-vanilla-query-order-key-case', method: 'GET', path: '/?Param2=value2&Param1=value1', signedHeaders: 'host;x-amz-date', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  { name: 'get-vanilla-query-unreserved', method: 'GET', path: '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', signedHeaders: 'host;x-amz-date', signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197' },
  { name: 'get-vanilla-utf8-query', method: 'GET', path: `/?${encodeURIComponent('ሴ')}=bar`, signedHeaders: 'host;x-amz-date', signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04' },
  { name: 'get-unreserved', method: 'GET', path: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', signedHeaders: 'host;x-amz-date', signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f' },
  { name: 'normalize-path/get-relative-relative', method: 'GET', path: '/example1/example2/../..', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'normalize-path/get-slashes', method: 'GET', path: '//example//', signedHeaders: 'host;x-amz-date', signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84' },
  { name: 'get-header-value-trim', method: 'GET', path: '/', headers: { 'My-Header1': 'value1', 'My-Header2': '"a   b   c"' }, signedHeaders: 'host;my-header1;my-header2;x-amz-date', signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736' },
  { name: 'post-header-value-case', method: 'POST', path: '/', headers: { 'My-Header1': 'VALUE1' }, signedHeaders: 'host;my-header1;x-amz-date', signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d' },
  { name: 'post-vanilla-query', method: 'POST', path: '/?Param1=value1', signedHeaders: 'host;x-amz-date', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
  { name: 'post-x-www-form-urlencoded', method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Param1=value1', signedHeaders: 'content-type;host;x-amz-date', signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a' },
  { name: 'post-sts-token/post-sts-header-before', method: 'POST', path: '/', sessionToken: SESSION_TOKEN, signedHeaders: 'host;x-amz-date;x-amz-security-token', signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead' },
];

function request(vector: (typeof VECTORS)[number]): BuiltRequest {
  const headers = { ...vector.headers, 'X-Amz-Date': '20150830T123600Z' };
  return { method: vector.method, url: `https://example.amazonaws.com${vector.path}`, headers, ...(vector.body === undefined ? {} : { body: vector.body }), sensitiveHeaders: new Set(), shown: { url: '', headers: { ...headers } } };
}

describe('AWS Signature Version 4', () => {
  it.each(VECTORS)('$name', (vector) => {
    const built = request(vector);
    const masker = new SecretMasker();
    signAwsV4(built, { ...KEYS, ...(vector.sessionToken ? { sessionToken: vector.sessionToken } : {}) }, masker);
    expect(built.headers.authorization).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`);
    if (vector.sessionToken) expect(built.headers['x-amz-security-token']).toBe(vector.sessionToken);
    // The signature is masked wherever it is shown, and the header stays with its origin.
    expect(masker.mask(built.headers.authorization!)).toContain('Signature=••••••');
    expect(built.sensitiveHeaders.has('authorization')).toBe(true);
  });

  it('dates a request now unless it carries X-Amz-Date, and signs S3 payloads with their hash', () => {
    const built: BuiltRequest = { method: 'PUT', url: 'https://bucket.s3.eu-west-1.amazonaws.com/a.txt', headers: {}, body: 'hello', sensitiveHeaders: new Set(), shown: { url: '', headers: {} } };
    signAwsV4(built, { ...KEYS, region: 'eu-west-1', service: 's3' }, new SecretMasker());
    expect(built.headers['x-amz-date']).toMatch(new RegExp(`^${new Date().toISOString().slice(0, 10).replace(/-/g, '')}T\\d{6}Z$`));
    expect(built.headers['x-amz-content-sha256']).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(built.headers.authorization).toMatch(/SignedHeaders=host;x-amz-content-sha256;x-amz-date, /);
  });

  it('is an auth type with its fields named, and nothing else accepted', () => {
    const parse = (auth: Record<string, unknown>) => parseDefinition({ name: 'x', steps: [{ url: 'https://sts.amazonaws.com', auth }] });
    const parsed = parse({ type: 'aws_sigv4', access_key_id: '{{credentials.aws.key}}', secret_access_key: '{{credentials.aws.secret}}', region: 'us-east-1', service: 'sts' });
    expect(parsed.ok && parsed.definition.steps[0]!.auth).toEqual({ type: 'aws_sigv4', accessKeyId: '{{credentials.aws.key}}', secretAccessKey: '{{credentials.aws.secret}}', region: 'us-east-1', service: 'sts' });
    const missing = parse({ type: 'aws_sigv4', accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1', signature: 'v2' });
    expect(missing.ok ? [] : missing.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([expect.stringMatching(/signature: is not a field of aws_sigv4 auth/), expect.stringMatching(/service: required/)]);
  });
});
