import { describe, expect, it } from 'vitest';
import { existence, winCounts, type Result } from './graph.ts';
import { fitBradleyTerry, logGradient, winProbability } from './fit.ts';
import { logStrengthCovariance, predictMatch } from './uncertainty.ts';

/** A seeded generator for schedules (mulberry32). */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A league of `n` players with true log-strengths spread over [−1.5, 1.5] and an uneven schedule. */
function league(n: number, matches: number, seed: number): { results: Result[]; truth: number[] } {
  const u = generator(seed);
  const truth = Array.from({ length: n }, (_, i) => -1.5 + (3 * i) / (n - 1));
  const results: Result[] = [];
  // A ring first, both ways, so that the win graph is strongly connected whatever the draws.
  for (let i = 0; i < n; i++) {
    results.push({ winner: i, loser: (i + 1) % n }, { winner: (i + 1) % n, loser: i });
  }
  while (results.length < matches) {
    // Neighbours in strength meet more often, as in an office league.
    const i = Math.floor(u() * n);
    const j = Math.min(n - 1, Math.max(0, i + Math.round((u() - 0.5) * 8)));
    if (i === j) continue;
    const pi = 1 / (1 + Math.exp(truth[j]! - truth[i]!));
    results.push(u() < pi ? { winner: i, loser: j } : { winner: j, loser: i });
  }
  return { results, truth };
}

/**
 * An independent maximiser: Newton's method on the log-likelihood (plus the Gamma log-prior) in
 * log-strengths, with the gradient and Hessian written from the formulas and a dense Gaussian
 * elimination; without a prior θ_0 is pinned to 0 to remove the scale.
 */
function newton(n: number, results: Result[], prior?: { shape: number; rate: number }): number[] {
  const theta = new Array<number>(n).fill(0);
  for (let iter = 0; iter < 100; iter++) {
    const g = new Array<number>(n).fill(0);
    const h = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const { winner: i, loser: j } of results) {
      const q = 1 / (1 + Math.exp(theta[j]! - theta[i]!)); // P(i beats j)
      g[i]! += 1 - q;
      g[j]! -= 1 - q;
      const c = q * (1 - q);
      h[i]![i]! -= c;
      h[j]![j]! -= c;
      h[i]![j]! += c;
      h[j]![i]! += c;
    }
    if (prior) {
      for (let i = 0; i < n; i++) {
        g[i]! += prior.shape - 1 - prior.rate * Math.exp(theta[i]!);
        h[i]![i]! -= prior.rate * Math.exp(theta[i]!);
      }
    }
    const free = prior ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: n - 1 }, (_, i) => i + 1);
    const m = free.length;
    const a = free.map((r) => [...free.map((c) => -h[r]![c]!), g[r]!]);
    for (let col = 0; col < m; col++) {
      let pivot = col;
      for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
      [a[col], a[pivot]] = [a[pivot]!, a[col]!];
      for (let r = 0; r < m; r++) {
        if (r === col) continue;
        const f = a[r]![col]! / a[col]![col]!;
        for (let c = col; c <= m; c++) a[r]![c]! -= f * a[col]![c]!;
      }
    }
    let step = 0;
    free.forEach((r, k) => {
      const delta = a[k]![m]! / a[k]![k]!;
      theta[r]! += delta;
      step = Math.max(step, Math.abs(delta));
    });
    if (step < 1e-13) break;
  }
  return theta;
}

const centred = (theta: ArrayLike<number>) => {
  const values = Array.from(theta);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.map((v) => v - mean);
};

