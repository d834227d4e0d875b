/**
 * Which OpenBLAS core (set of kernels) the native matrix product runs on. A DYNAMIC_ARCH OpenBLAS
 * picks its core once, when it is loaded, from the CPU's family and model; Debian's 0.3.21 does not
 * know current CPUs and picks a weak one (on Intel family 6 models from 0xB0 up, such as the Xeon
 * model 207, its table falls through to `Prescott`, SSE3: 5x slower). So the core is also chosen
 * here, from the instructions the CPU has (its /proc/cpuinfo flags), and asked for through
 * OPENBLAS_CORETYPE before the library loads, but only when the library's own pick is weaker.
 *
 *   OPENBLAS_CORETYPE=<core>  an explicit core: used as it is (OpenBLAS's own variable)
 *   BR_BLAS_CORE=library      keep the library's own pick (default `auto`: the better of the two)
 *
 * Pure functions, apart from `readCpuFlags` (reads /proc/cpuinfo) and `probeLibraryCore` (runs a
 * short child process).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The x86-64 cores of OpenBLAS 0.3.21 (driver/others/dynamic.c, `corename[]`, the names
 * `openblas_get_corename()` reports and OPENBLAS_CORETYPE accepts, in any case), ranked by the
 * instructions their sgemm kernels use: a core is only replaced by one of a higher rank.
 * 0: 32-bit (never used on x86-64), 1: SSE2/SSE3, 2: AVX (and AMD's FMA4/FMA3 families),
 * 3: AVX2 + FMA (`Zen` has Haswell-class kernels), 4: AVX-512, 5: AVX-512 + AMX (newer OpenBLAS).
 */
const coreRanks: Record<string, number> = {
  katmai: 0,
  coppermine: 0,
  northwood: 0,
  banias: 0,
  athlon: 0,
  prescott: 1,
  atom: 1,
  core2: 1,
  penryn: 1,
  dunnington: 1,
  nehalem: 1,
  opteron: 1,
  opteron_sse3: 1,
  barcelona: 1,
  nano: 1,
  bobcat: 1,
  sandybridge: 2,
  bulldozer: 2,
  piledriver: 2,
  steamroller: 2,
  excavator: 2,
  haswell: 3,
  zen: 3,
  skylakex: 4,
  cooperlake: 4,
  sapphirerapids: 5,
};

/**
 * The cores this module may ask for, best first, and the CPU flags (as Linux names them) each one's
 * kernels need. `Cooperlake` is left out: its sgemm kernels are SkylakeX's (it adds only bf16
 * kernels), so asking for it would gain nothing for float32.
 */
