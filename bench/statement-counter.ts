import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts what its clients send: statements (a simple
 * query, or an Execute of the extended protocol) and round trips (a simple query, or a Sync: the
 * points where a client waits for the server). Frontend messages are a type byte and a length;
 * only the first message of a connection (startup, or an SSL request) has no type byte.
 */
export interface StatementCounter {
  url: string;
  counts: { statements: number; roundTrips: number };
  close(): Promise<void>;
}

export async function countStatements(target: string): Promise<StatementCounter> {
  const upstream = new URL(target);
  const counts = { statements: 0, roundTrips: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const database = createConnection({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    for (const socket of [client, database]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        database.destroy();
      });
    }
    database.pipe(client);
    let started = false;
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      database.write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const header = started ? 5 : 4;
        if (pending.length < header) break;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) break;
        if (started) {
          const type = String.fromCharCode(pending[0]!);
          if (type === 'Q') {
            counts.statements++;
            counts.roundTrips++;
          } else if (type === 'E') counts.statements++;
          else if (type === 'S') counts.roundTrips++;
        } else if (pending.readInt32BE(4) !== 80877103) {
          // The startup message (an SSL request is answered "no" and followed by the startup message).
          started = true;
        }
        pending = pending.subarray(length);
      }
    });
    client.on('end', () => database.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const url = new URL(target);
  url.host = `127.0.0.1:${address.port}`;
  return {
    url: url.toString(),
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
