import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardStrings, cardTree, theme, titleSize } from './card.ts';
import { loadFonts } from './fonts.ts';
import { cardSvg } from './render.ts';

const text = {
  title: 'Autoregressive Autoencoders',
  date: 'December 1, 2026',
  siteName: 'Bounded Rationality',
  host: 'bjlkeng.io',
};

describe('cardTree', () => {
  it('says the title, the date, the site name and the host, in that order', () => {
    expect(cardStrings(cardTree(text))).toEqual([
      'Bounded Rationality',
      'Autoregressive Autoencoders',
      'December 1, 2026',
      'bjlkeng.io',
    ]);
  });

  it('lays the text out in satori as it was given (the SVG, with text left as text)', async () => {
    const svg = await cardSvg(cardTree(text), loadFonts(process.cwd()));
    expect(svg).toMatch(/^<svg width="1200" height="630"/);
    // Satori writes each word (and some punctuation) as its own <text>: read them back in order.
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/\s/g, '')).join('');
    const squeeze = (s: string) => s.replace(/\s/g, '');
    expect(drawn).toBe([text.siteName, text.title, text.date, text.host].map(squeeze).join(''));
  });

  it('puts the figure beside the text', () => {
    const tree = cardTree(text, { src: 'data:image/png;base64,AAAA', width: 300, height: 200 });
    expect(JSON.stringify(tree)).toContain(
      '"type":"img","props":{"src":"data:image/png;base64,AAAA","width":300,"height":200}',
    );
  });

  it('sets long titles smaller, and smaller still beside a figure', () => {
    expect(titleSize('Short', false)).toBeGreaterThan(
      titleSize('A much longer title that goes on for a while and then some', false),
    );
    const title = 'Semi-supervised Learning with Variational Autoencoders';
    expect(titleSize(title, true)).toBeLessThan(titleSize(title, false));
  });

  it("uses the site's light colours (site/styles/global.css)", () => {
    const css = readFileSync('site/styles/global.css', 'utf8');
    const light = (token: string) => new RegExp(`--${token}: light-dark\\((#[0-9a-f]{6})`).exec(css)?.[1];
    expect(theme).toEqual({
      bg: light('bg'),
      bgSoft: light('bg-soft'),
      fg: light('fg'),
      muted: light('muted'),
      rule: light('rule'),
      accent: light('accent'),
    });
  });
});
