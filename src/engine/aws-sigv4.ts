import { createHash } from 'node:crypto';
import aws4 from 'aws4';
import { addHeader, type BuiltRequest } from './request.ts';
import type { SecretMasker } from './secrets.ts';

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

/**
 * Signs a request with AWS Signature Version 4 (aws4, which passes AWS's test suite): the method,
 * path, query, headers and body exactly as they will be sent, dated now unless the step sets
 * `X-Amz-Date`. Only the headers SigV4 needs are added; the connection adds Host and
 * Content-Length as signed. The signature is a secret too: with its date it replays the request.
 */
export function signAwsV4(request: BuiltRequest, keys: AwsKeys, masker: SecretMasker): void {
  const named = (name: string) => Object.keys(request.headers).find((header) => header.toLowerCase() === name);
  const dated = named('x-amz-date');
  const date = dated ? request.headers[dated]! : new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  if (!dated) addHeader(request, 'x-amz-date', date);
  const has = (name: string) => named(name) !== undefined;
  if (keys.sessionToken && !has('x-amz-security-token')) {
    addHeader(request, 'x-amz-security-token', keys.sessionToken);
    request.sensitiveHeaders.add('x-amz-security-token');
  }
  // S3 signs its payload's hash and wants it in a header.
  if (keys.service === 's3' && !has('x-amz-content-sha256')) addHeader(request, 'x-amz-content-sha256', createHash('sha256').update(request.body ?? '').digest('hex'));
  const url = new URL(request.url);
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      host: url.host,
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, host: url.host },
      ...(request.body === undefined ? {} : { body: request.body }),
      region: keys.region,
      service: keys.service,
      // Headers are this module's to add: aws4 would add its own Content-Type and Content-Length.
      doNotModifyHeaders: true,
    },
    { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, ...(keys.sessionToken ? { sessionToken: keys.sessionToken } : {}) },
  );
  signer.datetime = date;
  const signed = signer.sign();
  const authorization = String(signed.headers?.Authorization);
  masker.add(/Signature=([0-9a-f]+)/.exec(authorization)?.[1]);
  request.sensitiveHeaders.add('authorization');
  addHeader(request, 'authorization', authorization);
}