export const selectableCores = [
  { core: 'SkylakeX', flags: ['avx2', 'fma', 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'] },
  { core: 'Haswell', flags: ['avx2', 'fma'] },
  { core: 'Sandybridge', flags: ['avx'] },
] as const;

/** The rank of a core name, or undefined for a name this table does not know. */
export function coreRank(name: string): number | undefined {
  return coreRanks[name.toLowerCase()];
}

/** The best core for a CPU with these flags, or undefined when below AVX (the library's pick stands). */
export function coreForFlags(flags: Iterable<string>): string | undefined {
  const has = new Set(flags);
  return selectableCores.find((c) => c.flags.every((f) => has.has(f)))?.core;
}

/** The flags a known core needs that the CPU lacks ([] when it has them all, or the core is unknown). */
export function missingFlags(core: string, flags: Iterable<string>): string[] {
  const has = new Set(flags);
  const known = selectableCores.find((c) => c.core.toLowerCase() === core.toLowerCase());
  return known ? known.flags.filter((f) => !has.has(f)) : [];
}

/** The flags of the first processor in a /proc/cpuinfo text. */
export function parseCpuFlags(cpuinfo: string): Set<string> | undefined {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  return line ? new Set(line[1]!.trim().split(/\s+/)) : undefined;
}

/** This CPU's flags on Linux x86-64; undefined elsewhere (no core is chosen there). */
export function readCpuFlags(): Set<string> | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    return parseCpuFlags(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The core a DYNAMIC_ARCH OpenBLAS picks by itself on this machine, learnt without loading it
 * here (the pick is made once per process, at load): `true` is run with the library preloaded and
 * OPENBLAS_VERBOSE=2, which makes the library's constructor print `Core: <name>` (a few ms).
 * Undefined when it cannot tell (not Linux, not a DYNAMIC_ARCH OpenBLAS, no such file).
 */
export function probeLibraryCore(
  library: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (process.platform !== 'linux' || /[\s:]/.test(library)) return undefined;
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'OPENBLAS_CORETYPE' && !key.startsWith('LD_')) childEnv[key] = value;
  }
  Object.assign(childEnv, { LD_PRELOAD: library, OPENBLAS_VERBOSE: '2', OPENBLAS_NUM_THREADS: '1' });
  const result = spawnSync('true', [], { env: childEnv, encoding: 'utf8', timeout: 10_000 });
  return /^Core: (\S+)/m.exec(result.stderr ?? '')?.[1];
}

/** Who decided the core: OPENBLAS_CORETYPE, this module (from the CPU flags), or the library. */
export type CoreSource = 'environment' | 'chosen' | 'library';

export interface CorePlan {
  /** The value to give OPENBLAS_CORETYPE while the library loads; none: the library decides. */
  coretype?: string;
  source: CoreSource;
  /** The core the library picks by itself, when known. */
  libraryPick?: string;
  /** The best core for the CPU's flags, when there is one. */
  best?: string;
}

export type Env = Record<string, string | undefined>;

/**
 * Decide the core before the library loads. `libraryPick` is only called when needed (it runs a
 * child process). Throws when BR_BLAS_CORE is unknown, or OPENBLAS_CORETYPE names a core whose
 * instructions the CPU lacks (its first product would stop the process with SIGILL).
 */
export function planCore(
  env: Env,
  flags: ReadonlySet<string> | undefined,
  libraryPick: () => string | undefined,
): CorePlan {
  const mode = env.BR_BLAS_CORE ?? 'auto';
  if (mode !== 'auto' && mode !== 'library') {
    throw new Error(`BR_BLAS_CORE must be auto or library, got ${mode} (set OPENBLAS_CORETYPE to force a core)`);
  }
  const best = flags && coreForFlags(flags);
  const explicit = env.OPENBLAS_CORETYPE;
  if (explicit) {
    const missing = flags ? missingFlags(explicit, flags) : [];
    if (missing.length) {
      throw new Error(
        `OPENBLAS_CORETYPE=${explicit} needs CPU instructions this machine lacks (${missing.join(', ')})` +
          `${best ? `; its best core is ${best}` : ''}: unset it or choose another core`,
      );
    }
    return { coretype: explicit, source: 'environment', ...(best ? { best } : {}) };
  }
  if (mode === 'library' || !best) return { source: 'library', ...(best ? { best } : {}) };
  const pick = libraryPick();
  const pickRank = pick === undefined ? undefined : coreRank(pick);
  // Unknown pick (a newer OpenBLAS, or none reported): ranking is impossible, the library decides.
  if (pick === undefined || pickRank === undefined || pickRank >= coreRank(best)!) {
    return { source: 'library', best, ...(pick ? { libraryPick: pick } : {}) };
  }
  return { coretype: best, source: 'chosen', libraryPick: pick, best };
}

/** The core in use, as BackendInfo and every artifact's metadata record it. */
export interface BlasCore {
  /** What `openblas_get_corename()` says after loading. */
  name: string;
  source: CoreSource;
  /** The library's own pick, when it differs from `name`. */
  libraryPick?: string;
  /** Anything a reader should know: the asked-for core did not take, or a faster one exists. */
  note?: string;
}

/**
 * Combine the plan with what the loaded library reports. `dynamic`: a DYNAMIC_ARCH build, the only
 * kind whose core OPENBLAS_CORETYPE can change (its openblas_get_config() says so).
 */
export function coreInUse(plan: CorePlan, name: string, dynamic = true): BlasCore {
  const core: BlasCore = { name, source: plan.source };
  const pick = plan.source === 'library' ? name : plan.libraryPick;
  if (pick && pick.toLowerCase() !== name.toLowerCase()) core.libraryPick = pick;
  if (plan.coretype && plan.coretype.toLowerCase() !== name.toLowerCase()) {
    core.note = `OPENBLAS_CORETYPE=${plan.coretype} was asked for, the library runs ${name}`;
  } else if (dynamic && plan.source === 'library' && plan.best && (coreRank(name) ?? Infinity) < coreRank(plan.best)!) {
    // The library was left to decide (BR_BLAS_CORE=library, or its pick was not known beforehand).
    core.note = `this CPU can run ${plan.best} (OPENBLAS_CORETYPE=${plan.best}), faster than ${name}`;
  }
  return core;
}

/** One phrase on the core, e.g. `core SkylakeX (chosen from the CPU flags; the library's own: Prescott)`. */
export function describeCore(core: BlasCore): string {
  const who = {
    environment: 'from OPENBLAS_CORETYPE',
    chosen: 'chosen from the CPU flags',
    library: "the library's own choice",
  }[core.source];
  const parts = [who, core.libraryPick && `the library's own: ${core.libraryPick}`, core.note].filter(Boolean);
  return `core ${core.name} (${parts.join('; ')})`;
}
