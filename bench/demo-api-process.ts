import { startDemoApi } from '../src/demo/api.ts';

// The stand-in API in its own process, so the client measured does not share its event loop.
const { url } = await startDemoApi();
process.stdout.write(`${url}\n`);
