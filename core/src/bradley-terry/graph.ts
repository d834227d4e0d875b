/**
 * Who beat whom, as counts, and whether a maximum-likelihood Bradley-Terry fit exists for them.
 * Zermelo (1929) and Ford (1957): the likelihood has a finite maximiser exactly when, for every way
 * of splitting the players in two, someone in each part has beaten someone in the other: when the
 * directed graph with an edge i → j for "i beat j at least once" is strongly connected. Otherwise
 * some group never loses to the rest, and the likelihood keeps growing as its strengths are scaled
 * up against the others, without a maximum.
 */

/** A match between two players, by index: `winner` beat `loser`, `count` times (default once). */
export interface Result {
  winner: number;
  loser: number;
  count?: number;
}

/** wins[i · n + j]: how often player i beat player j. */
export type WinCounts = Float64Array;

/** The n × n win counts of `results` among `n` players. */
export function winCounts(n: number, results: readonly Result[]): WinCounts {
  const wins = new Float64Array(n * n);
  results.forEach(({ winner, loser, count = 1 }, k) => {
    for (const [what, i] of [
      ['winner', winner],
      ['loser', loser],
    ] as const) {
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new Error(`Result ${k}: ${what} ${i} is not a player in 0..${n - 1}`);
    }
    if (winner === loser) throw new Error(`Result ${k}: player ${winner} cannot play themself`);
    if (!(count > 0) || !Number.isFinite(count)) throw new Error(`Result ${k}: count must be positive, got ${count}`);
    wins[winner * n + loser]! += count;
  });
  return wins;
}

export interface Existence {
  /** Whether the maximum-likelihood strengths exist (finite and positive). */
  exists: boolean;
  /**
   * The strongly connected components of the win graph, each a list of players, ordered so that no
   * player of a component ever lost to a player of a later one: the first component is the group
   * that would run off to infinite strength.
   */
  components: number[][];
  /** Players with games and no loss. */
  unbeaten: number[];
  /** Players with games and no win. */
  winless: number[];
  /** Players without a game. */
  idle: number[];
  /** Why not, in words (empty when the fit exists); names players through `name`. */
  reason: string;
}

/**
 * Whether the maximum-likelihood fit exists for `wins` among `n` players, and if not, which players
 * make it fail. `name(i)` words the reason (default "player i").
 */
export function existence(n: number, wins: WinCounts, name: (i: number) => string = (i) => `player ${i}`): Existence {
  const wonAny = new Uint8Array(n);
  const lostAny = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (wins[i * n + j]! > 0) {
        wonAny[i] = 1;
        lostAny[j] = 1;
      }
    }
  }
  const players = Array.from({ length: n }, (_, i) => i);
  const idle = players.filter((i) => !wonAny[i] && !lostAny[i]);
  const unbeaten = players.filter((i) => wonAny[i] && !lostAny[i]);
  const winless = players.filter((i) => lostAny[i] && !wonAny[i]);
  const components = strongComponents(n, wins);
  const exists = n >= 2 && components.length === 1;
  const list = (ids: number[]) => ids.map(name).join(', ');
  const reasons: string[] = [];
  if (n < 2) reasons.push('a ranking needs at least two players');
  if (idle.length) reasons.push(`${list(idle)} played no match`);
  if (unbeaten.length) reasons.push(`${list(unbeaten)} never lost, so no finite strength is large enough`);
  if (winless.length) reasons.push(`${list(winless)} never won, so no positive strength is small enough`);
  if (!exists && n >= 2 && !idle.length && !unbeaten.length && !winless.length) {
    reasons.push(
      `the players split into ${components.length} groups, and ${list(components[0]!)} never lost to anyone outside their group`,
    );
  }
  return { exists, components, unbeaten, winless, idle, reason: exists ? '' : `${reasons.join('; ')}.` };
}

/**
 * Tarjan's strongly connected components of the graph i → j when i beat j, in topological order of
 * the condensation (a component only has edges to later ones).
 */
function strongComponents(n: number, wins: WinCounts): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;
  // Iterative depth-first search, so that a long chain of players cannot overflow the call stack.
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, next] = top;
      if (next < n) {
        top[1] = next + 1;
        if (!(wins[v * n + next]! > 0)) continue;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push([next, 0]);
        } else if (onStack[next]) {
          low[v] = Math.min(low[v]!, index[next]!);
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        found.push(component.sort((a, b) => a - b));
      }
    }
  }
  // Tarjan emits components in reverse topological order.
  return found.reverse();
}
