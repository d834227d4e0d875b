/**
 * Which experiments `npm run train` runs when it is given no names. Into the repository (the
 * `full` profile) it trains only for posts that exist: an experiment whose home is a post folder
 * (content/posts/<slug>) with no post in it yet would create a folder that is not a post, and the
 * build would spend its training on pages nobody can read. Named experiments always run, so an
 * author trains a post's runs before writing it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileName } from './types.ts';

const POSTS = 'content/posts/';

/** Whether `home` (relative to `root`) is a post folder that holds no post. */
export function awaitsPost(root: string, home: string): boolean {
  if (!home.startsWith(POSTS)) return false;
  return !['index.mdx', 'index.md'].some((f) => existsSync(join(root, home, f)));
}

/** The default selection: every experiment but, into the repository, those whose post does not exist. */
export function defaultSelection<E extends { home: string }>(
  all: readonly E[],
  profile: ProfileName,
  root: string,
): { selected: E[]; waiting: E[] } {
  if (profile !== 'full') return { selected: [...all], waiting: [] };
  const waiting = all.filter((e) => awaitsPost(root, e.home));
  return { selected: all.filter((e) => !waiting.includes(e)), waiting };
}
