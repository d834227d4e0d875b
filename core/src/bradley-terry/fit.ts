/**
 * The Bradley-Terry model, P(i beats j) = p_i / (p_i + p_j), fitted by minorization-maximization
 * (Hunter, 2004). With W_i the wins of player i and n_ij the games between i and j, the update
 *
 *   p_i ← W_i / Σ_j n_ij / (p_i + p_j)
 *
 * maximises a function that touches the log-likelihood at the current strengths and lies below it
 * everywhere (−log x ≥ 1 − log y − x / y, applied to each log(p_i + p_j)), so no step can lower
 * the likelihood. With a Gamma(a, b) prior on each strength (Caron & Doucet, 2012) the same bound
 * gives the MAP update
 *
 *   p_i ← (a − 1 + W_i) / (b + Σ_j n_ij / (p_i + p_j)),
 *
 * which exists for every schedule when a > 1, unbeaten and winless players included. The players
 * are updated one at a time, each with the others' newest strengths (a cyclic MM: every single
 * update still maximises a minorizer, so the objective still never falls, and it converges in far
 * fewer sweeps). Strengths without a prior are only defined up to scale; they are reported with
 * geometric mean 1.
 */
import { existence, type WinCounts } from './graph.ts';

/** A Gamma prior on each strength: shape a (> 1) and rate b (> 0); its mode is (a − 1) / b. */
export interface GammaPrior {
  shape: number;
  rate: number;
}

export interface FitOptions {
  prior?: GammaPrior;
  /** Stop when no log-strength moves more than this in an iteration (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
  /** Record the objective after every sweep (for a convergence plot); otherwise only first and last. */
  trace?: boolean;
  /** Names for error messages (default "player i"). */
  name?: (i: number) => string;
  /**
   * Strengths to start from, e.g. the previous fit's when one result changed: MM then has less
   * far to climb. Any positive finite start reaches the same maximum.
   */
  start?: ArrayLike<number>;
}

export interface Fit {
  n: number;
  /** The strengths p_i. */
  strengths: Float64Array;
  prior: GammaPrior | undefined;
  /**
   * The objective (log-likelihood, or log-posterior up to a constant with a prior): at the start
   * and after every sweep with `trace`, else at the start and the end.
   */
  objective: number[];
  iterations: number;
  converged: boolean;
  /** Largest |∂ objective / ∂ log p_i| at the end: zero at the maximum. */
  gradient: number;
  logLikelihood: number;
  /** The data behind the fit. */
  wins: WinCounts;
}

/** Σ_ij w_ij [log p_i − log(p_i + p_j)]. */
export function logLikelihood(n: number, wins: WinCounts, p: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = wins[i * n + j]!;
      if (w > 0) total += w * (Math.log(p[i]!) - Math.log(p[i]! + p[j]!));
    }
  }
  return total;
}

/** The log-likelihood plus Σ_i [(a − 1) log p_i − b p_i] (the Gamma log-density up to a constant). */
export function logPosterior(n: number, wins: WinCounts, p: ArrayLike<number>, prior: GammaPrior): number {
  let total = logLikelihood(n, wins, p);
  for (let i = 0; i < n; i++) total += (prior.shape - 1) * Math.log(p[i]!) - prior.rate * p[i]!;
  return total;
}

function checkPrior(prior: GammaPrior): void {
  if (!(prior.shape > 1) || !Number.isFinite(prior.shape)) {
    throw new Error(
      `Gamma prior: the shape must be above 1 (got ${prior.shape}), or a winless player's strength would be 0`,
    );
  }
  if (!(prior.rate > 0) || !Number.isFinite(prior.rate))
    throw new Error(`Gamma prior: the rate must be positive, got ${prior.rate}`);
}

/**
 * Wins W_i and games n_ij = w_ij + w_ji, the latter both as a dense matrix and, for the MM sweep,
 * as each player's list of opponents they actually met (compressed rows): a league where most
 * pairs never met costs only the pairs that did.
 */
function tallies(n: number, wins: WinCounts) {
  const won = new Float64Array(n);
  const games = new Float64Array(n * n);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      won[i]! += wins[i * n + j]!;
      const g = wins[i * n + j]! + wins[j * n + i]!;
      games[i * n + j] = g;
      if (g > 0) start[i + 1]!++;
    }
    start[i + 1]! += start[i]!;
  }
  const opponent = new Int32Array(start[n]!);
  const count = new Float64Array(start[n]!);
  for (let i = 0, e = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const g = games[i * n + j]!;
      if (g > 0) {
        opponent[e] = j;
        count[e++] = g;
      }
    }
  }
  return { won, games, start, opponent, count };
}

