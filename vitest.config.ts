import { defineConfig } from 'vitest/config';

// Tests live in tests/ by kind (see ../shared/STYLE.md):
// - unit: one module, fakes allowed;
// - integration: the real service on a real socket, engines in Node;
// - e2e: Debian Chromium driven by playwright-core, real WebRTC with fake devices.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Services bind real ports and media uses real sockets: keep files apart on 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
