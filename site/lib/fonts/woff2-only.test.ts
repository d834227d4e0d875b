import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { woff2Only } from './woff2-only.ts';

const resolve = createRequire(import.meta.url).resolve;
const katexCss = readFileSync(resolve('katex/dist/katex.min.css'), 'utf8');
const serifCss = readFileSync(resolve('@fontsource/source-serif-4/400-italic.css'), 'utf8');
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

  it("keeps the woff2 source alone in each of Fontsource's rules (one per script subset)", () => {
    const before = [...serifCss.matchAll(/src:([^;]*);/g)].map((m) => m[1]!.trim());
    const after = [...woff2Only(serifCss).matchAll(/src:([^;]*);/g)].map((m) => m[1]!.trim());
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(after).toHaveLength(before.length);
    for (const [i, src] of after.entries()) {
      expect(src).toMatch(/^url\(\.\/files\/source-serif-4-[\w-]+-400-italic\.woff2\) format\('woff2'\)$/);
      expect(before[i]!.startsWith(src)).toBe(true);
    }
  });

  it('refuses a stylesheet it cannot trim', () => {
    expect(() => woff2Only('@font-face{src:url(a.ttf) format("truetype")}')).toThrow(/other than woff2/);
  });
});