describe('fitBradleyTerry', () => {
  it('gives P = 3/4 for a player who won three of four against the other', () => {
    const wins = winCounts(2, [
      { winner: 0, loser: 1, count: 3 },
      { winner: 1, loser: 0 },
    ]);
    const fit = fitBradleyTerry(2, wins);
    expect(winProbability(fit, 0, 1)).toBeCloseTo(0.75, 10);
    // Geometric mean 1: p = (√3, 1/√3).
    expect(fit.strengths[0]).toBeCloseTo(Math.sqrt(3), 9);
  });

  it('agrees with an independent Newton solver to 1e-6, with and without a prior', () => {
    const { results } = league(20, 300, 7);
    const wins = winCounts(20, results);
    const mle = fitBradleyTerry(20, wins);
    expect(mle.converged).toBe(true);
    const ref = centred(newton(20, results));
    centred(Array.from(mle.strengths, Math.log)).forEach((t, i) => expect(Math.abs(t - ref[i]!)).toBeLessThan(1e-6));
    const prior = { shape: 2, rate: 1 };
    const map = fitBradleyTerry(20, wins, { prior });
    const refMap = newton(20, results, prior);
    Array.from(map.strengths, Math.log).forEach((t, i) => expect(Math.abs(t - refMap[i]!)).toBeLessThan(1e-6));
  });

  it('never lowers the objective, and ends where its gradient is zero', () => {
    const { results } = league(12, 150, 3);
    const wins = winCounts(12, results);
    for (const options of [{ trace: true }, { trace: true, prior: { shape: 3, rate: 2 } }]) {
      const fit = fitBradleyTerry(12, wins, options);
      fit.objective.slice(1).forEach((v, k) => expect(v).toBeGreaterThanOrEqual(fit.objective[k]! - 1e-9));
      expect(fit.objective).toHaveLength(fit.iterations + 1);
      expect(fit.objective[fit.objective.length - 1]).toBeGreaterThan(fit.objective[0]! + 1);
      expect(fit.gradient).toBeLessThan(1e-6);
      expect(Math.max(...logGradient(12, wins, fit.strengths, options.prior).map(Math.abs))).toBeLessThan(1e-6);
    }
  });

  it('reaches the same maximum from another start, in fewer sweeps from a nearby one, and checks the start', () => {
    const { results } = league(20, 300, 7);
    const prior = { shape: 2, rate: 1 };
    const before = fitBradleyTerry(20, winCounts(20, results), { prior });
    // One result reversed: the old fit is a close start for the new one.
    const edited = results.map((r, i) => (i === 0 ? { winner: r.loser, loser: r.winner } : r));
    const wins = winCounts(20, edited);
    const cold = fitBradleyTerry(20, wins, { prior });
    const warm = fitBradleyTerry(20, wins, { prior, start: before.strengths });
    const far = fitBradleyTerry(20, wins, { prior, start: Array.from({ length: 20 }, (_, i) => 0.01 + i) });
    for (const other of [warm, far])
      other.strengths.forEach((p, i) => expect(Math.abs(Math.log(p / cold.strengths[i]!))).toBeLessThan(1e-8));
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(() => fitBradleyTerry(20, wins, { prior, start: [1, 2] })).toThrow(/2 starting strengths for 20 players/);
    const zero = Array.from({ length: 20 }, (_, i) => (i === 3 ? 0 : 1));
    expect(() => fitBradleyTerry(20, wins, { prior, start: zero })).toThrow(/starting strength 3 is 0/);
  });

  it('recovers true strengths from many matches', () => {
    const { results, truth } = league(10, 20_000, 11);
    const fit = fitBradleyTerry(10, winCounts(10, results));
    const est = centred(Array.from(fit.strengths, Math.log));
    const t = centred(truth);
    est.forEach((e, i) => expect(Math.abs(e - t[i]!)).toBeLessThan(0.1));
  });

  it('refuses the MLE for an unbeaten player, naming them, and the prior makes it finite', () => {
    const results: Result[] = [
      { winner: 0, loser: 1 },
      { winner: 0, loser: 2 },
      { winner: 1, loser: 2 },
      { winner: 2, loser: 1 },
    ];
    const wins = winCounts(3, results);
    const names = ['Ann', 'Bo', 'Cy'];
    expect(() => fitBradleyTerry(3, wins, { name: (i) => names[i]! })).toThrow(
      /No maximum-likelihood ranking exists: Ann never lost, so no finite strength is large enough\..*prior/,
    );
    const fit = fitBradleyTerry(3, wins, { prior: { shape: 2, rate: 1 } });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.strengths[0]!)).toBe(true);
    expect(winProbability(fit, 0, 1)).toBeGreaterThan(0.5);
    expect(winProbability(fit, 0, 1)).toBeLessThan(1);
  });

  it('solves the two-player MAP by hand: p = (a − 1 + W) / (b + n / (p + q)) for both at once', () => {
    // One win each, so by symmetry both strengths are one p with p = (a − 1 + 1) / (b + 2 / (2p)).
    const wins = winCounts(2, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 0 },
    ]);
    const fit = fitBradleyTerry(2, wins, { prior: { shape: 2, rate: 1 } });
    // p = (1 + 1) / (1 + 2/(2p)) ⇒ p (1 + 1/p) = 2 ⇒ p + 1 = 2 ⇒ p = 1.
    expect(fit.strengths[0]).toBeCloseTo(1, 10);
    expect(fit.strengths[1]).toBeCloseTo(1, 10);
  });

  it('refuses a prior that cannot keep strengths positive', () => {
    const wins = winCounts(2, [{ winner: 0, loser: 1 }]);
    expect(() => fitBradleyTerry(2, wins, { prior: { shape: 1, rate: 1 } })).toThrow(/shape must be above 1/);
    expect(() => fitBradleyTerry(2, wins, { prior: { shape: 2, rate: 0 } })).toThrow(/rate must be positive/);
  });
});

