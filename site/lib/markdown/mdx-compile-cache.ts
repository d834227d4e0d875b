/**
 * A post that did not change is not compiled again. @astrojs/mdx turns every post into a module
 * on every build (remark, KaTeX, rehype, MDX to JavaScript: most of a math post's build time), and
 * nothing in Astro keeps that output between builds. This integration wraps the MDX plugin's
 * transform: its output is stored in node_modules/.cache/mdx/ under a key over the post's source
 * and path and over everything else that can change what the compile makes: the lockfile (every
 * package's version) and each source file the Astro config runs through local imports (our remark
 * and rehype plugins and what they import). A failed compile is never stored.
 */
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importClosure, type ClosureFiles } from '@bounded-rationality/core/modules/import-closure.ts';
import { contentKey, pruneUnusedOnce, readCached } from '../file-cache.ts';
import { writeAtomic } from '../write-atomic.ts';

/** The name @astrojs/mdx gives its Vite plugin, whose transform compiles a post. */
const MDX_PLUGIN = '@mdx-js/rolldown';

/** What the MDX plugin's transform returns for a post: JSON, so it can be stored as it is. */
export interface CompiledPost {
  code: string;
  map: string | null;
  meta?: unknown;
}

type Transform = (this: unknown, code: string, id: string) => Promise<CompiledPost>;

/** The file system, for the closure. */
const files: ClosureFiles = {
  read: (file) => readFileSync(file, 'utf8'),
  isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
  resolvePackage: (from, specifier) => createRequire(from).resolve(specifier),
};

/**
 * `entry` and every local module it runs (core/modules/import-closure.ts), sorted, as paths
 * relative to `root`. Other packages are covered by the lockfile instead.
 */
export function reachableSources(root: string, entry: string): string[] {
  return importClosure(resolve(root, entry), files).map((f) => relative(root, f));
}

/** The part of every key that is not the post: changes when anything that shapes a compile may. */
export function compileSalt(root: string, configFile: string, mode: string): string {
  const sources = reachableSources(root, configFile);
  return contentKey([
    mode,
    readFileSync(join(root, 'package-lock.json')),
    ...sources.flatMap((path) => [path, readFileSync(join(root, path))]),
  ]);
}

export interface CompileCounts {
  compiled: number;
  cached: number;
}

/**
 * `transform` with its results kept in `dir` under keys over `salt`, the module id and its source.
 * A stored entry that does not parse as a compiled post (a damaged file) is compiled again and
 * replaced.
 */
export function cachedTransform(transform: Transform, dir: string, salt: string, counts: CompileCounts): Transform {
  return async function (this: unknown, code: string, id: string): Promise<CompiledPost> {
    const path = join(dir, `${contentKey([salt, id, code])}.json`);
    const stored = parseStored(readCached(path));
    if (stored) {
      counts.cached += 1;
      return stored;
    }
    const compiled = await transform.call(this, code, id);
    counts.compiled += 1;
    writeAtomic(path, JSON.stringify(compiled));
    return compiled;
  };
}

function parseStored(data: Buffer | undefined): CompiledPost | undefined {
  if (!data) return undefined;
  try {
    const value = JSON.parse(data.toString('utf8')) as CompiledPost | null;
    const valid =
      typeof value === 'object' &&
      value !== null &&
      typeof value.code === 'string' &&
      (value.map === null || typeof value.map === 'string');
    return valid ? value : undefined;
  } catch {
    return undefined;
  }
}

/** node_modules/.cache/mdx: beside the link-preview cards' cache, and dropped by `npm ci` as well. */
export const defaultCompileCacheDir = (root: string) => join(root, 'node_modules', '.cache', 'mdx');

const wrapped = Symbol('mdx-compile-cache');

export function mdxCompileCache(): AstroIntegration {
  const counts: CompileCounts = { compiled: 0, cached: 0 };
  return {
    name: 'bounded-rationality:mdx-compile-cache',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        const root = fileURLToPath(config.root);
        const dir = defaultCompileCacheDir(root);
        const plugin: Plugin = {
          name: 'bounded-rationality:mdx-compile-cache',
          configResolved(resolved) {
            const mdx = resolved.plugins.find((p) => p.name === MDX_PLUGIN) as
              (Plugin & { [wrapped]?: true }) | undefined;
            if (!mdx || mdx[wrapped]) return;
            const hook = mdx.transform;
            if (typeof hook !== 'object' || typeof hook.handler !== 'function') {
              throw new Error(`mdx-compile-cache: the ${MDX_PLUGIN} plugin has no transform handler to wrap`);
            }
            pruneUnusedOnce(dir);
            const salt = compileSalt(
              root,
              'astro.config.ts',
              `${command} sourcemap=${Boolean(resolved.build.sourcemap)}`,
            );
            const handler = cachedTransform(hook.handler as Transform, dir, salt, counts);
            Object.assign(mdx, { transform: { ...hook, handler }, [wrapped]: true });
          },
        };
        updateConfig({ vite: { plugins: [plugin] } });
      },
      'astro:build:done': ({ logger }) => {
        logger.info(`posts: ${counts.cached} unchanged (read back compiled), ${counts.compiled} compiled`);
      },
    },
  };
}
