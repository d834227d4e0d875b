import { describe, it, expect } from 'vitest';
import { GraphBuilder, add, dense } from './graph.ts';
import { batchedRun, createSession, maxAbsDiff, runModel, withSession } from './run.ts';
import { encodeModel } from './encode.ts';

/** mulberry32: a small seeded generator of uniforms in [0, 1), so that the weights are the same every run. */
function uniforms(seed: number, n: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (2 * (((t ^ (t >>> 14)) >>> 0) / 4294967296) - 1) * scale;
  }
  return out;
}

interface Layer {
  weight: { data: Float32Array; dims: readonly [number, number] };
  bias: { data: Float32Array; dims: readonly [number] };
  activation: (v: number) => number;
}

/** Reference forward pass: x [batch, in] row-major through y = f(x W + b), in float64. */
function forward(layers: readonly Layer[], x: Float32Array, batch: number): Float32Array {
  let h: ArrayLike<number> = x;
  for (const { weight, bias, activation } of layers) {
    const [inputs, outputs] = weight.dims;
    const y = new Float64Array(batch * outputs);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < outputs; j++) {
        let sum = bias.data[j]!;
        for (let i = 0; i < inputs; i++) sum += h[b * inputs + i]! * weight.data[i * outputs + j]!;
        y[b * outputs + j] = activation(sum);
      }
    }
    h = y;
  }
  return Float32Array.from(h);
}

function layer(seed: number, inputs: number, outputs: number, activation: (v: number) => number): Layer {
  const limit = Math.sqrt(6 / (inputs + outputs));
  return {
    weight: { data: uniforms(seed, inputs * outputs, limit), dims: [inputs, outputs] },
    bias: { data: uniforms(seed + 1, outputs, 0.1), dims: [outputs] },
    activation,
  };
}

describe('onnxruntime-web runs the models the builder writes', () => {
  it('a 784→16→784 MLP matches a plain-JS forward pass, for batch 1 and 7', async () => {
    const layers = [layer(1, 784, 16, Math.tanh), layer(2, 16, 784, (v) => 1 / (1 + Math.exp(-v)))];
    const g = new GraphBuilder('mlp');
    const x = g.input('x', ['batch', 784]);
    const h = dense(g, x, layers[0]!.weight, layers[0]!.bias, 'tanh', 'hidden');
    g.output(dense(g, h, layers[1]!.weight, layers[1]!.bias, 'sigmoid', 'out'), ['batch', 784], 'probabilities');

    await withSession(encodeModel(g.build()), async (session) => {
      expect(session.inputNames).toEqual(['x']);
      expect(session.outputNames).toEqual(['probabilities']);
      for (const batch of [1, 7]) {
        const input = uniforms(100 + batch, batch * 784).map((v) => (v + 1) / 2);
        const { probabilities } = await runModel(session, { x: { data: input, dims: [batch, 784] } });
        expect(probabilities!.dims).toEqual([batch, 784]);
        expect(maxAbsDiff(probabilities!.data, forward(layers, input, batch))).toBeLessThan(1e-5);
      }
      await expect(runModel(session, { x: { data: new Float32Array(10), dims: [1, 784] } })).rejects.toThrow(
        /input "x" has 10 values, but dims \[1, 784\] hold 784/,
      );
    });
  });

  it('a Loop whose body (a GRAPH attribute) reads a value of the outer graph', async () => {
    const g = new GraphBuilder('loop');
    const start = g.input('start', [2]);
    const step = g.initializer('step', new Float32Array([0.5, -1]), [2]);
    const trips = g.initializer('trips', new BigInt64Array([3n]), []);
    const always = g.initializer('always', new Uint8Array([1]), []);

    const body = new GraphBuilder('loop_body', { parent: g });
    body.input('iteration', [], 'int64');
    const cond = body.input('cond_in', [], 'bool');
    const acc = body.input('acc_in', [2]);
    body.output(cond, [], 'cond_out', 'bool');
    body.output(add(body, acc, step), [2], 'acc_out');

    const [total] = g.node('Loop', [trips, always, start], { body }, { outputs: 1 });
    g.output(total!, [2], 'total');

    const session = await createSession(encodeModel(g.build()));
    try {
      const { total: result } = await runModel(session, { start: { data: new Float32Array([1, 2]), dims: [2] } });
      expect(Array.from(result!.data)).toEqual([2.5, -1]);
    } finally {
      await session.release();
    }
  });
});

describe('batchedRun', () => {
  it('splits every input along its first axis and joins the outputs in order', async () => {
    // y = x + w row by row, s = the row sums of y: outputs of different widths.
    const g = new GraphBuilder('rows');
    const y = add(g, g.input('x', ['batch', 3]), g.input('w', ['batch', 3]));
    const axis = g.initializer('axis', BigInt64Array.of(1n), [1]);
    g.output(y, ['batch', 3], 'y');
    g.output(g.node('ReduceSum', [y, axis], { keepdims: 0 }), ['batch'], 's');
    await withSession(encodeModel(g.build()), async (session) => {
      const rows = 11;
      const x = uniforms(1, rows * 3);
      const w = uniforms(2, rows * 3);
      const feeds = { x: { data: x, dims: [rows, 3] }, w: { data: w, dims: [rows, 3] } };
      const whole = await runModel(session, feeds);
      for (const batch of [1, 4, 11, 64]) {
        const joined = await batchedRun(session, batch)(feeds);
        expect(joined.y!.dims).toEqual([rows, 3]);
        expect(Array.from(joined.y!.data)).toEqual(Array.from(whole.y!.data));
        expect(Array.from(joined.s!.data)).toEqual(Array.from(whole.s!.data));
      }
      await expect(
        batchedRun(session, 4)({ x: feeds.x, w: { data: w.subarray(0, 30), dims: [10, 3] } }),
      ).rejects.toThrow(/input "w" has 10 rows, the first has 11/);
    });
  });
});

describe('maxAbsDiff', () => {
  it('is the largest difference, NaN when one is NaN, and throws on a length mismatch', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff([1, NaN], [1, 2])).toBeNaN();
    expect(() => maxAbsDiff([1], [1, 2])).toThrow(/lengths differ \(1 and 2\)/);
  });
});
