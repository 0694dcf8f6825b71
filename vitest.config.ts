import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Rule tests parse thousands of snippets; the typed tester builds a TS program per file.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI also writes a JSON summary, which .ci/run turns into a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.cache/vitest-results.json' },
  },
});
