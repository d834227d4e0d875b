import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph.ts';
import { encodeModel } from '../onnx/encode.ts';
import { PARITY_TOLERANCE, checkParity } from './parity.ts';

/** y = x, run for real in onnxruntime-web: what the runtime computes is exactly the input. */
const identity = () => {
  const g = new GraphBuilder('identity');
  g.output(g.node('Identity', [g.input('x', ['batch', 2])]), ['batch', 2], 'y');
  return encodeModel(g.build());
};
const feeds = (values: number[]) => ({ x: { data: Float32Array.from(values), dims: [values.length / 2, 2] } });

describe('checkParity', () => {
  it('passes a model that computes what TensorFlow.js did, and returns the difference', async () => {
    const x = [0.5, -1, 2, 3];
    expect(await checkParity('m', identity(), feeds(x), { y: { values: Float32Array.from(x) } })).toBe(0);
  });

  it('fails a difference of the tolerance or more, naming the model', async () => {
    const x = [0.5, -1, 2, 3];
    const off = Float32Array.from(x, (v, i) => (i === 2 ? v + 2 * PARITY_TOLERANCE : v));
    await expect(checkParity('decoder', identity(), feeds(x), { y: { values: off } })).rejects.toThrow(
      /decoder: onnxruntime-web differs from TensorFlow.js by 0\.0002/,
    );
  });

  it('compares a large sum relative to its size only when asked', async () => {
    // log q of order 1000: float32 rounding alone moves it by ~1e-4 absolute.
    const x = [1000, -1200, 900, 1100];
    const expected = Float32Array.from(x, (v) => v + 0.05);
    await expect(checkParity('m', identity(), feeds(x), { y: { values: expected } })).rejects.toThrow(/differs/);
    const relative = await checkParity('m', identity(), feeds(x), { y: { values: expected, relative: true } });
    expect(relative).toBeCloseTo(0.05 / 1200, 6);
  });

  it('fails a NaN and a missing output', async () => {
    await expect(
      checkParity('m', identity(), feeds([NaN, 0]), { y: { values: Float32Array.of(0, 0) } }),
    ).rejects.toThrow(/differs .* by NaN/);
    await expect(checkParity('m', identity(), feeds([0, 0]), { z: { values: Float32Array.of(0, 0) } })).rejects.toThrow(
      /has no output "z"/,
    );
  });
});
