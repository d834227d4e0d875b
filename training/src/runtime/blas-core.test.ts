import { describe, expect, it } from 'vitest';
import {
  coreForFlags,
  coreInUse,
  coreRank,
  describeCore,
  missingFlags,
  parseCpuFlags,
  planCore,
  probeLibraryCore,
  readCpuFlags,
} from './blas-core.ts';

const base = 'fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt'.split(' ');
const avx = [...base, 'avx'];
const avx2 = [...avx, 'avx2', 'fma', 'bmi1', 'bmi2'];
const avx512 = [...avx2, 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

/** CPUs as /proc/cpuinfo lists them (the relevant flags). */
const cpus: [string, string[], string | undefined][] = [
  // The Xeon of the issue (family 6 model 207, Emerald Rapids): 0.3.21 picks Prescott.
  [
    'Xeon with AVX-512 and AMX',
    [...avx512, 'avx512_bf16', 'avx512_vnni', 'avx512_fp16', 'amx_bf16', 'amx_tile', 'amx_int8'],
    'SkylakeX',
  ],
  ['Skylake-SP / Cascade Lake', [...avx512, 'avx512_vnni'], 'SkylakeX'],
  ['Zen 4 / Zen 5', [...avx512, 'avx512_bf16', 'avx512_vnni'], 'SkylakeX'],
  ['Zen 2 / Zen 3', avx2, 'Haswell'],
  ['Haswell … Alder Lake (AVX-512 off)', avx2, 'Haswell'],
  // Knights Landing has AVX-512F but not BW/DQ/VL, which the SkylakeX kernels use.
  ['Knights Landing', [...avx2, 'avx512f', 'avx512cd', 'avx512er', 'avx512pf'], 'Haswell'],
  ['AVX2 without FMA', [...avx, 'avx2'], 'Sandybridge'],
  ['Sandy Bridge / Ivy Bridge', [...avx, 'f16c'], 'Sandybridge'],
  ['Nehalem', base, undefined],
  ['no flags', [], undefined],
];

describe('the core for a CPU', () => {
  it.each(cpus)('%s → %s', (_, flags, core) => {
    expect(coreForFlags(flags)).toBe(core);
    if (core) expect(missingFlags(core, flags)).toEqual([]);
  });

  it('names what a core needs that the CPU lacks', () => {
    expect(missingFlags('SkylakeX', avx2)).toEqual(['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl']);
    expect(missingFlags('haswell', avx)).toEqual(['avx2', 'fma']);
    expect(missingFlags('Zen', base)).toEqual([]); // not one this module chooses: not judged
  });

  it('reads the flags of /proc/cpuinfo', () => {
    const cpuinfo = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 avx2 fma\nbugs\t\t: spectre_v1\n';
    expect(parseCpuFlags(cpuinfo)).toEqual(new Set(['fpu', 'sse2', 'avx2', 'fma']));
    expect(parseCpuFlags('processor : 0\n')).toBeUndefined();
    if (process.platform === 'linux' && process.arch === 'x64') expect(readCpuFlags()?.has('sse2')).toBe(true);
  });

  it('ranks cores by their instructions, whatever their case', () => {
    expect(coreRank('Prescott')).toBeLessThan(coreRank('Sandybridge')!);
    expect(coreRank('SANDYBRIDGE')).toBeLessThan(coreRank('Haswell')!);
    expect(coreRank('Zen')).toBe(coreRank('Haswell'));
    expect(coreRank('Cooperlake')).toBe(coreRank('SkylakeX'));
    expect(coreRank('Haswell')).toBeLessThan(coreRank('skylakex')!);
    expect(coreRank('SapphireRapids')).toBeGreaterThan(coreRank('SkylakeX')!);
    expect(coreRank('Neoversen1')).toBeUndefined();
  });
});

describe('planning the core before the library loads', () => {
  const flags = new Set(avx512);
  const never = () => {
    throw new Error('the library was asked');
  };

  it.each([
    ['Prescott', { coretype: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott' }],
    ['Haswell', { coretype: 'SkylakeX', source: 'chosen', libraryPick: 'Haswell' }],
    ['Zen', { coretype: 'SkylakeX', source: 'chosen', libraryPick: 'Zen' }],
    ['SkylakeX', { source: 'library', libraryPick: 'SkylakeX' }],
    ['Cooperlake', { source: 'library', libraryPick: 'Cooperlake' }],
    // A newer OpenBLAS's core, unknown here: not overridden.
    ['SapphireRapids', { source: 'library', libraryPick: 'SapphireRapids' }],
    ['Armv8', { source: 'library', libraryPick: 'Armv8' }],
    [undefined, { source: 'library' }],
  ])('overrides the library only when its own pick (%s) is weaker', (pick, plan) => {
    expect(planCore({}, flags, () => pick)).toEqual({ ...plan, best: 'SkylakeX' });
  });

  it('keeps an equal pick of another name (Zen on a Zen 3)', () => {
    expect(planCore({}, new Set(avx2), () => 'Zen')).toEqual({
      source: 'library',
      libraryPick: 'Zen',
      best: 'Haswell',
    });
  });

  it('leaves CPUs below AVX, and other platforms, to the library without asking it', () => {
    expect(planCore({}, new Set(base), never)).toEqual({ source: 'library' });
    expect(planCore({}, undefined, never)).toEqual({ source: 'library' });
  });

  it('uses OPENBLAS_CORETYPE as it is, and BR_BLAS_CORE=library keeps the library pick', () => {
    expect(planCore({ OPENBLAS_CORETYPE: 'haswell' }, flags, never)).toEqual({
      coretype: 'haswell',
      source: 'environment',
      best: 'SkylakeX',
    });
    expect(planCore({ OPENBLAS_CORETYPE: 'Prescott', BR_BLAS_CORE: 'library' }, flags, never).source).toBe(
      'environment',
    );
    expect(planCore({ BR_BLAS_CORE: 'library' }, flags, never)).toEqual({ source: 'library', best: 'SkylakeX' });
    expect(planCore({ BR_BLAS_CORE: 'auto' }, flags, () => 'Prescott').coretype).toBe('SkylakeX');
  });

  it('refuses an OPENBLAS_CORETYPE the CPU cannot run, and an unknown BR_BLAS_CORE', () => {
    expect(() => planCore({ OPENBLAS_CORETYPE: 'SkylakeX' }, new Set(avx2), never)).toThrow(
      'OPENBLAS_CORETYPE=SkylakeX needs CPU instructions this machine lacks (avx512f, avx512cd, avx512bw, avx512dq, avx512vl); its best core is Haswell',
    );
    expect(() => planCore({ BR_BLAS_CORE: 'SkylakeX' }, flags, never)).toThrow(
      'BR_BLAS_CORE must be auto or library, got SkylakeX',
    );
  });
});

describe('the core in use', () => {
  it('records who chose it and what the library would have run', () => {
    const chosen = coreInUse(
      { coretype: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott', best: 'SkylakeX' },
      'SkylakeX',
    );
    expect(chosen).toEqual({ name: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott' });
    expect(describeCore(chosen)).toBe("core SkylakeX (chosen from the CPU flags; the library's own: Prescott)");

    const own = coreInUse({ source: 'library', libraryPick: 'SkylakeX', best: 'SkylakeX' }, 'SkylakeX');
    expect(describeCore(own)).toBe("core SkylakeX (the library's own choice)");

    const env = coreInUse({ coretype: 'haswell', source: 'environment', best: 'SkylakeX' }, 'Haswell');
    expect(describeCore(env)).toBe('core Haswell (from OPENBLAS_CORETYPE)');
  });

  it('says when a faster core was left unused, or an asked-for one did not take', () => {
    const left = coreInUse({ source: 'library', best: 'SkylakeX' }, 'Prescott');
    expect(describeCore(left)).toBe(
      "core Prescott (the library's own choice; this CPU can run SkylakeX (OPENBLAS_CORETYPE=SkylakeX), faster than Prescott)",
    );
    // A build for one CPU (no DYNAMIC_ARCH) cannot change its core: no advice.
    expect(coreInUse({ source: 'library', best: 'SkylakeX' }, 'Haswell', false)).toEqual({
      name: 'Haswell',
      source: 'library',
    });
    // 0.3.21 does not accept the name Cooperlake and detects the core again: here, Cooperlake.
    const typo = coreInUse({ coretype: 'SkylakeXX', source: 'environment' }, 'Cooperlake');
    expect(typo.note).toBe('OPENBLAS_CORETYPE=SkylakeXX was asked for, the library runs Cooperlake');
  });
});

// What the installed OpenBLAS picks by itself, through a child process: a known core name.
const probed = probeLibraryCore('libopenblas.so.0');
describe.skipIf(probed === undefined)('the library on this machine', () => {
  it(`picks a core of its own (${probed})`, () => {
    expect(coreRank(probed!)).toBeDefined();
    // The pick does not depend on OPENBLAS_CORETYPE in this process.
    expect(probeLibraryCore('libopenblas.so.0', { ...process.env, OPENBLAS_CORETYPE: 'Prescott' })).toBe(probed);
  });
});
