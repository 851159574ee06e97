import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (fast, pure), integration (real servers on loopback), e2e (built app in
 * Chromium). Property tests run with a fixed seed (test/helpers/property-seed.ts).
 */
const setupFiles = ['test/helpers/property-seed.ts'];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      // Property tests run hundreds of cases (some spawn shells): room for a busy 2-core machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', setupFiles, testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
