import { describe, expect, it } from 'vitest';
import { type Sgemm, checkSgemm, checkShapes, checkVerdict } from './blas-check.ts';
import type { BlasCore } from './blas-core.ts';

/**
 * A plain row-major sgemm in float32 (every product and sum rounded to float32, as a BLAS kernel
 * does), with hooks to break it the way a wrong kernel would.
 */
function jsSgemm(
  options: {
    /** Round the operands to bfloat16 (8 bits of mantissa) first. */
    bf16?: boolean;
    /** Skip the last column of C when n is odd: a tail the kernel forgot. */
    dropOddTail?: boolean;
    /** Ignore transB. */
    ignoreTransB?: boolean;
    /** Leave C as it was when A is transposed. */
    skipTransA?: boolean;
    /** Sum in the opposite order (legitimately different rounding). */
    reverse?: boolean;
  } = {},
): Sgemm {
  const f = Math.fround;
  const bf16 = (x: number) => {
    const bits = new Uint32Array(new Float32Array([x]).buffer)[0]!;
    return new Float32Array(new Uint32Array([(bits + 0x8000) & 0xffff0000]).buffer)[0]!;
  };
  const round = options.bf16 ? bf16 : f;
  return (transA, transB, m, n, k, a, lda, b, ldb, c, ldc) => {
    if (options.skipTransA && transA) return;
    const tb = transB && !options.ignoreTransB;
    const cols = options.dropOddTail && n % 2 === 1 ? n - 1 : n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) {
          const p = options.reverse ? k - 1 - q : q;
          const x = round(transA ? a[p * lda + i]! : a[i * lda + p]!);
          const y = round(tb ? b[j * ldb + p]! : b[p * ldb + j]!);
          sum = f(sum + f(x * y));
        }
        c[i * ldc + j] = sum;
      }
    }
  };
}

describe('the start-up check of sgemm', () => {
  it('accepts a correct float32 product, in any summation order', () => {
    expect(checkSgemm(jsSgemm())).toEqual({ ok: true });
    expect(checkSgemm(jsSgemm({ reverse: true }))).toEqual({ ok: true });
  });

  it.each([
    [
      'computes in bfloat16',
      { bf16: true },
      /^A·B at 37×71×53: C\[\d+\]\[\d+\] = .*, expected .* \(\d+ of 2627 elements wrong\)$/,
    ],
    [
      'forgets a tail column',
      { dropOddTail: true },
      /^A·B at 37×71×53: C\[\d+\]\[70\] = NaN, expected .* \(37 of 2627 elements wrong\)$/,
    ],
    ['ignores a transposition', { ignoreTransB: true }, /^A·Bᵀ at 37×71×53: /],
    [
      'leaves C unwritten',
      { skipTransA: true },
      /^Aᵀ·B at 37×71×53: C\[\d+\]\[\d+\] = NaN, .*\(2627 of 2627 elements wrong\)$/,
    ],
  ])('refuses a kernel that %s', (_, options, detail) => {
    const result = checkSgemm(jsSgemm(options));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('refuses a kernel wrong only past one block of k', () => {
    const right = jsSgemm();
    // Loses the second block of k (beyond 448) in A·B: the operands' first 448 columns/rows only.
    const wrongLongK: Sgemm = (transA, transB, m, n, k, a, lda, b, ldb, c, ldc) =>
      right(transA, transB, m, n, !transA && !transB ? Math.min(k, 448) : k, a, lda, b, ldb, c, ldc);
    expect(checkSgemm(wrongLongK)).toMatchObject({ ok: false, detail: expect.stringMatching(/^A·B at 23×157×581: /) });
    expect(checkShapes.some(([m, n, k]) => k > 448 && m * n * k > 2 ** 21 && n % 2 === 1)).toBe(true);
  });
});

describe('what a failed check does', () => {
  const wrong = { ok: false, detail: 'A·B at 37×71×53: C[0][70] = NaN, expected 1.25' } as const;
  const chosen: BlasCore = { name: 'SkylakeX', source: 'chosen', libraryPick: 'Prescott' };

  it('passes a good result through', () => {
    expect(checkVerdict('libopenblas.so.0', { source: 'library' }, chosen, { ok: true })).toEqual({ ok: true });
  });

  it('refuses a chosen core: the stock wasm kernel, and how to keep the library’s own', () => {
    expect(checkVerdict('libopenblas.so.0', { coretype: 'SkylakeX', source: 'chosen' }, chosen, wrong)).toEqual({
      ok: false,
      reason:
        "libopenblas.so.0 with core SkylakeX (chosen from the CPU flags; the library's own: Prescott) computes wrong " +
        'matrix products (A·B at 37×71×53: C[0][70] = NaN, expected 1.25): using the stock wasm kernel; ' +
        "BR_BLAS_CORE=library keeps the library's own core (Prescott)",
    });
  });

  it("refuses the library's own core, and a library without cores (Accelerate)", () => {
    const own: BlasCore = { name: 'Haswell', source: 'library' };
    expect(checkVerdict('libopenblas.so.0', { source: 'library' }, own, wrong)).toMatchObject({
      reason: expect.stringMatching(
        /core Haswell .* using the stock wasm kernel; OPENBLAS_CORETYPE=<core> tries another core$/,
      ),
    });
    expect(checkVerdict('Accelerate', { source: 'library' }, undefined, wrong)).toMatchObject({
      reason: expect.stringMatching(/^Accelerate computes wrong matrix products \(.*\): using the stock wasm kernel$/),
    });
  });

  it('is an error that names an explicit OPENBLAS_CORETYPE', () => {
    const env: BlasCore = { name: 'Haswell', source: 'environment' };
    expect(() => checkVerdict('libopenblas.so.0', { coretype: 'haswell', source: 'environment' }, env, wrong)).toThrow(
      /^OPENBLAS_CORETYPE=haswell: libopenblas.so.0 with core Haswell \(from OPENBLAS_CORETYPE\) computes wrong matrix products .*Unset OPENBLAS_CORETYPE or choose another core\.$/,
    );
  });
});
