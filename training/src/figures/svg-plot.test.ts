import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { linePlot, type LinePlotOptions } from './svg-plot.ts';
import { escapeXml } from '@bounded-rationality/core/text/xml.ts';

/**
 * Throws unless `xml` is a well-formed document with one root element: tags balanced, attributes
 * quoted and not repeated, no stray `<` or unknown entities in text. Enough for generated SVG, which
 * has no DOCTYPE, CDATA or processing instructions.
 */
function assertWellFormed(xml: string): string {
  const token =
    /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|</g;
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const open: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const [whole, close, name, attrs = '', selfClose, text] = m;
    if (text !== undefined) {
      if (entity.test(text)) throw new Error(`bad entity in text ${JSON.stringify(text.slice(0, 40))}`);
      if (open.length === 0 && text.trim())
        throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
      continue;
    }
    if (whole.startsWith('<!--')) continue;
    if (name === undefined) throw new Error(`stray "<" at offset ${m.index}`);
    const names = [...attrs.matchAll(/([\w.:-]+)\s*=\s*("[^"]*"|'[^']*')/g)].map((a) => {
      if (entity.test(a[2]!)) throw new Error(`bad entity in attribute ${a[1]} of <${name}>`);
      return a[1]!;
    });
    if (new Set(names).size !== names.length) throw new Error(`repeated attribute in <${name}>`);
    if (close) {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else {
      if (open.length === 0) roots += 1;
      if (!selfClose) open.push(name);
    }
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return xml;
}

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

  it('draws a logarithmic x axis at decades', () => {
    const svg = assertWellFormed(
      linePlot({
        xLabel: 'learning rate',
        yLabel: 'loss',
        series: [
          {
            name: 'Adam',
            points: [
              [1e-5, 3],
              [1e-3, 1],
              [1e-1, 2],
            ],
          },
        ],
        logX: true,
      }),
    );
    for (const label of ['10⁻⁵', '10⁻³', '10⁻¹']) expect(svg).toContain(`>${label}</text>`);
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
      ['x ≤ 0 on a log axis', plot([{ name: 'lr', points: [[0, 1]] }], { logX: true }), /series "lr".*x > 0/],
      ['a reversed domain', plot([{ name: 's', points: [[0, 1]] }], { yDomain: [1, 0] }), /yDomain/],
      ['a tiny figure', plot([{ name: 's', points: [[0, 1]] }], { width: 60, height: 60 }), /no room/],
      ['seven series', plot(Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, points: [[0, i]] }))), /7 series/],
    ] as const)('%s', (_case, run, message) => {
      expect(run).toThrow(message);
    });
  });
});
