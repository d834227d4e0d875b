/**
 * The ranking post's experiment (`table-tennis-league`, content/posts/table-tennis-ranking): one
 * simulated office league, written for the page's ranking tool to start from and fitted with and
 * without a prior; and many simulated seasons, for how fast Bradley-Terry and Elo approach the true
 * order as matches accumulate. Everything here is simulated, and the outputs say so.
 */
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
      accumulation: { league: { players: 8, matches: 60, spread: 1 }, seasons: 3, step: 20, prior, eloK: 32 },
    },
    full: {
      league: { ...league, matches: 400, newcomerMatches: 4 },
      prior,
      accumulation: { league: { players: 20, matches: 600, spread: 1 }, seasons: 100, step: 25, prior, eloK: 32 },
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
        description: `Kendall's τ between the true strengths and each method's ranking after the first k matches of a simulated season, mean over ${config.accumulation.seasons} seasons with 95% intervals.`,
        xLabel: 'matches played',
        yLabel: "Kendall's τ with the truth",
        series: [
          {
            name: 'Bradley-Terry (Gamma prior)',
            points: curve.map((c) => [c.matches, c.bradleyTerry.mean] as const),
            band: band('bradleyTerry'),
          },
          {
            name: `Elo (K = ${config.accumulation.eloK})`,
            points: curve.map((c) => [c.matches, c.elo.mean] as const),
            band: band('elo'),
            dashed: true,
          },
        ],
      }),
    );
    return [data, results, convergence, accumulationFigure];
  },
};
