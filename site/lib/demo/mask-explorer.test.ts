import { describe, expect, it } from 'vitest';
import { inputDegrees, randomOrdering, type MaskSet } from '@bounded-rationality/core/made/masks.ts';
import {
  analyse,
  deadNote,
  defaultSettings,
  DIM_RANGE,
  directCurve,
  edgesOf,
  HIDDEN_RANGE,
  masksOf,
  networkLayout,
  resized,
  stepHiddenDegree,
  stepInputDegree,
  summaryOf,
  verdictOf,
  type MadeSettings,
} from './mask-explorer.ts';

/** A small seeded generator, so that the cases are the same on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Whether `path` ([j, u, d] or [j, d]) is a path the masks really have. */
function isPathIn(masks: MaskSet, path: number[]): boolean {
  const dim = Math.round(Math.sqrt(masks.direct.length));
  const width = masks.output.length / dim;
  if (path.length === 2) return masks.direct[path[0]! * dim + path[1]!] === 1;
  const [j, u, d] = path as [number, number, number];
  return masks.hidden[0]![j * width + u] === 1 && masks.output[u * dim + d] === 1;
}

/** Every setting of one ordering and hidden degrees under each pair of rules, with and without direct connections. */
function* variants(order: number[], hidden: number[]): Generator<MadeSettings> {
  for (const hiddenRule of ['at-least', 'greater'] as const) {
    for (const outputRule of ['greater', 'at-least'] as const) {
      for (const direct of [true, false]) yield { order, hidden, hiddenRule, outputRule, direct };
    }
  }
}

describe('mask explorer: settings', () => {
  it('starts from a fixed ordering that is not the natural one, and hidden degrees covering 1 … D − 1', () => {
    const settings = defaultSettings(5, 6);
    expect(settings).toEqual(defaultSettings(5, 6));
    expect(settings.order).toEqual([1, 3, 0, 2, 4]);
    expect(inputDegrees(settings.order)).toEqual([3, 1, 4, 2, 5]);
    expect(settings.hidden).toEqual([1, 2, 3, 4, 1, 2]);
    expect(settings).toMatchObject({ hiddenRule: 'at-least', outputRule: 'greater', direct: true });
    for (let dim = DIM_RANGE.min; dim <= DIM_RANGE.max; dim++) {
      const { order, hidden } = defaultSettings(dim, HIDDEN_RANGE.min);
      expect([...order].sort()).toEqual(Array.from({ length: dim }, (_, i) => i));
      expect(hidden.every((d) => d >= 1 && d <= dim - 1)).toBe(true);
    }
    expect(() => defaultSettings(9, 6)).toThrow('mask explorer: 9 inputs; D must be an integer in 4 … 8');
    expect(() => defaultSettings(5, 2.5)).toThrow(/2\.5 hidden units/);
  });

  it('cycles a hidden degree through 1 … D − 1 and an input through the places of the ordering', () => {
    let settings = defaultSettings(5, 6);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      settings = stepHiddenDegree(settings, 3, 1);
      seen.push(settings.hidden[3]);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(stepHiddenDegree(settings, 3, -1).hidden).toEqual([1, 2, 3, 3, 1, 2]);
    expect(stepHiddenDegree(defaultSettings(5, 6), 0, -1).hidden[0]).toBe(4);

    // x₁ has degree 3: one up swaps it with x₃ (degree 4); from the last place it goes to the first.
    const start = defaultSettings(5, 6);
    expect(inputDegrees(stepInputDegree(start, 0, 1).order)).toEqual([4, 1, 3, 2, 5]);
    expect(inputDegrees(stepInputDegree(start, 4, 1).order)).toEqual([3, 5, 4, 2, 1]);
    expect(inputDegrees(stepInputDegree(start, 1, -1).order)).toEqual([3, 5, 4, 2, 1]);
    expect(stepInputDegree(stepInputDegree(start, 2, 1), 2, -1)).toEqual(start);
    expect(() => stepInputDegree(start, 7, 1)).toThrow(/no input 7/);
  });

  it('keeps the hidden degrees it can when D or H changes, held to D − 1', () => {
    const settings = { ...stepHiddenDegree(defaultSettings(5, 6), 0, -1), outputRule: 'at-least' as const };
    expect(settings.hidden).toEqual([4, 2, 3, 4, 1, 2]);
    const fewer = resized(settings, 4, 6);
    expect(fewer.order).toEqual([1, 3, 0, 2]);
    expect(fewer.hidden).toEqual([3, 2, 3, 3, 1, 2]);
    expect(fewer.outputRule).toBe('at-least');
    const wider = resized(settings, 5, 8);
    expect(wider.order).toBe(settings.order);
    expect(wider.hidden).toEqual([4, 2, 3, 4, 1, 2, 3, 4]);
    expect(resized(settings, 5, 3).hidden).toEqual([4, 2, 3]);
  });
});

