import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend.ts';
import { loadBlas } from './blas.ts';
import { Rng } from './rng.ts';
import { vaeLossCurve } from './loss-curve.ts';

// CI installs OpenBLAS and sets BR_REQUIRE_BLAS, so the fast path cannot be skipped silently there.
const probe = loadBlas({});
const available = probe.blas !== undefined;
const required = process.env.BR_REQUIRE_BLAS === '1';
// Vitest shows only a count of skipped tests: say once why these are.
if ('reason' in probe) console.warn(`blas.test.ts: the BLAS kernel tests are skipped: ${probe.reason}`);

afterAll(() => initBackend('wasm'));

describe('loading BLAS', () => {
  it('is found when required', () => {
    if (required) expect(loadBlas({}).blas?.library).toBeTruthy();
  });

  it('can be switched off, and says why when a library cannot load', () => {
    expect(loadBlas({ BR_BLAS: 'off' })).toEqual({ blas: undefined, reason: 'BR_BLAS=off' });
    const missing = loadBlas({ BR_BLAS_LIB: '/nowhere/libblas.so' });
    expect(missing.blas).toBeUndefined();
    expect('reason' in missing && missing.reason).toMatch(/no BLAS library found \(\/nowhere\/libblas\.so: /);
    expect(loadBlas({ BR_BLAS_THREADS: '0' })).toMatchObject({
      reason: 'BR_BLAS_THREADS must be a positive integer, got 0',
    });
  });
});

describe.skipIf(!available)(`BatchMatMul through BLAS${available ? '' : ' (no BLAS library here)'}`, () => {
  const rng = new Rng(17);
  const random = (shape: number[]) => tf.tensor(rng.normals(shape.reduce((a, b) => a * b, 1)), shape);

  /** a @ b on the stock wasm kernel and on the BLAS kernel. */
  async function both(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean) {
    await initBackend('wasm', undefined, { BR_BLAS: 'off' });
    const stock = tf.matMul(a, b, transposeA, transposeB);
    const expected = { shape: stock.shape, data: stock.dataSync() };
    const info = await initBackend('wasm', undefined, {});
    expect('library' in info.blas).toBe(true);
    const fast = tf.matMul(a, b, transposeA, transposeB);
    const actual = { shape: fast.shape, data: fast.dataSync() };
    tf.dispose([stock, fast]);
    return { expected, actual };
  }

  const cases: [string, number[], number[]][] = [
    ['a plain product', [7, 5], [5, 3]],
    ['one row', [1, 9], [9, 4]],
    ['one column', [6, 8], [8, 1]],
    ['a batch', [3, 4, 6], [3, 6, 2]],
    ['batch 1 against batch N', [1, 4, 6], [5, 6, 3]],
    ['batch N against batch 1', [5, 4, 6], [1, 6, 3]],
    ['rank 4', [2, 3, 4, 5], [2, 3, 5, 2]],
    ['VAE-sized', [100, 500], [500, 784]],
  ];
  for (const [what, shapeA, shapeB] of cases) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`equals the stock kernel for ${what}, transposeA=${ta}, transposeB=${tb}`, async () => {
        // Lay out the operands so that the transposed product has the intended shapes.
        const swap = (s: number[]) => [...s.slice(0, -2), s.at(-1)!, s.at(-2)!];
        const a = random(ta ? swap(shapeA) : shapeA);
        const b = random(tb ? swap(shapeB) : shapeB);
        const { expected, actual } = await both(a, b, ta, tb);
        expect(actual.shape).toEqual(expected.shape);
        // Relative to the size of the result (norm-wise): summation order differs between kernels.
        let worst = 0;
        let scale = 0;
        for (let i = 0; i < expected.data.length; i++) {
          worst = Math.max(worst, Math.abs(actual.data[i]! - expected.data[i]!));
          scale = Math.max(scale, Math.abs(expected.data[i]!));
        }
        expect(worst / scale).toBeLessThan(1e-5);
        tf.dispose([a, b]);
      });
    }
  }

  it("trains a VAE to the same loss curve as TensorFlow.js's own kernels, with BLAS and every fused kernel", async () => {
    const curve = async (env: Record<string, string>) => {
      await initBackend('wasm', undefined, env);
      return vaeLossCurve();
    };
    const stock = await curve({ BR_BLAS: 'off', BR_FUSED: 'off' });
    const fast = await curve({});
    expect(fast[19]).toBeLessThan(fast[0]!);
    fast.forEach((loss, i) => expect(Math.abs(loss - stock[i]!) / Math.abs(stock[i]!)).toBeLessThan(1e-4));
  });
});

beforeAll(() => initBackend('wasm'));
