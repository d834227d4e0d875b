/**
 * Build step: KaTeX's fonts cut to the glyphs the built pages use (subset-katex-fonts.ts). It must
 * run before the serving integration, which precompresses the pages it rewrites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { defaultCacheDir, subsetKatexFonts } from './subset-katex-fonts.ts';

export function katexFontsIntegration(): AstroIntegration {
  let root!: string;
  return {
    name: 'bounded-rationality:katex-fonts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const report = await subsetKatexFonts(fileURLToPath(dir), {
          dir: defaultCacheDir(root),
          salt: readFileSync(join(root, 'package-lock.json')),
        });
        const kib = (bytes: number) => (bytes / 1024).toFixed(0);
        logger.info(
          `${report.faces} KaTeX faces cut to the ${report.characters} characters the pages set ` +
            `(${kib(report.bytesBefore)} → ${kib(report.bytesAfter)} KiB), ${report.pages} pages pointed at them, in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      },
    },
  };
}
