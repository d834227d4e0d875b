import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { linePlot, type LinePlotOptions } from './svg-plot.ts';
import { assertWellFormed } from './well-formed.ts';
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';

const epochs = Array.from({ length: 20 }, (_, i) => i + 1);
const example: LinePlotOptions = {
  title: 'Training curve, latent dimension 32',
  xLabel: 'epoch',
  yLabel: 'ELBO (nats per image)',
  series: [
    { name: 'training (running mean)', points: epochs.map((e) => [e, -90 - 30 / e]) },
    { name: 'validation', points: epochs.map((e) => [e, -92 - 28 / e]), dashed: true },
    {
      name: 'IWAE, mean ± sd over 3 seeds',
      points: epochs.map((e) => [e, -95 - 20 / e]),
      band: epochs.map((e) => [e, -96 - 20 / e, -94 - 20 / e]),
    },
  ],
};

describe('linePlot', () => {
  it('writes a well-formed, accessible, scalable SVG', () => {
    const svg = assertWellFormed(linePlot(example));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 640 400" width="640" height="400"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="title desc"');
    expect(svg).toContain('<title id="title">Training curve, latent dimension 32</title>');
    expect(svg).toMatch(
      /<desc id="desc">Line plot of ELBO \(nats per image\) against epoch\. training \(running mean\): 20 points/,
    );
  });

  it('labels the axes and names every series in the legend', () => {
    const svg = linePlot(example);
    for (const text of ['>epoch</text>', '>ELBO (nats per image)</text>', '>validation</text>']) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('>IWAE, mean ± sd over 3 seeds</text>');
    expect(svg.match(/<path class="line c\d/g)).toHaveLength(6); // three in the plot, three in the legend
    expect(svg).toContain('class="line c1 dashed"');
    expect(svg.match(/class="band f2"/g)).toHaveLength(2); // the band and its legend swatch
  });

  it('carries both colour schemes and the system UI font', () => {
    const svg = linePlot(example);
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toContain('font-family: system-ui,');
    expect(svg).toContain('.bg { fill: #fdfcfa; }');
    expect(svg).toContain('.bg { fill: #15171b; }');
  });

  it('escapes text', () => {
    expect(escapeXml(`a < b && c > "d" 'e'\u0001`)).toBe('a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;');
    const svg = assertWellFormed(
      linePlot({
        title: '<script>alert(1)</script>',
        xLabel: 'x & y',
        yLabel: '"p" < 0.05',
        series: [{ name: "it's <b>", points: [[0, 1]] }],
      }),
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('>x &amp; y</text>');
    expect(svg).toContain('>it&apos;s &lt;b&gt;</text>');
  });

  it('wraps a title too long for the figure', () => {
    const title = 'Test NLL by latent size, a rather long title for a narrow figure';
    const svg = linePlot({ ...example, title, width: 360, height: 300 });
    const lines = [...svg.matchAll(/<text class="title"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(title);
    expect(svg).toContain(`<title id="title">${title}</title>`);
  });

  it('is deterministic and prints coordinates with at most two decimals', () => {
    const a = linePlot(example);
    expect(linePlot(structuredClone(example))).toBe(a);
    const numbers = a.match(/\d+\.\d+/g) ?? [];
    expect(numbers.filter((n) => n.split('.')[1]!.length > 2 && !n.startsWith('0.'))).toEqual([]);
    expect(a).not.toContain('NaN');
  });

  it('matches the golden file', () => {
    const golden = fileURLToPath(new URL('./golden/training-curve.svg', import.meta.url));
    const changed = golden.replace(/\.svg$/, '-changed.svg');
    const svg = linePlot(example);
    if (!existsSync(golden) || readFileSync(golden, 'utf8') !== svg) {
      writeFileSync(changed, svg);
      expect.fail(
        `The plot differs from ${golden}. Compare ${changed} with it; if the change is right, rename it over the golden file.`,
      );
    }
  });

  describe('rejects bad input with the series named', () => {
    const plot =
      (series: LinePlotOptions['series'], extra: Partial<LinePlotOptions> = {}) =>
      () =>
        linePlot({ xLabel: 'x', yLabel: 'y', series, ...extra });

    it.each([
      ['no series', plot([]), /no series/],
      ['an empty series', plot([{ name: 'seed 3', points: [] }]), /series "seed 3" has no points/],
      [
        'NaN',
        plot([
          {
            name: 'val',
            points: [
              [0, 1],
              [1, NaN],
            ],
          },
        ]),
        /series "val", point 1 is \[1, NaN\]/,
      ],
      ['Infinity', plot([{ name: 'train', points: [[Infinity, 1]] }]), /series "train", point 0 is \[Infinity, 1\]/],
      ['a NaN band', plot([{ name: 'b', points: [[0, 1]], band: [[0, NaN, 1]] }]), /series "b", band entry 0/],
      ['an inverted band', plot([{ name: 'b', points: [[0, 1]], band: [[0, 2, 1]] }]), /low 2 > high 1/],
      ['a reversed domain', plot([{ name: 's', points: [[0, 1]] }], { yDomain: [1, 0] }), /yDomain/],
      ['a tiny figure', plot([{ name: 's', points: [[0, 1]] }], { width: 60, height: 60 }), /no room/],
      ['seven series', plot(Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, points: [[0, i]] }))), /7 series/],
    ] as const)('%s', (_case, run, message) => {
      expect(run).toThrow(message);
    });
  });
});
