import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one on this 2-core machine, which then
    // idles while a test waits for the CLI, Python or Chromium processes it starts.
    maxWorkers: 2,
  },
});
