import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Rule tests parse thousands of snippets; the typed tester builds a TS program per file.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
