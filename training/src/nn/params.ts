/**
 * Named trainable parameters. Models register their variables here, so that the optimizer, the
 * checkpoint writer and the ONNX exporter all see the same list in the same order.
 */
import * as tf from '@tensorflow/tfjs';

/** A parameter's values as plain data, for checkpoints and ONNX export. */
export interface ParamArray {
  shape: number[];
  data: Float32Array;
}

export class Params {
  private readonly vars = new Map<string, tf.Variable>();

  /** Register a new variable initialised with `data`; names must be unique. */
  add(name: string, shape: number[], data: Float32Array): tf.Variable {
    if (this.vars.has(name)) throw new Error(`Parameter "${name}" is defined twice`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`Parameter "${name}": ${data.length} values for shape [${shape}]`);
    // TensorFlow.js variable names are global to the process; ours live in this map instead.
    const v = tf.variable(tf.tensor(data, shape, 'float32'), true);
    this.vars.set(name, v);
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`No parameter "${name}"; have ${[...this.vars.keys()].join(', ')}`);
    return v;
  }

  /** In registration order. */
  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  /** Number of scalar parameters. */
  count(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }

  /** Copy every value out of the backend. */
  toArrays(): Record<string, ParamArray> {
    const out: Record<string, ParamArray> = {};
    for (const [name, v] of this.vars) out[name] = { shape: [...v.shape], data: v.dataSync() as Float32Array };
    return out;
  }

  /** Overwrite every value; the set of names and shapes must match exactly. */
  assign(arrays: Record<string, ParamArray>): void {
    const missing = this.names().filter((n) => !(n in arrays));
    const extra = Object.keys(arrays).filter((n) => !this.vars.has(n));
    if (missing.length || extra.length) {
      throw new Error(`Parameters do not match: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`);
    }
    for (const [name, v] of this.vars) {
      const a = arrays[name]!;
      if (a.shape.join() !== v.shape.join()) throw new Error(`Parameter "${name}": shape [${a.shape}] ≠ [${v.shape}]`);
      tf.tidy(() => v.assign(tf.tensor(a.data, a.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
