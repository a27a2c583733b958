import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the suite must pass on a busy machine (beside `npm run bench`); no test depends on speed.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // expect.poll waits 1 s by default: too little for a page to answer on a loaded machine.
    expect: { poll: { timeout: 15_000 } },
    globalSetup: ['test/support/build-web.ts'],
  },
});
