import { describe, expect, it } from 'vitest';
import { renderMdx } from '../../../tests/support/compile-mdx.ts';
import { readingMinutes, WORDS_PER_MINUTE, SECONDS_PER_EQUATION } from './remark-reading-time.ts';

describe('reading time', () => {
  it('is at least one minute', () => {
    expect(readingMinutes({ words: 0, equations: 0 })).toBe(1);
  });

  it('counts words at the stated rate and adds time for equations', () => {
    expect(readingMinutes({ words: WORDS_PER_MINUTE * 5, equations: 0 })).toBe(5);
    expect(readingMinutes({ words: WORDS_PER_MINUTE * 5, equations: (60 / SECONDS_PER_EQUATION) * 2 })).toBe(7);
  });

  it('counts prose words and display equations, not code', async () => {
    const words = Array.from({ length: WORDS_PER_MINUTE * 3 }, (_, i) => `w${i}`).join(' ');
    const code = '```\n' + 'token '.repeat(5000) + '\n```';
    const { frontmatter } = await renderMdx(`${words}\n\n${code}\n\n$$\nx\n$$`);
    expect(frontmatter.readingMinutes).toBe(3);
  });
});
