/**
 * Adam (Kingma & Ba, 2015) as training uses it: TensorFlow.js's AdamOptimizer where the fused
 * kernel is not registered, and the same algorithm in one kernel per parameter where it is
 * (runtime/kernels/adam.ts). Both save and restore their state in TensorFlow.js's layout (the step
 * count, then the first moments, then the second), so a checkpoint from either resumes in either.
 */
import * as tf from '@tensorflow/tfjs';
import { adamKernel, type AdamAttrs } from '../runtime/kernels/adam.ts';
import { hasKernel } from '../runtime/kernels/index.ts';

const beta1 = 0.9;
const beta2 = 0.999;

type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface Moments {
  name: string;
  first: tf.Tensor;
  second: tf.Tensor;
}

export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'Adam';
  }

  private moments: Moments[] = [];
  private readonly epsilon = tf.backend().epsilon();
  private readonly learningRate: number;

  constructor(learningRate: number) {
    super();
    this.learningRate = learningRate;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const attrs: AdamAttrs = {
      learningRate: this.learningRate,
      beta1,
      beta2,
      epsilon: this.epsilon,
      step: this.iterations + 1,
    };
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Moments for every variable, by position, even one without a gradient (as TensorFlow.js
        // keeps them): the saved state then has the same layout whichever optimizer wrote it.
        const moments = (this.moments[i] ??= {
          name,
          first: tf.keep(tf.zerosLike(value)),
          second: tf.keep(tf.zerosLike(value)),
        });
        if (gradient == null) return;
        const inputs = { value, gradient, first: moments.first, second: moments.second };
        value.assign(tf.engine().runKernel(adamKernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
      });
    });
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.moments.map((m) => ({ name: `${m.name}/m`, tensor: m.first })),
      ...this.moments.map((m) => ({ name: `${m.name}/v`, tensor: m.second })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    const count = moments.length / 2;
    this.disposeMoments();
    // Copies: the kernel updates the moments in place, and the caller keeps what it passed.
    const own = async (t: tf.Tensor) => tf.tensor(await t.data(), t.shape, 'float32');
    for (let i = 0; i < count; i++) {
      this.moments.push({
        name: moments[i]!.name.replace(/\/m$/, ''),
        first: await own(moments[i]!.tensor),
        second: await own(moments[count + i]!.tensor),
      });
    }
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1, beta2, epsilon: this.epsilon };
  }

  override dispose(): void {
    this.disposeMoments();
    super.dispose();
  }

  private disposeMoments(): void {
    tf.dispose(this.moments.flatMap((m) => [m.first, m.second]));
    this.moments = [];
  }
}

/** Adam with TensorFlow.js's defaults (β1 = 0.9, β2 = 0.999, ε = the backend's epsilon). */
export function adam(learningRate: number): tf.Optimizer {
  return hasKernel(adamKernel) ? new FusedAdam(learningRate) : tf.train.adam(learningRate, beta1, beta2);
}
