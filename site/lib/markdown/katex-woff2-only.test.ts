import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { woff2Only } from './katex-woff2-only.ts';

const katexCss = readFileSync(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'), 'utf8');
const sources = (css: string) => [...css.matchAll(/@font-face\{[^}]*src:([^;}]*)/g)].map((m) => m[1]!);

describe('woff2Only', () => {
  it("keeps exactly one woff2 source in each of KaTeX's @font-face rules, and every other rule", () => {
    const before = sources(katexCss);
    const after = sources(woff2Only(katexCss));
    expect(before.length).toBeGreaterThanOrEqual(20);
    expect(after).toHaveLength(before.length);
    for (const [i, src] of after.entries()) {
      expect(src).toMatch(/^url\(fonts\/KaTeX_[\w-]+\.woff2\) format\("woff2"\)$/);
      expect(before[i]!.startsWith(src)).toBe(true);
    }
    const rules = (css: string) => css.replace(/@font-face\{[^}]*\}/g, '');
    expect(rules(woff2Only(katexCss))).toBe(rules(katexCss));
  });

  it('refuses a stylesheet it cannot trim', () => {
    expect(() => woff2Only('@font-face{src:url(a.ttf) format("truetype")}')).toThrow(/other than woff2/);
  });
});
