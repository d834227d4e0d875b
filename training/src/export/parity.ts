/**
 * The check every export passes before its run counts as done: the encoded model, run in
 * onnxruntime-web (the browser's runtime) on the same inputs, agrees with TensorFlow.js.
 */
import type { Feeds } from '@bounded-rationality/core/models/contracts.ts';
import { maxAbsDiff, runModel, withSession } from '../onnx/run.ts';

/** Largest difference tolerated between TensorFlow.js and onnxruntime-web outputs. */
export const PARITY_TOLERANCE = 1e-4;

export interface Expected {
  /** What TensorFlow.js computed. */
  values: Float32Array;
  /**
   * Compare relative to the largest |value| (at least 1): for outputs that are sums of many terms
   * of order 1, such as a log-density, whose float32 rounding grows with their size.
   */
  relative?: boolean;
}

/**
 * Runs `bytes` on `feeds` and compares each named output with `expected`.
 *
 * @returns the largest (absolute or relative) difference.
 * @throws naming the model when an output differs by the tolerance or more, or is missing.
 */
export async function checkParity(
  label: string,
  bytes: Uint8Array,
  feeds: Feeds,
  expected: Record<string, Expected>,
): Promise<number> {
  const outputs = await withSession(bytes, (session) => runModel(session, feeds));
  let worst = 0;
  for (const [name, { values, relative = false }] of Object.entries(expected)) {
    const got = outputs[name];
    if (!got) throw new Error(`${label}: the exported model has no output "${name}".`);
    const scale = relative ? Math.max(1, ...Array.from(values, Math.abs)) : 1;
    const diff = maxAbsDiff(got.data, values) / scale;
    // NaN compares false: a NaN output fails too.
    if (!(diff < PARITY_TOLERANCE)) {
      throw new Error(
        `${label}: onnxruntime-web differs from TensorFlow.js by ${diff} (tolerance ${PARITY_TOLERANCE})`,
      );
    }
    worst = Math.max(worst, diff);
  }
  return worst;
}
