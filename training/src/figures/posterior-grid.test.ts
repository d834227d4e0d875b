import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { posteriorFigure, type PosteriorFigureOptions, type PosteriorPanel } from './posterior-grid.ts';
import { DARK, LIGHT } from './theme.ts';
import { assertWellFormed } from './well-formed.ts';

const SIDE = 8;

/** A panel over [-3, 3]², with one sample far outside it, which the figure must leave out. */
function panel(shift: number): PosteriorPanel {
  const density = Float32Array.from({ length: SIDE * SIDE }, (_, i) => Math.exp(-(((i % SIDE) - shift) ** 2)));
  const samples = [
    [-2.9, 2.9],
    [0, 0],
    [shift / 2, -1],
    [10, 0],
  ] as const;
  return { density, side: SIDE, extent: { x: [-3, 3], y: [-3, 3] }, samples };
}

const options: PosteriorFigureOptions = {
  title: 'Posteriors & samples',
  heading: 'p(z|x) as heat map',
  description: 'Two digits, two models.',
  columnTitles: ['VAE', 'IAF, T = 4'],
  rows: [0, 1].map((r) => ({ digit: new Float32Array(28 * 28).fill(r / 2), panels: [panel(2), panel(5)] })),
};

const attributes = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

describe('posteriorFigure', () => {
  const svg = assertWellFormed(posteriorFigure(options));

  it('is an accessible, scalable SVG document', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 440 396" width="440" height="396"/);
    expect(svg).toContain('role="img" aria-labelledby="title desc"');
    expect(svg).toContain('<title id="title">Posteriors &amp; samples</title>');
    expect(svg).toContain('<desc id="desc">Two digits, two models.</desc>');
    expect(svg.endsWith('</svg>\n')).toBe(true);
  });

  it('draws each digit and each heat map as one pixelated PNG image', () => {
    const images = [...svg.matchAll(/<image [^>]*>/g)].map((m) => attributes(m[0]));
    expect(images).toHaveLength(2 * 3);
    const heatMaps = images.filter((a) => a.preserveAspectRatio === 'none');
    expect(heatMaps).toHaveLength(2 * 2);
    for (const image of images) {
      expect(image.style).toBe('image-rendering:pixelated');
      const png = PNG.sync.read(Buffer.from(image.href!.replace(/^data:image\/png;base64,/, ''), 'base64'));
      expect([png.width, png.height]).toEqual(heatMaps.includes(image) ? [SIDE, SIDE] : [28, 28]);
    }
  });

  it('puts every sample dot inside its panel and leaves out samples beyond it', () => {
    const panels = [...svg.matchAll(/<rect class="frame" [^>]*>/g)]
      .map((m) => attributes(m[0]))
      .filter((a) => a.width === '150')
      .map((a) => ({ x: Number(a.x), y: Number(a.y) }));
    expect(panels).toHaveLength(4);
    const dots = [...svg.matchAll(/<circle class="q" [^>]*>/g)].map((m) => attributes(m[0]));
    expect(dots).toHaveLength(4 * 3);
    for (const dot of dots) {
      const [cx, cy] = [Number(dot.cx), Number(dot.cy)];
      const inside = panels.filter((p) => cx >= p.x && cx <= p.x + 150 && cy >= p.y && cy <= p.y + 150);
      expect(inside).toHaveLength(1);
    }
    // z = (0, 0) sits at the centre of the first panel.
    expect(dots[1]).toMatchObject({ cx: String(panels[0]!.x + 75), cy: String(panels[0]!.y + 75) });
  });

  it('carries both colour schemes', () => {
    const [light, dark] = svg.split('@media (prefers-color-scheme: dark) {');
    expect(light).toContain(`svg { background: ${LIGHT.background}; }`);
    expect(light).toContain(`.muted { fill: ${LIGHT.muted}; }`);
    expect(dark).toContain(`svg { background: ${DARK.background}; }`);
    expect(dark).toContain(`.frame { fill: none; stroke: ${DARK.muted}; }`);
    expect(dark!.indexOf('</style>')).toBeGreaterThan(0);
  });
});
