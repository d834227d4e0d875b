/**
 * What the ranking post measures on simulated leagues, where the true strengths are known: how MM
 * converges, how close the estimates come with and without a prior, and how fast the ranking
 * approaches the true order as matches accumulate, for a Bradley-Terry fit and for Elo on the same
 * matches in the same order.
 */
import { existence, winCounts, type Result } from '@bounded-rationality/core/bradley-terry/graph.ts';
import { fitBradleyTerry, winProbability, type GammaPrior } from '@bounded-rationality/core/bradley-terry/fit.ts';
import { eloRatings } from '@bounded-rationality/core/bradley-terry/elo.ts';
import { kendallTau } from '@bounded-rationality/core/stats/kendall.ts';
import { meanInterval } from '@bounded-rationality/core/stats/interval.ts';
import { rankPlayers } from '@bounded-rationality/core/bradley-terry/ranking.ts';
import { simulateLeague, type League, type LeagueConfig } from './league.ts';
import { phantomFit } from './phantom.ts';

const centred = (values: ArrayLike<number>) => {
  const list = Array.from(values);
  const mean = list.reduce((s, v) => s + v, 0) / list.length;
  return list.map((v) => v - mean);
};

/** Root-mean-square difference of two log-strength vectors after centring each (the scale is arbitrary). */
export function centredRmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ca = centred(a);
  const cb = centred(b);
  return Math.sqrt(ca.reduce((s, v, i) => s + (v - cb[i]!) ** 2, 0) / ca.length);
}

/** The fit of one league: MM's trace, estimates against the truth, the win-probability matrix. */
export function leagueFit(league: League, prior: GammaPrior) {
  const n = league.names.length;
  const wins = winCounts(n, league.matches);
  const check = existence(n, wins, (i) => league.names[i]!);
  const map = fitBradleyTerry(n, wins, { prior, trace: true });
  // The maximum-likelihood fit of the same league without the newcomer, whose wins leave it undefined.
  const regular = league.names.map((_, i) => i).filter((i) => i !== league.newcomer);
  const index = new Map(regular.map((p, k) => [p, k]));
  const without: Result[] = league.matches
    .filter((m) => index.has(m.winner) && index.has(m.loser))
    .map((m) => ({ winner: index.get(m.winner)!, loser: index.get(m.loser)! }));
  const regularWins = winCounts(regular.length, without);
  const regularCheck = existence(regular.length, regularWins);
  const mle = regularCheck.exists ? fitBradleyTerry(regular.length, regularWins, { trace: true }) : undefined;
  const mapLog = Array.from(map.strengths, Math.log);
  const phantom = phantomFit(n, league.matches);
  const truthRegular = regular.map((i) => league.truth[i]!);
  return {
    existence: { exists: check.exists, reason: check.reason, unbeaten: check.unbeaten.map((i) => league.names[i]!) },
    map: {
      iterations: map.iterations,
      objective: map.objective,
      logStrengths: mapLog,
      rmse: centredRmse(mapLog, league.truth),
      tau: kendallTau(mapLog, league.truth),
      // The same error over the regular players only, to set beside the MLE's.
      rmseRegular: centredRmse(
        regular.map((i) => mapLog[i]!),
        truthRegular,
      ),
    },
    phantom: {
      logStrengths: phantom,
      rmse: centredRmse(phantom, league.truth),
      tau: kendallTau(phantom, league.truth),
    },
    mle: mle && {
      /** The players fitted, in the order of logStrengths. */
      players: regular,
      iterations: mle.iterations,
      objective: mle.objective,
      logStrengths: Array.from(mle.strengths, Math.log),
      rmse: centredRmse(Array.from(mle.strengths, Math.log), truthRegular),
      tau: kendallTau(Array.from(mle.strengths, Math.log), truthRegular),
    },
    winProbabilities: league.names.map((_, i) =>
      league.names.map((__, j) => (i === j ? 0.5 : winProbability(map, i, j))),
    ),
  };
}

export interface AccumulationConfig {
  league: Omit<LeagueConfig, 'seed' | 'newcomerMatches'>;
  /** Seasons simulated, seeds 1…seasons. */
  seasons: number;
  /** Evaluate after every `step` matches. */
  step: number;
  prior: GammaPrior;
  /** Elo's step sizes to try; the comparison uses, at each k, the one that ranked best (in hindsight, which favours Elo). */
  eloKs: readonly number[];
}

/**
 * Kendall's τ between the true strengths and each method's ranking after the first k matches of a
 * season, for k = step, 2·step, …, averaged over seasons with 95% t intervals (Elo at its best step
 * size at each k); and how often the
 * maximum-likelihood ranking exists at k. Also the centred RMSE of the log-strengths for the
 * Gamma prior and the phantom-player fix, and how often the Gamma fit's 95% intervals hold the truth.
 */
export function accumulation(config: AccumulationConfig) {
  const ks = Array.from({ length: Math.floor(config.league.matches / config.step) }, (_, i) => (i + 1) * config.step);
  const n = config.league.players;
  const per = ks.map(() => ({
    map: [] as number[],
    phantom: [] as number[],
    elo: config.eloKs.map(() => [] as number[]),
    mapRmse: [] as number[],
    phantomRmse: [] as number[],
    covered: 0,
    mleExists: 0,
  }));
  const names = Array.from({ length: n }, (_, i) => `player ${i}`);
  for (let s = 1; s <= config.seasons; s++) {
    const league = simulateLeague({ ...config.league, seed: s, newcomerMatches: 0 });
    ks.forEach((k, i) => {
      const first = league.matches.slice(0, k);
      const at = per[i]!;
      const ranking = rankPlayers(names, first, config.prior);
      const mapLog = Array.from(ranking.fit.strengths, Math.log);
      const phantom = phantomFit(n, first);
      at.map.push(kendallTau(mapLog, league.truth));
      at.phantom.push(kendallTau(phantom, league.truth));
      config.eloKs.forEach((k, e) => at.elo[e]!.push(kendallTau(eloRatings(n, first, { k }), league.truth)));
      at.mapRmse.push(centredRmse(mapLog, league.truth));
      at.phantomRmse.push(centredRmse(phantom, league.truth));
      // The simulated truth has mean zero, the scale the ranking's intervals are on.
      at.covered += ranking.rows.filter(
        (r) => r.low <= league.truth[r.player]! && league.truth[r.player]! <= r.high,
      ).length;
      if (ranking.existence.exists) at.mleExists++;
    });
  }
  return ks.map((k, i) => {
    const { map, phantom, elo: eloByK, mapRmse, phantomRmse, covered, mleExists } = per[i]!;
    const eloMeans = eloByK.map((taus) => meanInterval(taus));
    const best = eloMeans.reduce((b, m, e) => (m.mean > eloMeans[b]!.mean ? e : b), 0);
    const elo = eloByK[best]!;
    return {
      matches: k,
      bradleyTerry: meanInterval(map),
      phantom: meanInterval(phantom),
      elo: { k: config.eloKs[best]!, ...eloMeans[best]! },
      eloByK: config.eloKs.map((eloK, e) => ({ k: eloK, ...eloMeans[e]! })),
      // Paired over seasons: the same matches for every method.
      difference: meanInterval(map.map((t, s) => t - elo[s]!)),
      rmse: {
        bradleyTerry: meanInterval(mapRmse),
        phantom: meanInterval(phantomRmse),
        difference: meanInterval(mapRmse.map((r, s) => r - phantomRmse[s]!)),
      },
      coverage: covered / (config.seasons * n),
      mleExistsShare: mleExists / config.seasons,
    };
  });
}
