import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from './blas-check.ts';
import { type Env, planCore, probeLibraryCore, readCpuFlags } from './blas-core.ts';
import { type SetupDeps, planVariable, refusedVariable, setupBlas } from './blas-setup.ts';
import { type Blas, loadBlas } from './blas.ts';

const avx512 = new Set(['sse2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl']);
const wrong: CheckResult = {
  ok: false,
  detail: 'A·B at 37×71×53: C[0][0] = 1, expected 0.5 (1 of 2627 elements wrong)',
};

/**
 * A machine without the library: a DYNAMIC_ARCH OpenBLAS that picks `pick` by itself and, like the
 * real one, reads OPENBLAS_CORETYPE from the environment when it is loaded. Records what was called.
 */
function machine(options: { pick?: string; check?: CheckResult; flags?: ReadonlySet<string> } = {}) {
  const calls = { probe: 0, load: 0, check: 0 };
  let loadedCore: string | undefined;
  const blas: Blas = {
    library: 'libopenblas.so.0',
    description: 'OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64',
    threads: 1,
    sgemm: () => {},
  };
  const deps: SetupDeps = {
    cpuFlags: () => options.flags ?? avx512,
    probe: () => {
      calls.probe++;
      return options.pick ?? 'Prescott';
    },
    load: (env) => {
      calls.load++;
      loadedCore = env.OPENBLAS_CORETYPE ?? options.pick ?? 'Prescott';
      return { blas };
    },
    coreName: () => loadedCore,
    check: () => {
      calls.check++;
      return options.check ?? { ok: true };
    },
  };
  return { deps, calls };
}

