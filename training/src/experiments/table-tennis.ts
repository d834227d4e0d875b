/**
 * The ranking post's experiment (`table-tennis-league`, content/posts/table-tennis-ranking): one
 * simulated office league, written for the page's ranking tool to start from and fitted with and
 * without a prior; and many simulated seasons, for how fast Bradley-Terry and Elo approach the true
 * order as matches accumulate. Everything here is simulated, and the outputs say so.
 */
import { heatMap } from '../figures/heat-map.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { simulateLeague, type LeagueConfig } from '../ranking/league.ts';
import { accumulation, leagueFit, type AccumulationConfig } from '../ranking/study.ts';
import type { Experiment } from './types.ts';

export interface TableTennisConfig {
  league: LeagueConfig;
  prior: { shape: number; rate: number };
  accumulation: AccumulationConfig;
}

const prior = { shape: 2, rate: 1 };
const league = { players: 20, spread: 1, seed: 2026 };

export const tableTennisLeague: Experiment<TableTennisConfig> = {
  name: 'table-tennis-league',
  description:
    'A simulated office league fitted by Bradley-Terry (MM, with and without a Gamma prior), and Bradley-Terry against Elo as matches accumulate',
  module: import.meta.url,
  home: 'content/posts/table-tennis-ranking',
  profiles: {
    smoke: {
      league: { ...league, players: 8, matches: 60, newcomerMatches: 3 },
      prior,
      accumulation: { league: { players: 8, matches: 60, spread: 1 }, seasons: 3, step: 20, prior, eloKs: [16, 32] },
    },
    full: {
      league: { ...league, matches: 400, newcomerMatches: 4 },
      prior,
      accumulation: {
        league: { players: 20, matches: 600, spread: 1 },
        seasons: 100,
        step: 25,
        prior,
        eloKs: [8, 16, 32, 64, 128, 256],
      },
    },
  },
  async run(ctx) {
    const { config, out } = ctx;
    const simulated = simulateLeague(config.league);
    const fit = leagueFit(simulated, config.prior);
    const curve = accumulation(config.accumulation);
    const data = await out.writeJson(out.data, {
      experiment: ctx.metadata.experiment,
      simulated: true,
      names: simulated.names,
      matches: simulated.matches.map((m) => ({
        winner: simulated.names[m.winner],
        loser: simulated.names[m.loser],
        date: m.date,
        score: `${m.score[0]}-${m.score[1]}`,
      })),
    });
    const results = await out.writeJson(out.results, {
      ...ctx.metadata,
      simulated: true,
      config,
      league: {
        names: simulated.names,
        truth: simulated.truth,
        newcomer: simulated.newcomer,
        matches: simulated.matches.length,
      },
      fit,
      accumulation: curve,
    });
    const trace = (objective: number[]) => objective.map((v, i) => [i, v] as const);
    const convergence = await out.write(
      out.figure('convergence', 'svg'),
      linePlot({
        title: 'MM never lowers its objective',
        description:
          'The log-posterior (with the Gamma prior, whole league) and the log-likelihood (no prior, without the unbeaten newcomer) after each MM sweep, on the simulated league.',
        xLabel: 'MM sweep',
        yLabel: 'objective (nats)',
        series: [
          { name: 'log-posterior, Gamma prior', points: trace(fit.map.objective) },
          ...(fit.mle ? [{ name: 'log-likelihood, no prior', points: trace(fit.mle.objective), dashed: true }] : []),
        ],
      }),
    );
    const band = (key: 'bradleyTerry' | 'elo') => curve.map((c) => [c.matches, c[key].low, c[key].high] as const);
    const accumulationFigure = await out.write(
      out.figure('accumulation', 'svg'),
      linePlot({
        title: 'How fast each ranking finds the true order',
        description: `Kendall's τ between the true strengths and each method's ranking after the first k matches of a simulated season, mean over ${config.accumulation.seasons} seasons with 95% intervals. Elo's step size K is the best of ${config.accumulation.eloKs.join(', ')} at each point, chosen on these same seasons, which favours Elo.`,
        xLabel: 'matches played',
        yLabel: "Kendall's τ with the truth",
        series: [
          {
            name: 'Bradley-Terry (Gamma prior)',
            points: curve.map((c) => [c.matches, c.bradleyTerry.mean] as const),
            band: band('bradleyTerry'),
          },
          {
            name: 'Bradley-Terry (phantom player)',
            points: curve.map((c) => [c.matches, c.phantom.mean] as const),
            dashed: true,
          },
          {
            name: 'Elo (best K at each point)',
            points: curve.map((c) => [c.matches, c.elo.mean] as const),
            band: band('elo'),
            dashed: true,
          },
        ],
      }),
    );
    const rmse = await out.write(
      out.figure('rmse', 'svg'),
      linePlot({
        title: 'Two ways to make the estimate exist, side by side',
        description: `Root-mean-square error of the estimated log-strengths (both sides centred) after the first k matches of a simulated season, mean over ${config.accumulation.seasons} seasons with 95% intervals, for the Gamma prior and for one win and one loss against a phantom player.`,
        xLabel: 'matches played',
        yLabel: 'log-strength RMSE',
        series: (['bradleyTerry', 'phantom'] as const).map((key, i) => ({
          name:
            key === 'bradleyTerry'
              ? `Gamma prior (a = ${config.prior.shape}, b = ${config.prior.rate})`
              : 'phantom player',
          points: curve.map((c) => [c.matches, c.rmse[key].mean] as const),
          band: curve.map((c) => [c.matches, c.rmse[key].low, c.rmse[key].high] as const),
          dashed: i === 1,
        })),
      }),
    );
    // Players in order of their true strength, so each line's distance from the truth is its error.
    const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const centre = (v: readonly number[]) => v.map((x) => x - mean(v));
    const byTruth = simulated.truth.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
    const truth = centre(simulated.truth);
    /**
     * [truth, estimate] per player in order of true strength, each centred over the players shown;
     * `ids` maps the estimate's index to a player.
     */
    const along = (
      estimate: readonly number[],
      order: readonly number[] = byTruth.map(([, i]) => i),
      ids: readonly number[] = simulated.names.map((_, i) => i),
    ) => {
      const x = centre(order.map((k) => simulated.truth[ids[k]!]!));
      const y = centre(order.map((k) => estimate[k]!));
      return order.map((_, r) => [x[r]!, y[r]!] as const);
    };
    const estimates = await out.write(
      out.figure('estimates', 'svg'),
      linePlot({
        title: 'Estimated against true strength',
        description: `Each fitted log-strength (centred) against the simulated truth, players joined in order of true strength; the line y = x is a perfect fit. The fit without a prior leaves out the unbeaten newcomer ${fit.existence.unbeaten.join(', ')}, the rightmost player.`,
        xLabel: 'true log-strength',
        yLabel: 'estimated log-strength',
        series: [
          { name: 'truth (y = x)', points: byTruth.map(([, i]) => [truth[i]!, truth[i]!] as const) },
          { name: 'Gamma prior', points: along(fit.map.logStrengths) },
          { name: 'phantom player', points: along(fit.phantom.logStrengths), dashed: true },
          ...(fit.mle
            ? [
                {
                  name: 'no prior (newcomer left out)',
                  points: along(
                    fit.mle.logStrengths,
                    byTruth.map(([, i]) => fit.mle!.players.indexOf(i)).filter((k) => k >= 0),
                    fit.mle.players,
                  ),
                  dashed: true,
                },
              ]
            : []),
        ],
      }),
    );
    const order = fit.map.logStrengths
      .map((t, i) => [t, i] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => i);
    const heat = await out.write(
      out.figure('win-probabilities', 'svg'),
      heatMap({
        title: 'Who beats whom, by the fitted model',
        description: `The probability that the row player beats the column player under the Gamma-prior fit of the simulated league, players from strongest (top, left) to weakest. The strongest pair: ${simulated.names[order[0]!]} beats ${simulated.names[order.at(-1)!]} with probability ${fit.winProbabilities[order[0]!]![order.at(-1)!]!.toFixed(2)}.`,
        values: order.map((i) => order.map((j) => (i === j ? null : fit.winProbabilities[i]![j]!))),
        rowLabels: order.map((i) => simulated.names[i]!),
        columnLabels: order.map((i) => simulated.names[i]!),
        rowTitle: 'player',
        columnTitle: 'opponent',
        lowLabel: 'row loses',
        highLabel: 'row wins',
      }),
    );
    return [data, results, convergence, accumulationFigure, rmse, estimates, heat];
  },
};
