/**
 * A simulated office table-tennis league, the ranking post's data (always labelled as simulated):
 * players with known log-strengths, an uneven schedule (some play every week, some a few times;
 * opponents are more often players of similar strength, as people pick games they enjoy), and one
 * newcomer who plays a handful of matches late and wins them all, the case where a maximum-
 * likelihood ranking does not exist. Outcomes follow the Bradley-Terry model itself, with a
 * best-of-five score drawn game by game.
 */
import type { Result } from '@bounded-rationality/core/bradley-terry/graph.ts';
import { Rng } from '../runtime/rng.ts';

export interface LeagueConfig {
  players: number;
  matches: number;
  /** Standard deviation of the true log-strengths. */
  spread: number;
  seed: number;
  /** Matches the late newcomer plays (and wins); 0 for none. */
  newcomerMatches: number;
}

export interface LeagueMatch extends Result {
  /** ISO date of the match, in a season of 26 weeks from 2026-03-02. */
  date: string;
  /** Games won by the winner and the loser, best of five. */
  score: [number, number];
}

export interface League {
  names: string[];
  /** True log-strengths (mean 0 over the regular players); the newcomer's is the strongest. */
  truth: number[];
  /** In the order played. */
  matches: LeagueMatch[];
  /** The newcomer's index, or −1. */
  newcomer: number;
}

const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Esme',
  'Femi',
  'Gus',
  'Hana',
  'Ivo',
  'Jun',
  'Kit',
  'Lale',
  'Mo',
  'Nell',
  'Omar',
  'Pia',
  'Quin',
  'Rosa',
  'Sami',
  'Tove',
  'Uma',
  'Vik',
  'Wren',
  'Xiu',
  'Yara',
  'Zeb',
];

const DAY = 86_400_000;
const SEASON_START = Date.UTC(2026, 2, 2);

/** Whether `a` beats `b` in one game (or one match) with log-strength difference d = θ_a − θ_b. */
const wins = (rng: Rng, d: number) => rng.uniform() < 1 / (1 + Math.exp(-d));

/** A best-of-five score where the match winner is decided by the model; games follow the same odds. */
function score(rng: Rng, d: number): [number, number] {
  // Given the winner, draw games until they have three, with the loser's games from the per-game odds.
  const pLoserGame = 1 / (1 + Math.exp(d));
  let loser = 0;
  let winner = 0;
  while (winner < 3) {
    if (loser < 2 && rng.uniform() < pLoserGame) loser++;
    else winner++;
  }
  return [3, loser];
}

export function simulateLeague(config: LeagueConfig): League {
  const { players, matches, spread, seed, newcomerMatches } = config;
  if (players < 3 || players > FIRST_NAMES.length)
    throw new Error(`simulateLeague: 3 to ${FIRST_NAMES.length} players, not ${players}`);
  const rng = new Rng(seed, 0x77);
  const regular = players - (newcomerMatches > 0 ? 1 : 0);
  const raw = Array.from({ length: regular }, () => spread * rng.normal());
  const mean = raw.reduce((s, v) => s + v, 0) / regular;
  const truth = raw.map((v) => v - mean);
  // How often each plays: log-normal activity, so a few play most of the matches.
  const activity = truth.map(() => Math.exp(0.8 * rng.normal()));
  const totalActivity = activity.reduce((s, v) => s + v, 0);
  const pick = (weights: number[], total: number) => {
    let u = rng.uniform() * total;
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  const played: LeagueMatch[] = [];
  const regularMatches = matches - newcomerMatches;
  for (let m = 0; m < regularMatches; m++) {
    const a = pick(activity, totalActivity);
    // Opponents of similar strength are likelier: weight exp(−|Δθ| / spread).
    const near = truth.map((t, j) => (j === a ? 0 : activity[j]! * Math.exp(-Math.abs(t - truth[a]!) / spread)));
    const b = pick(
      near,
      near.reduce((s, v) => s + v, 0),
    );
    const d = truth[a]! - truth[b]!;
    const aWins = wins(rng, d);
    const [winner, loser] = aWins ? [a, b] : [b, a];
    // The newcomer's matches close the season, after every regular one.
    const day = Math.floor((m / regularMatches) * (26 * 7 - newcomerMatches));
    played.push({
      winner,
      loser,
      date: isoDate(SEASON_START + day * DAY),
      score: score(rng, truth[winner]! - truth[loser]!),
    });
  }
  let newcomer = -1;
  if (newcomerMatches > 0) {
    newcomer = regular;
    truth.push(Math.max(...truth) + 0.3);
    for (let k = 0; k < newcomerMatches; k++) {
      const opponent = pick(activity, totalActivity);
      const day = 26 * 7 - newcomerMatches + k;
      played.push({
        winner: newcomer,
        loser: opponent,
        date: isoDate(SEASON_START + day * DAY),
        score: score(rng, truth[newcomer]! - truth[opponent]!),
      });
    }
  }
  return { names: FIRST_NAMES.slice(0, players), truth, matches: played, newcomer };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