/**
 * Fits the strengths to `wins` among `n` players. Without a prior the maximum-likelihood fit must
 * exist (graph.ts); when it does not, this throws saying which players prevent it.
 */
export function fitBradleyTerry(n: number, wins: WinCounts, options: FitOptions = {}): Fit {
  if (wins.length !== n * n)
    throw new Error(`fitBradleyTerry: ${wins.length} win counts for ${n} players (need ${n * n})`);
  const { prior, tolerance = 1e-10, maxIterations = 10_000 } = options;
  if (prior) checkPrior(prior);
  else {
    const check = existence(n, wins, options.name);
    if (!check.exists)
      throw new Error(`No maximum-likelihood ranking exists: ${check.reason} A prior on the strengths fixes this.`);
  }
  const { won, start, opponent, count } = tallies(n, wins);
  const objectiveAt = (p: Float64Array) => (prior ? logPosterior(n, wins, p, prior) : logLikelihood(n, wins, p));
  const p = new Float64Array(n).fill(prior ? Math.max((prior.shape - 1) / prior.rate, 1e-3) : 1);
  if (options.start) {
    const { start } = options;
    if (start.length !== n) throw new Error(`fitBradleyTerry: ${start.length} starting strengths for ${n} players`);
    for (let i = 0; i < n; i++) {
      if (!(start[i]! > 0 && Number.isFinite(start[i]!)))
        throw new Error(`fitBradleyTerry: starting strength ${i} is ${start[i]}, not a positive number`);
      p[i] = start[i]!;
    }
  }
  const objective = [objectiveAt(p)];
  const before = new Float64Array(n);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    before.set(p);
    for (let i = 0; i < n; i++) {
      let denominator = prior ? prior.rate : 0;
      const pi = p[i]!;
      for (let e = start[i]!; e < start[i + 1]!; e++) denominator += count[e]! / (pi + p[opponent[e]!]!);
      p[i] = ((prior ? prior.shape - 1 : 0) + won[i]!) / denominator;
    }
    if (prior) rescaleForPrior(p, prior);
    else normalize(p);
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(Math.log(p[i]!) - Math.log(before[i]!)));
    iterations++;
    if (options.trace) objective.push(objectiveAt(p));
    converged = change < tolerance;
  }
  if (!options.trace) objective.push(objectiveAt(p));
  return {
    n,
    strengths: p,
    prior,
    objective,
    iterations,
    converged,
    gradient: Math.max(...logGradient(n, wins, p, prior).map(Math.abs)),
    logLikelihood: logLikelihood(n, wins, p),
    wins,
  };
}

/**
 * The likelihood does not see a common scale, so under a prior the scale is set by the prior
 * alone, and MM crawls along it. Scaling every strength by c = n (a − 1) / (b Σ p_i) maximises the
 * log-posterior along that direction exactly, so the step keeps the objective non-decreasing.
 */
function rescaleForPrior(p: Float64Array, prior: GammaPrior): void {
  let sum = 0;
  for (const v of p) sum += v;
  const scale = (p.length * (prior.shape - 1)) / (prior.rate * sum);
  for (let i = 0; i < p.length; i++) p[i]! *= scale;
}

/** Scales strengths to geometric mean 1 (the likelihood does not change). */
function normalize(p: Float64Array): void {
  let sum = 0;
  for (const v of p) sum += Math.log(v);
  const scale = Math.exp(-sum / p.length);
  for (let i = 0; i < p.length; i++) p[i]! *= scale;
}

/** ∂ objective / ∂ log p_i = W_i − Σ_j n_ij p_i / (p_i + p_j) [+ (a − 1) − b p_i]. */
export function logGradient(n: number, wins: WinCounts, p: ArrayLike<number>, prior?: GammaPrior): number[] {
  const { won, games } = tallies(n, wins);
  return Array.from({ length: n }, (_, i) => {
    let g = won[i]!;
    for (let j = 0; j < n; j++) {
      const m = games[i * n + j]!;
      if (m > 0) g -= (m * p[i]!) / (p[i]! + p[j]!);
    }
    return prior ? g + prior.shape - 1 - prior.rate * p[i]! : g;
  });
}

/** P(i beats j) under the fitted strengths. */
export function winProbability(fit: Pick<Fit, 'strengths'>, i: number, j: number): number {
  const { strengths: p } = fit;
  return p[i]! / (p[i]! + p[j]!);
}
