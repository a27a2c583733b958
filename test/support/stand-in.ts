import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** The request target exactly as it arrived (path and query, still encoded). */
  target: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: Received, response: ServerResponse) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 standing in for a remote API; it records every request. */
export interface StandIn {
  url: string;
  received: Received[];
  close: () => Promise<void>;
}

export async function standIn(handler: Handler): Promise<StandIn> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? 'GET',
        target: request.url ?? '/',
        url: new URL(request.url ?? '/', 'http://stand-in'),
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      void Promise.resolve(handler(entry, response)).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** A one-step definition in the normalised form, with overrides. */
export function oneStep(step: Record<string, unknown>, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Test connector', steps: [{ id: 'step_1', method: 'GET', ...step }], ...rest };
}