describe('mask explorer: masks and verdict', () => {
  it('builds the masks with each layer’s rule, and none for direct connections when they are off', () => {
    const settings = defaultSettings(4, 3);
    // Degrees: inputs [3, 1, 4, 2], hidden [1, 2, 3].
    const masks = masksOf(settings);
    expect(Array.from(masks.hidden[0]!)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(masks.output)).toEqual([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(masks.direct)).toEqual([0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(Array.from(masksOf({ ...settings, direct: false }).direct)).toEqual(new Array(16).fill(0));
    const strict = masksOf({ ...settings, hiddenRule: 'greater', outputRule: 'at-least' });
    expect(Array.from(strict.hidden[0]!)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(strict.output)).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0]);
  });

  it('finds the default settings autoregressive: a strictly lower-triangular dependency matrix in ordering order', () => {
    const analysis = analyse(defaultSettings(5, 6));
    expect(analysis.violation).toBeUndefined();
    const { degrees, paths } = analysis;
    for (let j = 0; j < 5; j++) {
      for (let d = 0; d < 5; d++) {
        // Direct connections on: every earlier input reaches every later output.
        expect(paths[j * 5 + d]! > 0).toBe(degrees[j]! < degrees[d]!);
      }
    }
    expect(verdictOf(analysis)).toMatchObject({ ok: true, headline: expect.stringMatching(/^Autoregressive:/) });
    expect(edgesOf(analysis).some((e) => e.broken)).toBe(false);
  });

  it('catches the ≥ output rule with a real path from an input that does not come before its output', () => {
    const analysis = analyse({ ...defaultSettings(5, 6), outputRule: 'at-least' });
    const v = analysis.violation!;
    expect(v).toBeDefined();
    expect(isPathIn(analysis.masks, v.path)).toBe(true);
    expect(v.path[0]).toBe(v.input);
    expect(v.path[v.path.length - 1]).toBe(v.output);
    expect(analysis.degrees[v.input]! >= analysis.degrees[v.output]!).toBe(true);
    // Output 1 (degree 3) first; with one hidden layer the only way in is its own input, through
    // a hidden unit of the same degree: h₃.
    expect(v).toEqual({ input: 0, output: 0, path: [0, 2, 0] });
    expect(verdictOf(analysis)).toEqual({
      ok: false,
      headline: 'Broken: output x̂₁ depends on x₁ itself, which does not come before it.',
      detail:
        'Path: x₁ (3) → h₃ (3) → x̂₁ (3). Its last step joins degree 3 to degree 3: the ≥ rule lets that through, ' +
        'MADE’s > rule for outputs would not.',
    });
    const broken = edgesOf(analysis).filter((e) => e.broken);
    expect(broken).toEqual([
      { kind: 'hidden', from: 0, to: 2, broken: true, idle: false },
      { kind: 'output', from: 2, to: 0, broken: true, idle: false },
    ]);
  });

  it('catches the direct connections under the ≥ rule, where no hidden unit carries the leak', () => {
    // Degrees: inputs [3, 1, 4, 2]. Under the ≥ output rule, a hidden unit of degree k leaks input
    // k into output k: with all three at degree 1 that is x₂ (degree 1), with all at 3 it is x₁.
    const settings: MadeSettings = {
      ...defaultSettings(4, 3),
      hidden: [1, 1, 1],
      outputRule: 'at-least',
      direct: false,
    };
    expect(analyse(settings).violation).toEqual({ input: 1, output: 1, path: [1, 0, 1] });
    expect(analyse({ ...settings, hidden: [3, 3, 3] }).violation).toEqual({ input: 0, output: 0, path: [0, 0, 0] });
    // No hidden unit of degree 3: x̂₁ (degree 3) sees x₁ only through its direct connection,
    // which the ≥ rule lets through.
    const leak = analyse({ ...settings, hidden: [1, 1, 2], direct: true });
    expect(leak.violation).toEqual({ input: 0, output: 0, path: [0, 0] });
    expect(isPathIn(leak.masks, leak.violation!.path)).toBe(true);
    expect(verdictOf(leak).detail).toMatch(
      /^Path, direct: x₁ \(3\) → x̂₁ \(3\)\. Its last step joins degree 3 to degree 3/,
    );
    expect(edgesOf(leak).filter((e) => e.broken)).toEqual([
      { kind: 'direct', from: 0, to: 0, broken: true, idle: false },
    ]);
    expect(analyse({ ...settings, hidden: [1, 1, 2], outputRule: 'greater', direct: true }).violation).toBeUndefined();
  });

  it('agrees with the property on random settings: a violation exactly when the rules allow one, always a real path', () => {
    const uniform = lcg(7);
    for (let trial = 0; trial < 60; trial++) {
      const dim = DIM_RANGE.min + Math.floor(uniform() * (DIM_RANGE.max - DIM_RANGE.min + 1));
      const width = HIDDEN_RANGE.min + Math.floor(uniform() * (HIDDEN_RANGE.max - HIDDEN_RANGE.min + 1));
      const order = randomOrdering(dim, uniform);
      const hidden = Array.from({ length: width }, () => 1 + Math.floor(uniform() * (dim - 1)));
      const inputs = inputDegrees(order);
      for (const settings of variants(order, hidden)) {
        const analysis = analyse(settings);
        const v = analysis.violation;
        // A path j → u → d has degree(u) ≥ degree(j) under either hidden rule, and > under the strict
        // one; the ≥ output rule adds degree(d) ≥ degree(u). So input k leaks into output k exactly
        // when a hidden unit of degree k sees it (≥ hidden rule: every degree in 1 … D − 1 is some
        // input's) or a direct connection joins them; the > hidden rule with the ≥ output rule is
        // MADE with the strictness moved down a layer.
        const leaks = settings.outputRule === 'at-least' && (settings.direct || settings.hiddenRule === 'at-least');
        expect(v !== undefined, JSON.stringify(settings)).toBe(leaks);
        if (!v) continue;
        expect(isPathIn(analysis.masks, v.path)).toBe(true);
        expect(inputs[v.input]! >= inputs[v.output]!).toBe(true);
        expect(edgesOf(analysis).filter((e) => e.broken)).toHaveLength(v.path.length - 1);
      }
    }
  });
});

describe('mask explorer: dead units', () => {
  it('finds none under MADE’s rules, and the degree-1 units cut off from every input under the > hidden rule', () => {
    const settings = defaultSettings(5, 6);
    expect(analyse(settings).dead).toEqual(new Array(6).fill(null));
    expect(deadNote(analyse(settings))).toBeNull();
    const strict = analyse({ ...settings, hiddenRule: 'greater' });
    expect(strict.dead).toEqual(['no input', null, null, null, 'no input', null]);
    expect(deadNote(strict)).toBe('Dimmed units are dead: h₁, h₅ see no input.');
    expect(deadNote(analyse({ ...settings, hidden: [1, 2, 3, 4, 2, 2], hiddenRule: 'greater' }))).toBe(
      'Dimmed units are dead: h₁ sees no input.',
    );
    // Their connections carry nothing.
    const idle = edgesOf(strict).filter((e) => e.idle);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.every((e) => e.kind === 'output' && (e.from === 0 || e.from === 4))).toBe(true);
  });

  it('marks the inputs no output depends on: the last in the ordering, and under > also the one before it but for direct connections', () => {
    const settings = defaultSettings(5, 6);
    // Degrees [3, 1, 4, 2, 5]: x₅ comes last.
    expect(analyse(settings).used).toEqual([true, true, true, true, false]);
    const strict = { ...settings, hiddenRule: 'greater' as const };
    expect(analyse(strict).used).toEqual([true, true, true, true, false]);
    expect(analyse({ ...strict, direct: false }).used).toEqual([true, true, false, true, false]);
  });
});

