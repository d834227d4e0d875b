import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'site/**/*.test.ts', 'tests/*.test.ts', 'training/**/*.test.ts'],
    environment: 'node',
  },
});
