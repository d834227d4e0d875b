import { describe, expect, it } from 'vitest';
import { simulateLeague } from './league.ts';
import { accumulation, centredRmse, leagueFit } from './study.ts';

const config = { players: 12, matches: 200, spread: 1, seed: 4, newcomerMatches: 3 };

describe('simulateLeague', () => {
  it('is fixed by its seed, in date order, with best-of-five scores', () => {
    const league = simulateLeague(config);
    expect(simulateLeague(config)).toEqual(league);
    expect(simulateLeague({ ...config, seed: 5 }).matches).not.toEqual(league.matches);
    expect(league.matches).toHaveLength(200);
    const dates = league.matches.map((m) => m.date);
    expect([...dates].sort()).toEqual(dates);
    for (const m of league.matches) {
      expect(m.score[0]).toBe(3);
      expect(m.score[1]).toBeGreaterThanOrEqual(0);
      expect(m.score[1]).toBeLessThanOrEqual(2);
      expect(m.winner).not.toBe(m.loser);
    }
  });

  it('has a late newcomer who wins every match, and an uneven schedule', () => {
    const league = simulateLeague(config);
    const newcomer = league.matches.filter((m) => m.winner === league.newcomer || m.loser === league.newcomer);
    expect(newcomer).toHaveLength(3);
    expect(newcomer.every((m) => m.winner === league.newcomer)).toBe(true);
    expect(league.matches.slice(-3)).toEqual(newcomer);
    const games = league.names.map((_, i) => league.matches.filter((m) => m.winner === i || m.loser === i).length);
    const regular = games.filter((_, i) => i !== league.newcomer);
    expect(Math.max(...regular)).toBeGreaterThan(2 * Math.min(...regular));
  });
});

describe('the ranking study', () => {
  it('measures error after centring, so a shift of every strength costs nothing', () => {
    expect(centredRmse([1, 2, 3], [11, 12, 13])).toBeCloseTo(0, 12);
    expect(centredRmse([0, 0], [1, -1])).toBeCloseTo(1, 12);
  });

  it('names the unbeaten newcomer, and fits the others without a prior', () => {
    const league = simulateLeague(config);
    const fit = leagueFit(league, { shape: 2, rate: 1 });
    expect(fit.existence.exists).toBe(false);
    expect(fit.existence.unbeaten).toEqual([league.names[league.newcomer]]);
    expect(fit.mle).toBeDefined();
    expect(fit.map.tau).toBeGreaterThan(0.5);
    expect(fit.phantom.logStrengths.every(Number.isFinite)).toBe(true);
    expect(fit.phantom.tau).toBeGreaterThan(0.5);
    const p = fit.winProbabilities;
    expect(p[0]![1]! + p[1]![0]!).toBeCloseTo(1, 12);
  });

  it('ranks closer to the truth with more matches', () => {
    const curve = accumulation({
      league: { players: 10, matches: 300, spread: 1 },
      seasons: 8,
      step: 100,
      prior: { shape: 2, rate: 1 },
      eloKs: [16, 32],
    });
    expect(curve.map((c) => c.matches)).toEqual([100, 200, 300]);
    expect(curve[2]!.bradleyTerry.mean).toBeGreaterThan(curve[0]!.bradleyTerry.mean);
    expect(curve[2]!.mleExistsShare).toBeGreaterThanOrEqual(curve[0]!.mleExistsShare);
    expect(curve[2]!.rmse.bradleyTerry.mean).toBeLessThan(curve[0]!.rmse.bradleyTerry.mean);
    expect(curve[2]!.rmse.phantom.mean).toBeLessThan(curve[0]!.rmse.phantom.mean);
    expect(curve[2]!.phantom.mean).toBeGreaterThan(curve[0]!.phantom.mean);
    // Elo is reported at its best step size, and each step size's τ is kept.
    for (const c of curve) {
      expect(c.eloByK.map((e) => e.k)).toEqual([16, 32]);
      expect(c.elo.mean).toBe(Math.max(...c.eloByK.map((e) => e.mean)));
    }
    const d = curve[2]!.rmse.difference;
    expect(d.mean).toBeCloseTo(curve[2]!.rmse.bradleyTerry.mean - curve[2]!.rmse.phantom.mean, 12);
  });

  it('reports interval coverage near the nominal 95% when the data follow the model', () => {
    const curve = accumulation({
      league: { players: 10, matches: 400, spread: 1 },
      seasons: 30,
      step: 400,
      prior: { shape: 2, rate: 1 },
      eloKs: [16, 32],
    });
    // 300 intervals: a share this far from 0.95 would mean the intervals are wrong, not unlucky.
    expect(curve[0]!.coverage).toBeGreaterThan(0.85);
    expect(curve[0]!.coverage).toBeLessThanOrEqual(1);
  });
});