describe('setting up BLAS before the library loads', () => {
  it("chooses the CPU flags' core over a weaker pick of the library, and leaves it for child processes", () => {
    const env: Env = {};
    const { deps, calls } = machine();
    const setup = setupBlas(env, { deps });
    expect(setup).toMatchObject({
      state: 'ok',
      library: 'libopenblas.so.0',
      core: { name: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott' },
      check: { ok: true },
      line: "OpenBLAS core SkylakeX (chosen from the CPU flags; the library's own: Prescott); its products pass the float64 check",
    });
    expect(env.OPENBLAS_CORETYPE).toBe('SkylakeX');
    expect(calls).toEqual({ probe: 1, load: 1, check: 1 });

    // A child process inherits the choice: no probe, and the core is still "chosen", not explicit.
    const child = machine();
    expect(setupBlas({ ...env }, { deps: child.deps }).core).toEqual({
      name: 'SkylakeX',
      source: 'chosen',
      libraryPick: 'Prescott',
    });
    expect(child.calls.probe).toBe(0);
    // …unless OPENBLAS_CORETYPE was changed since: then it is the environment's.
    expect(setupBlas({ ...env, OPENBLAS_CORETYPE: 'Haswell' }, { deps: machine().deps }).core).toEqual({
      name: 'Haswell',
      source: 'environment',
    });
  });

  it("keeps the library's pick when it is as good, or when BR_BLAS_CORE=library", () => {
    const env: Env = {};
    expect(setupBlas(env, { deps: machine({ pick: 'SkylakeX' }).deps }).core).toEqual({
      name: 'SkylakeX',
      source: 'library',
    });
    expect(env).toEqual({});

    const library: Env = { BR_BLAS_CORE: 'library' };
    const { deps, calls } = machine();
    expect(setupBlas(library, { deps })).toMatchObject({
      state: 'ok',
      core: {
        name: 'Prescott',
        source: 'library',
        note: 'this CPU can run SkylakeX (OPENBLAS_CORETYPE=SkylakeX), faster than Prescott',
      },
    });
    expect(calls.probe).toBe(0);
    expect(library).toEqual({ BR_BLAS_CORE: 'library' });
  });

  it('uses an explicit OPENBLAS_CORETYPE as it is, and refuses one the CPU cannot run', () => {
    const env: Env = { OPENBLAS_CORETYPE: 'Haswell' };
    const { deps, calls } = machine();
    expect(setupBlas(env, { deps }).line).toBe(
      'OpenBLAS core Haswell (from OPENBLAS_CORETYPE); its products pass the float64 check',
    );
    expect(calls.probe).toBe(0);
    expect(env).toEqual({ OPENBLAS_CORETYPE: 'Haswell' });
    expect(() =>
      setupBlas({ OPENBLAS_CORETYPE: 'SkylakeX' }, { deps: machine({ flags: new Set(['avx', 'avx2', 'fma']) }).deps }),
    ).toThrow('OPENBLAS_CORETYPE=SkylakeX needs CPU instructions this machine lacks');
    expect(() => setupBlas({ BR_BLAS_CORE: 'fast' }, { deps: machine().deps })).toThrow(
      'BR_BLAS_CORE must be auto or library, got fast',
    );
  });

  it('switches BLAS off when its products are wrong, says why, and child processes say it too', () => {
    const env: Env = {};
    const setup = setupBlas(env, { deps: machine({ check: wrong }).deps });
    expect(setup.state).toBe('refused');
    expect(setup.line).toBe(
      "BLAS not used: libopenblas.so.0 with core SkylakeX (chosen from the CPU flags; the library's own: Prescott) computes wrong matrix products (A·B at 37×71×53: C[0][0] = 1, expected 0.5 (1 of 2627 elements wrong)): using the stock wasm kernel; BR_BLAS_CORE=library keeps the library's own core (Prescott)",
    );
    expect(env.BR_BLAS).toBe('off');
    expect(env[refusedVariable]).toBe(setup.reason);
    // The next process (BR_BLAS=off inherited) loads nothing, and repeats the reason.
    const child = machine();
    expect(setupBlas({ ...env }, { deps: child.deps })).toEqual({
      state: 'off',
      reason: setup.reason,
      line: setup.line,
    });
    expect(child.calls).toEqual({ probe: 0, load: 0, check: 0 });
  });

  it('stops with an error naming an explicit OPENBLAS_CORETYPE whose products are wrong', () => {
    const env: Env = { OPENBLAS_CORETYPE: 'Haswell' };
    expect(() => setupBlas(env, { deps: machine({ check: wrong }).deps })).toThrow(
      /^OPENBLAS_CORETYPE=Haswell: libopenblas\.so\.0 with core Haswell \(from OPENBLAS_CORETYPE\) computes wrong matrix products .*Unset OPENBLAS_CORETYPE or choose another core\.$/,
    );
    expect(env.BR_BLAS).toBeUndefined();
  });

  it('does nothing with BR_BLAS=off; only plans with load: false; reports a missing or other library', () => {
    const off = machine();
    expect(setupBlas({ BR_BLAS: 'off' }, { deps: off.deps })).toEqual({ state: 'off', reason: 'BR_BLAS=off' });
    expect(off.calls).toEqual({ probe: 0, load: 0, check: 0 });

    const parent = machine();
    const env: Env = {};
    expect(setupBlas(env, { load: false, deps: parent.deps })).toMatchObject({
      state: 'planned',
      plan: { coretype: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott' },
      line: "OpenBLAS core SkylakeX (chosen from the CPU flags; the library's own: Prescott)",
    });
    expect(parent.calls).toEqual({ probe: 1, load: 0, check: 0 });
    expect(JSON.parse(env[planVariable]!)).toMatchObject({ coretype: 'SkylakeX', source: 'chosen' });
    // Nothing known about a core (not Linux x86-64, or no OpenBLAS to probe): no line.
    expect(setupBlas({}, { load: false, deps: { ...machine().deps, cpuFlags: () => undefined } }).line).toBeUndefined();

    const none = machine();
    expect(
      setupBlas({}, { deps: { ...none.deps, load: () => ({ blas: undefined, reason: 'no BLAS library found' }) } }),
    ).toMatchObject({ state: 'none', reason: 'no BLAS library found' });
    expect(none.calls.check).toBe(0);

    const accelerate = machine();
    expect(
      setupBlas({}, { deps: { ...accelerate.deps, cpuFlags: () => undefined, coreName: () => undefined } }).line,
    ).toBe('libopenblas.so.0; its products pass the float64 check');
  });
});

// CI installs OpenBLAS and sets BR_REQUIRE_BLAS, so these cannot be skipped silently there.
const available = loadBlas({}).blas !== undefined;
const required = process.env.BR_REQUIRE_BLAS === '1';
const libraryPick = available ? probeLibraryCore('libopenblas.so.0') : undefined;
const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** The smoke training of vae-z32 in a fresh process, as `npm run train` runs it: its log. */
function trainSmoke(out: string, env: Env): string {
  // Nothing of this process's own core settings leaks in; undefined drops a variable from a child's environment.
  const clean = {
    OPENBLAS_CORETYPE: undefined,
    BR_BLAS: undefined,
    [planVariable]: undefined,
    [refusedVariable]: undefined,
  };
  const childEnv: Env = { ...process.env, ...clean, CI: 'true', ...env };
  const result = spawnSync(process.execPath, [cli, 'vae-z32', '--profile', 'smoke', '--out', out], {
    env: childEnv,
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`npm run train failed: ${output}`);
  return output;
}

describe('an OpenBLAS with its own pick of core', () => {
  it('is found when required', () => {
    if (required) expect(libraryPick, 'a DYNAMIC_ARCH libopenblas.so.0 (apt install libopenblas0)').toBeDefined();
  });
});

describe.skipIf(libraryPick === undefined)(
  libraryPick === undefined
    ? "the core of npm run train's process: skipped, no DYNAMIC_ARCH OpenBLAS here"
    : `the core of npm run train's process (the library's own: ${libraryPick})`,
  () => {
    it(
      "is the planned one, in the log and in the library's own description (what artifacts record)",
      { timeout: 120_000 },
      () => {
        const out = mkdtempSync(join(tmpdir(), 'br-blas-setup-'));
        const again = mkdtempSync(join(tmpdir(), 'br-blas-setup-'));
        try {
          const plan = planCore({}, readCpuFlags(), () => libraryPick);
          const expected = plan.coretype ?? libraryPick!;
          const log = trainSmoke(out, {});
          // openblas_get_config() names the core in use: that is what every artifact records.
          expect(log).toMatch(new RegExp(`^BLAS for matrix products: OpenBLAS .*DYNAMIC_ARCH.* ${expected} `, 'm'));
          expect(log).toMatch(
            plan.source === 'chosen'
              ? `\nOpenBLAS core ${expected} (chosen from the CPU flags; the library's own: ${libraryPick}); its products pass the float64 check\n`
              : `\nOpenBLAS core ${expected} (the library's own choice`,
          );
          // BR_BLAS_CORE=library: the library's own pick. A second output folder, since a run with
          // nothing pending sets up no backend (and so no BLAS) at all.
          const own = trainSmoke(again, { BR_BLAS_CORE: 'library' });
          expect(own).toMatch(`\nOpenBLAS core ${libraryPick} (the library's own choice`);
          expect(own).toMatch('vae-z32 (smoke): done in');
          // Rerun with everything fresh: it says so and loads nothing.
          const fresh = trainSmoke(again, {});
          expect(fresh).toMatch('vae-z32 (smoke): fresh');
          expect(fresh).not.toMatch('OpenBLAS core');
        } finally {
          rmSync(out, { recursive: true, force: true });
          rmSync(again, { recursive: true, force: true });
        }
      },
    );
  },
);