describe('mask explorer: drawing', () => {
  it('puts outputs over hidden units over inputs, input i under output i, neighbours apart', () => {
    for (const [dim, width] of [
      [5, 6],
      [8, 10],
      [4, 3],
    ] as const) {
      const layout = networkLayout(dim, width);
      expect(layout.inputs).toHaveLength(dim);
      expect(layout.hidden).toHaveLength(width);
      layout.inputs.forEach((p, i) => {
        expect(p.x).toBe(layout.outputs[i]!.x);
        expect(p.y).toBeGreaterThan(layout.hidden[0]!.y);
        expect(layout.outputs[i]!.y).toBeLessThan(layout.hidden[0]!.y);
        expect(layout.inputLabels[i]!.y).toBeGreaterThan(p.y + layout.radius);
        expect(layout.outputLabels[i]!.y).toBeLessThan(layout.outputs[i]!.y - layout.radius);
      });
      layout.hidden.forEach((p, u) => {
        const label = layout.hiddenLabels[u]!;
        expect(label.x).toBe(p.x);
        expect(label.y).toBeGreaterThan(p.y + layout.radius);
        expect(label.y).toBeLessThan(layout.inputs[0]!.y - layout.radius);
      });
      for (const row of [layout.inputs, layout.hidden]) {
        for (let i = 1; i < row.length; i++) expect(row[i]!.x - row[i - 1]!.x).toBeGreaterThan(2.4 * layout.radius);
        expect(row[0]!.x - layout.radius).toBeGreaterThan(0);
        expect(row[row.length - 1]!.x + layout.radius).toBeLessThan(layout.width);
      }
    }
  });

  it('draws a direct connection as a curve from the input to the output, bowed to the left', () => {
    expect(directCurve({ x: 100, y: 200 }, { x: 300, y: 40 }, 30)).toBe('M 100 200 C 70 120, 270 120, 300 40');
  });

  it('sums the network up in one line', () => {
    expect(summaryOf(analyse(defaultSettings(4, 3)))).toBe(
      'A MADE with 4 inputs and 3 hidden units. Ordering: x₂, x₄, x₁, x₃. Hidden degrees: 1, 2, 3. ' +
        'Hidden rule ≥, output rule >, direct connections on. ' +
        'Autoregressive: every output depends only on inputs that come before it in the ordering.',
    );
  });
});
