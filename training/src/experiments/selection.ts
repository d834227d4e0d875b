/**
 * Which experiments `npm run train` runs when it is given no names. Into the repository (the
 * `full` profile) it trains only for posts that are published: an experiment whose home is a post
 * folder (content/posts/<slug>) with no post in it yet would create a folder that is not a post,
 * and one whose post is a draft (`draft: true`, which the build leaves out) would spend the build's
 * training on a page nobody can read. Named experiments always run, so an author trains a post's
 * runs while writing it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileName } from './types.ts';

const POSTS = 'content/posts/';

/** Whether `home` (relative to `root`) is a post folder that holds no post, or only a draft. */
export function awaitsPost(root: string, home: string): boolean {
  if (!home.startsWith(POSTS)) return false;
  const post = ['index.mdx', 'index.md'].map((f) => join(root, home, f)).find((f) => existsSync(f));
  return post === undefined || isDraft(readFileSync(post, 'utf8'));
}

/** Whether a post's frontmatter says `draft: true`. */
export function isDraft(text: string): boolean {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  return /^draft:\s*true\s*(#.*)?$/m.test(frontmatter);
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
