/**
 * `made-masks`: not a model. The MADE post's connectivity diagram of one small MADE, drawn from
 * fixed degrees so that every rule shows: 4 inputs in the ordering x₃, x₁, x₄, x₂ (so that the
 * degrees do not follow the index), two hidden layers of 5 units, a hidden unit joined to one of
 * equal degree below (the ≥ rule) and an output not joined to one of equal degree (the > rule),
 * the first output seeing nothing, the last input feeding nothing, and a hidden unit of degree 3
 * in the first layer that feeds no output because the second layer's degrees stop at 2.
 */
import { inputDegrees } from '@bounded-rationality/core/made/masks.ts';
import { madeDiagram } from '../figures/made-diagram.ts';
import type { Experiment } from './types.ts';
import { HOME } from './made-plan.ts';

export interface MadeMasksConfig {
  /** order[k] is the input (0-based index) that comes k-th. */
  order: number[];
  /** Each hidden layer's unit degrees, in [1, D − 1]. */
  hidden: number[][];
}

const example: MadeMasksConfig = {
  order: [2, 0, 3, 1],
  hidden: [
    [2, 3, 1, 2, 1],
    [2, 1, 2, 2, 1],
  ],
};

export const madeMasks: Experiment<MadeMasksConfig> = {
  name: 'made-masks',
  description: 'the MADE post’s connectivity diagram of a small MADE (D = 4, two hidden layers of 5)',
  module: import.meta.url,
  home: HOME,
  profiles: { smoke: example, full: example },
  async run({ config, out }) {
    const svg = madeDiagram(
      { inputs: inputDegrees(config.order), hidden: config.hidden },
      { title: 'The masks of a small MADE as a connectivity diagram' },
    );
    return [await out.write(out.figure('connectivity', 'svg'), svg)];
  },
};
