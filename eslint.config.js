import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

/**
 * The architecture's one rule: the site and the training code share code only through the core
 * package, and the core package depends on neither half nor on a runtime (DOM, Node, TensorFlow.js).
 */
const crossing = (message, ...group) => ({ group, message });
const toSite = crossing('The training code must not import the site: move what both need to core/.', '**/site/**');
const toTraining = crossing(
  'The site must not import the training code: move what both need to core/.',
  '**/training/**',
  '@bounded-rationality/training',
  '@bounded-rationality/training/**',
);
const toRuntime = crossing(
  'core/ runs in the browser and in Node alike: no Node built-ins, TensorFlow.js, onnxruntime or UI code.',
  'node:*',
  '@tensorflow/*',
  'onnxruntime-*',
  'preact',
  'preact/*',
  'astro',
  'astro:*',
);
export const boundaries = {
  site: [toTraining],
  training: [toSite],
  core: [toSite, toTraining, toRuntime],
};

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'tests/.output/', 'node_modules/', 'training/.out/', 'training/.checkpoints/'] },
  js.configs.recommended,
  tseslint.configs.strict,
  astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Non-null assertions are used where an index was just checked; the type checker cannot see it.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...Object.entries(boundaries).map(([half, patterns]) => ({
    files: [`${half}/**`],
    // Tests may use Node to read fixtures; the modules they test may not.
    ...(half === 'core' ? { ignores: ['core/**/*.test.ts'] } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['**/*.astro'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
