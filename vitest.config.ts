import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The posts' number modules import their formatters as the site does.
  resolve: { alias: { '@post-kit': fileURLToPath(new URL('./site/lib/post-kit.ts', import.meta.url)) } },
  test: {
    include: [
      'content/**/*.test.ts',
      'core/**/*.test.ts',
      'site/**/*.test.ts',
      'tests/*.test.ts',
      'tools/**/*.test.ts',
      'training/**/*.test.ts',
    ],
    environment: 'node',
  },
});
