/** Every experiment, by name. */
import type { Experiment } from './types.ts';
import { vaeZ2, vaeZ32, type VaeExperimentConfig } from './vae.ts';
import { testDigits, type TestDigitsConfig } from './test-digits.ts';
import { iafExperiments, type IafExperimentConfig, type IafPosteriorsConfig, type IafSummaryConfig } from './iaf.ts';

/** The config types of all experiments; extend the union when adding one. */
export type AnyExperiment =
  | Experiment<VaeExperimentConfig>
  | Experiment<TestDigitsConfig>
  | Experiment<IafExperimentConfig>
  | Experiment<IafSummaryConfig>
  | Experiment<IafPosteriorsConfig>;

export const experiments: readonly AnyExperiment[] = [vaeZ32, vaeZ2, testDigits, ...iafExperiments];

export function findExperiment(name: string): AnyExperiment {
  const found = experiments.find((e) => e.name === name);
  if (!found)
    throw new Error(`Unknown experiment "${name}": choose from ${experiments.map((e) => e.name).join(', ')}.`);
  return found;
}