describe('existence', () => {
  it('reports groups that never lose to the rest, in order, and players without games', () => {
    // 0 and 1 beat each other, and both beat 2 and 3, who beat each other; 4 never played.
    const wins = winCounts(5, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 0 },
      { winner: 0, loser: 2 },
      { winner: 1, loser: 3 },
      { winner: 2, loser: 3 },
      { winner: 3, loser: 2 },
    ]);
    const check = existence(5, wins);
    expect(check.exists).toBe(false);
    expect(check.idle).toEqual([4]);
    const groups = check.components.filter((c) => !c.includes(4));
    expect(groups).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(check.reason).toMatch(/player 4 played no match/);
  });

  it('names the top group when the split is the only problem', () => {
    const wins = winCounts(4, [
      { winner: 0, loser: 1 },
      { winner: 1, loser: 0 },
      { winner: 1, loser: 2 },
      { winner: 2, loser: 3 },
      { winner: 3, loser: 2 },
    ]);
    const check = existence(4, wins);
    expect(check.components).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(check.reason).toBe(
      'the players split into 2 groups, and player 0, player 1 never lost to anyone outside their group.',
    );
  });

  it('accepts a strongly connected league', () => {
    const { results } = league(8, 60, 5);
    expect(existence(8, winCounts(8, results))).toMatchObject({
      exists: true,
      components: [[0, 1, 2, 3, 4, 5, 6, 7]],
      reason: '',
    });
  });
});

describe('predictMatch', () => {
  it('gives the two-player variance 1 / (n q (1 − q)) of θ_0 − θ_1, and an interval around q', () => {
    const wins = winCounts(2, [
      { winner: 0, loser: 1, count: 30 },
      { winner: 1, loser: 0, count: 10 },
    ]);
    const fit = fitBradleyTerry(2, wins);
    const prediction = predictMatch(fit, logStrengthCovariance(fit), 0, 1);
    expect(prediction.probability).toBeCloseTo(0.75, 9);
    expect(prediction.sd).toBeCloseTo(Math.sqrt(1 / (40 * 0.75 * 0.25)), 9);
    expect(prediction.low).toBeLessThan(0.75);
    expect(prediction.high).toBeGreaterThan(0.75);
    // Symmetric: the other way round is the complement.
    const back = predictMatch(fit, logStrengthCovariance(fit), 1, 0);
    expect(back.low).toBeCloseTo(1 - prediction.high, 12);
  });

  it('narrows as matches accumulate', () => {
    const few = fitBradleyTerry(6, winCounts(6, league(6, 40, 2).results));
    const many = fitBradleyTerry(6, winCounts(6, league(6, 4000, 2).results));
    const width = (fit: typeof few) => {
      const p = predictMatch(fit, logStrengthCovariance(fit), 0, 5);
      return p.high - p.low;
    };
    expect(width(many)).toBeLessThan(width(few) / 3);
  });
});
