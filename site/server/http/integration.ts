/**
 * Build step for serving: collect the inline scripts' hashes into the site's security headers
 * (written as `_headers`, which the Node server and static hosts read) and precompress the files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { builtPages } from './built-pages.ts';
import { inlineScriptHashes } from './inline-scripts.ts';
import { headersFile, securityHeaders } from './policy.ts';
import { defaultCacheDir, precompress } from './precompress.ts';

export function servingIntegration(): AstroIntegration {
  let root!: string;
  return {
    name: 'bounded-rationality:serving',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const client = fileURLToPath(dir);
        const hashes = new Set(builtPages(client).flatMap((p) => inlineScriptHashes(readFileSync(p.file, 'utf8'))));
        writeFileSync(join(client, '_headers'), headersFile(securityHeaders([...hashes])));
        const started = performance.now();
        const { files, bytes, brotli } = precompress(client, defaultCacheDir(root));
        logger.info(
          `${hashes.size} inline script hashes in the CSP; ${files} files precompressed ` +
            `(${(bytes / 2 ** 20).toFixed(1)} MiB → ${(brotli / 2 ** 20).toFixed(1)} MiB brotli) in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      },
    },
  };
}
