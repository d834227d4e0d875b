/**
 * The ONNX contract of the robustness post's digit classifiers: an ensemble of M networks in one
 * graph, images x [batch, pixels] → every member's class logits side by side
 * [batch, members · classes]. Logits, not probabilities, so that the page can apply a temperature
 * before the softmax and average members as it chooses (one member alone is the single model).
 */
import type { Feeds, Outputs } from '../models/contracts.ts';

const names = { inputs: { x: 'x' }, outputs: { logits: 'member_logits' } } as const;

export const ensembleClassifier = {
  graph: 'ensemble_classifier',
  ...names,
  feeds(x: Float32Array, pixels: number): Feeds {
    if (x.length % pixels !== 0)
      throw new Error(`The classifier takes rows of ${pixels} pixels, got ${x.length} values`);
    return { [names.inputs.x]: { data: x, dims: [x.length / pixels, pixels] } };
  },
  /**
   * Member m's logits [batch, classes] from the graph's output, copied out of the side-by-side
   * layout.
   */
  memberLogits(outputs: Outputs, members: number, classes: number, member: number): Float32Array {
    const value = outputs[names.outputs.logits];
    if (!value) throw new Error(`The classifier model gave no output "${names.outputs.logits}"; is it the right file?`);
    const width = members * classes;
    if (value.data.length % width !== 0)
      throw new Error(`The classifier gave ${value.data.length} logits, not rows of ${members} × ${classes}`);
    if (!Number.isInteger(member) || member < 0 || member >= members)
      throw new Error(`Member ${member} is not one of the ${members}`);
    const batch = value.data.length / width;
    const out = new Float32Array(batch * classes);
    for (let i = 0; i < batch; i++)
      out.set(value.data.subarray(i * width + member * classes, i * width + (member + 1) * classes), i * classes);
    return out;
  },
} as const;
