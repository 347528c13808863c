import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'collectors/**/*.test.ts',
      'demo-system/**/*.test.ts',
      'scripts/**/*.test.ts',
      'components/**/*.test.ts',
      'app/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
