/**
 * Estimates reading time from the prose of a post and hands it to the page as
 * `remarkPluginFrontmatter.readingMinutes`.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { setFrontmatter } from './frontmatter.ts';

/** Words per minute for technical prose; slower than the ~250 usually quoted for fiction. */
export const WORDS_PER_MINUTE = 200;
/** Seconds a reader spends on a displayed equation. */
export const SECONDS_PER_EQUATION = 12;

export interface TextStats {
  words: number;
  equations: number;
}

/** Count prose words (inline math counts as one word) and display equations. */
export function textStats(tree: Root): TextStats {
  let words = 0;
  let equations = 0;
  visit(tree, (node) => {
    if (node.type === 'text') words += node.value.split(/\s+/).filter(Boolean).length;
    else if (node.type === 'inlineMath') words += 1;
    else if (node.type === 'math') equations += 1;
  });
  return { words, equations };
}

/** Whole minutes, at least one. */
export function readingMinutes({ words, equations }: TextStats): number {
  const minutes = words / WORDS_PER_MINUTE + (equations * SECONDS_PER_EQUATION) / 60;
  return Math.max(1, Math.round(minutes));
}

export default function remarkReadingTime() {
  return (tree: Root, file: VFile): void => {
    setFrontmatter(file, 'readingMinutes', readingMinutes(textStats(tree)));
  };
}
