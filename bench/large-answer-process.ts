import { createServer } from 'node:http';
import { LARGE_ANSWER } from './large-answer.ts';

// A 1 MB JSON answer, served from its own process so the client measured does not share its event loop.
const body = Buffer.from(LARGE_ANSWER);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as { port: number }).port}\n`));
