import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['site/**/*.test.ts', 'tests/unit/**/*.test.ts', 'training/**/*.test.ts'],
    environment: 'node',
  },
});
