/**
 * The ONNX contract of an order-agnostic MADE: images x [batch, D] and the masks of one ordering
 * and connectivity (core/made/masks) → the logits of each pixel's conditional, [batch, D]. The
 * masks are inputs, so that the page can evaluate the trained weights under an ordering it makes
 * itself (a completion puts the known pixels first).
 */
import type { Feeds, Outputs } from '../models/contracts.ts';
import type { MaskSet } from './masks.ts';

const names = {
  inputs: { x: 'x', direct: 'mask_direct', output: 'mask_output', hidden: (layer: number) => `mask_hidden_${layer}` },
  outputs: { logits: 'logits' },
} as const;

export const madeConditionals = {
  graph: 'made_conditionals',
  ...names,
  /** Feeds for n images (n × D values in `x`) under `masks`; `widths` are the hidden layers'. */
  feeds(x: Float32Array, masks: MaskSet, dim: number, widths: readonly number[]): Feeds {
    if (masks.hidden.length !== widths.length) {
      throw new Error(`MADE feeds: ${masks.hidden.length} hidden masks for ${widths.length} hidden layers`);
    }
    const feeds: Feeds = {
      [names.inputs.x]: { data: x, dims: [x.length / dim, dim] },
      [names.inputs.direct]: { data: masks.direct, dims: [dim, dim] },
      [names.inputs.output]: { data: masks.output, dims: [widths[widths.length - 1]!, dim] },
    };
    masks.hidden.forEach((m, i) => {
      feeds[names.inputs.hidden(i)] = { data: m, dims: [i === 0 ? dim : widths[i - 1]!, widths[i]!] };
    });
    return feeds;
  },
  logits(outputs: Outputs): Float32Array {
    const value = outputs[names.outputs.logits];
    if (!value) throw new Error(`The MADE model gave no output "${names.outputs.logits}"; is it the right file?`);
    return value.data;
  },
} as const;
