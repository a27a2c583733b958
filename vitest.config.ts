import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the suite must pass on a busy machine (beside `npm run bench`); no test depends on speed.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    globalSetup: ['test/support/build-web.ts'],
  },
});
