/**
 * The OpenBLAS core and the start-up check, for entry points only (cli.ts, the bench): run once,
 * before `initBackend` loads the library in this process. OpenBLAS reads OPENBLAS_CORETYPE once,
 * when it is loaded, and koffi returns that same handle to every later load, so what is set up here
 * holds for the whole process; child processes inherit it through the environment.
 *
 * Not imported by anything an experiment imports: the training cache keys every experiment on its
 * import closure (cache/hash.ts), and this module changes nothing the experiments compute.
 *
 *   OPENBLAS_CORETYPE=<core>  an explicit core: used as it is; its products failing is an error
 *   BR_BLAS_CORE=library      keep the library's own core (default: see blas-core.ts)
 *   BR_BLAS=off               nothing is loaded or checked
 */
import { createRequire } from 'node:module';
import {
  type BlasCore,
  type CorePlan,
  type Env,
  coreInUse,
  describeCore,
  planCore,
  probeLibraryCore,
  readCpuFlags,
} from './blas-core.ts';
import { type CheckResult, type Sgemm, checkSgemm, checkVerdict } from './blas-check.ts';
import { type Blas, type BlasLoad, loadBlas } from './blas.ts';

/**
 * Set (with OPENBLAS_CORETYPE) when this module chose the core, so that child processes know the
 * value is a choice from the CPU flags, not an explicit one, and need not probe again.
 */
export const planVariable = 'BR_BLAS_CORE_PLAN';
/** Set (with BR_BLAS=off) when the library failed the check: why, for child processes' logs. */
export const refusedVariable = 'BR_BLAS_REFUSED';

/** What setupBlas reads from the machine; tests replace parts of it. */
export interface SetupDeps {
  cpuFlags: () => ReadonlySet<string> | undefined;
  /** The core a library picks by itself (without loading it here), if it can tell. */
  probe: (library: string, env: Env) => string | undefined;
  /** Load the library (blas.ts's loadBlas: the one initBackend calls next). */
  load: (env: Env) => BlasLoad;
  /** The core the loaded library runs (`openblas_get_corename()`); undefined when not OpenBLAS. */
  coreName: (blas: Blas) => string | undefined;
  check: (sgemm: Sgemm) => CheckResult;
}

/** OpenBLAS's names in blas.ts's list (Accelerate has no cores); the probe works on Linux only. */
const openblasNames = ['libopenblas.so.0', 'libopenblas.so'];

function coreName(blas: Blas): string | undefined {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as {
      load(path: string): { func(signature: string): () => unknown };
    };
    const name = koffi.load(blas.library).func('const char *openblas_get_corename()')();
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

const defaultDeps: SetupDeps = {
  cpuFlags: readCpuFlags,
  probe: probeLibraryCore,
  load: loadBlas,
  coreName,
  check: checkSgemm,
};

export interface BlasSetup {
  /**
   * off: BR_BLAS=off (here, or set by a parent whose library failed the check); planned: the core
   * is decided, nothing loaded (a parent that only starts processes); ok: loaded and checked;
   * refused: its products are wrong, BR_BLAS=off is set; none: no library loads (initBackend says why).
   */
  state: 'off' | 'planned' | 'ok' | 'refused' | 'none';
  plan?: CorePlan;
  library?: string;
  /** The core in use (OpenBLAS only). */
  core?: BlasCore;
  check?: CheckResult;
  /** Why there is no BLAS (off, refused, none). */
  reason?: string;
  /** One line for the log, when there is something to say beyond initBackend's own line. */
  line?: string;
}

/** The plan a parent process made and left in the environment, if OPENBLAS_CORETYPE is still its. */
function inheritedPlan(env: Env): CorePlan | undefined {
  if (!env.OPENBLAS_CORETYPE || !env[planVariable]) return undefined;
  try {
    const plan = JSON.parse(env[planVariable]) as CorePlan;
    return plan.source === 'chosen' && plan.coretype === env.OPENBLAS_CORETYPE ? plan : undefined;
  } catch {
    return undefined;
  }
}

/** The plan as a core, for a log line before anything is loaded; undefined when no core is known. */
function plannedCore(plan: CorePlan): string | undefined {
  const name = plan.coretype ?? plan.libraryPick;
  if (!name) return undefined;
  return describeCore({
    name,
    source: plan.source,
    ...(plan.source === 'chosen' && plan.libraryPick ? { libraryPick: plan.libraryPick } : {}),
  });
}

/**
 * Choose the OpenBLAS core, set OPENBLAS_CORETYPE when the choice overrides the library's own, and
 * (unless `load: false`) load the library and check its products; when they are wrong, set
 * BR_BLAS=off, so that initBackend keeps the stock wasm kernel. `env` is changed in place: it must
 * be `process.env` for the library to see it (tests pass their own, with `deps` replaced).
 * Throws when BR_BLAS_CORE is unknown, or an explicit OPENBLAS_CORETYPE cannot run on this CPU
 * or computes wrong products.
 */
export function setupBlas(
  env: Env = process.env,
  options: { load?: boolean; deps?: Partial<SetupDeps> } = {},
): BlasSetup {
  const deps = { ...defaultDeps, ...options.deps };
  if (env.BR_BLAS === 'off') {
    const refused = env[refusedVariable];
    return refused
      ? { state: 'off', reason: refused, line: `BLAS not used: ${refused}` }
      : { state: 'off', reason: 'BR_BLAS=off' };
  }
  let plan = inheritedPlan(env);
  if (!plan) {
    const candidates = env.BR_BLAS_LIB ? [env.BR_BLAS_LIB] : openblasNames;
    plan = planCore(env, deps.cpuFlags(), () => {
      for (const library of candidates) {
        const pick = deps.probe(library, env);
        if (pick !== undefined) return pick;
      }
      return undefined;
    });
    if (plan.source === 'chosen') {
      env.OPENBLAS_CORETYPE = plan.coretype;
      env[planVariable] = JSON.stringify(plan);
    }
  }
  if (options.load === false) {
    const planned = plannedCore(plan);
    return { state: 'planned', plan, ...(planned ? { line: `OpenBLAS ${planned}` } : {}) };
  }

  const loaded = deps.load(env);
  if (!loaded.blas) return { state: 'none', plan, reason: loaded.reason };
  const { library, description, sgemm } = loaded.blas;
  const name = deps.coreName(loaded.blas);
  const core = name === undefined ? undefined : coreInUse(plan, name, description.includes('DYNAMIC_ARCH'));
  const check = deps.check(sgemm);
  // Throws when the products are wrong under an explicit OPENBLAS_CORETYPE.
  const verdict = checkVerdict(library, plan, core, check);
  if (!verdict.ok) {
    env.BR_BLAS = 'off';
    env[refusedVariable] = verdict.reason;
    return {
      state: 'refused',
      plan,
      library,
      ...(core ? { core } : {}),
      check,
      reason: verdict.reason,
      line: `BLAS not used: ${verdict.reason}`,
    };
  }
  const what = core ? `OpenBLAS ${describeCore(core)}` : library;
  return {
    state: 'ok',
    plan,
    library,
    ...(core ? { core } : {}),
    check,
    line: `${what}; its products pass the float64 check`,
  };
}
