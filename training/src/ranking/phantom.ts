/**
 * The common fix for a ranking whose maximum-likelihood estimate does not exist: give every player
 * one win and one loss against a made-up player, then fit as usual. The phantom connects every
 * pair of players in both directions, so the estimate exists. Because only ratios of strengths
 * matter, fitting the phantom's strength too and reading the others relative to it is the same as
 * holding the phantom at 1, and then each player's two phantom games add log p − 2 log(1 + p) to
 * the log-likelihood: a standard logistic prior on the log-strength, centred on the phantom. The
 * post sets this beside the Gamma prior.
 */
import { winCounts, type Result } from '@bounded-rationality/core/bradley-terry/graph.ts';
import { fitBradleyTerry } from '@bounded-rationality/core/bradley-terry/fit.ts';

/** Log-strengths of players 0…n−1 relative to the phantom, fitted with one win and one loss each against it. */
export function phantomFit(n: number, results: readonly Result[]): number[] {
  const phantom = n;
  const games: Result[] = [...results];
  for (let i = 0; i < n; i++) games.push({ winner: i, loser: phantom }, { winner: phantom, loser: i });
  const fit = fitBradleyTerry(n + 1, winCounts(n + 1, games));
  const reference = Math.log(fit.strengths[phantom]!);
  return Array.from({ length: n }, (_, i) => Math.log(fit.strengths[i]!) - reference);
}
