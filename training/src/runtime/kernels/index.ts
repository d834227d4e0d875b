/**
 * The fused kernels written for the wasm backend, and which of them a process uses. Each replaces a
 * chain of small TensorFlow.js kernels with one pass over the wasm heap; the ops that use them
 * (nn/dense.ts, nn/distributions.ts, train/adam.ts) fall back to the composite form wherever the
 * kernel is not registered, so every backend computes the same thing.
 *
 *   BR_FUSED=off                 none: TensorFlow.js's own kernels only (the reference)
 *   BR_FUSED=adam,dense,…        only these (default: all; `dense` needs the BLAS)
 *
 * `identity` is not a fusion but the same kind of lever: Identity shares data instead of copying.
 */
import * as tf from '@tensorflow/tfjs';
import type { Blas } from '../blas.ts';
import { registerAdam } from './adam.ts';
import { registerBernoulli } from './bernoulli.ts';
import { registerDense } from './dense.ts';
import { registerSharedIdentity } from './identity.ts';
import { type SimdKernels, instantiateSimd } from './simd.ts';
import type { WasmBackend } from '../wasm-heap.ts';

export const fusionNames = ['adam', 'dense', 'bernoulli', 'identity'] as const;
export type FusionName = (typeof fusionNames)[number];

export interface FusedKernels {
  /** The fusions in use, in fusionNames order. */
  active: FusionName[];
  /** Why a requested fusion is not in use, one line each. */
  skipped: string[];
}

/** The fusions BR_FUSED asks for; throws on a name that is not one. */
export function requestedFusions(value: string | undefined): FusionName[] {
  if (value === undefined || value === '' || value === 'on') return [...fusionNames];
  if (value === 'off') return [];
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(fusionNames as readonly string[]).includes(n));
  if (unknown.length) {
    throw new Error(`BR_FUSED: unknown fusion ${unknown.join(', ')}; use off or a list of ${fusionNames.join(', ')}`);
  }
  return fusionNames.filter((n) => names.includes(n));
}

/** Undoes the registrations; TensorFlow.js's kernel registry is global, so this is too. */
let unregister: (() => void)[] = [];

/**
 * Register the fusions `env.BR_FUSED` asks for on the wasm backend, which must be the current
 * backend (replacing earlier ones).
 */
export async function useFusedKernels(
  blas: Blas | undefined,
  env: Record<string, string | undefined>,
): Promise<FusedKernels> {
  removeFusedKernels();
  const requested = requestedFusions(env.BR_FUSED);
  if (!requested.length) return { active: [], skipped: [] };
  let simd: SimdKernels;
  try {
    simd = await instantiateSimd(tf.backend() as unknown as WasmBackend);
  } catch (error) {
    return { active: [], skipped: [`all: the SIMD kernels did not load (${(error as Error).message.split('\n')[0]})`] };
  }
  const active: FusionName[] = [];
  const skipped: string[] = [];
  for (const name of requested) {
    if (name === 'dense' && !blas) {
      skipped.push('dense: needs the BLAS');
      continue;
    }
    const register = {
      adam: () => registerAdam(simd),
      dense: () => registerDense(blas!, simd),
      bernoulli: () => registerBernoulli(simd),
      identity: registerSharedIdentity,
    }[name];
    unregister.push(register());
    active.push(name);
  }
  return { active, skipped };
}

export function removeFusedKernels(): void {
  for (const undo of unregister) undo();
  unregister = [];
}

/** Whether the current backend runs `kernel` (an op uses its fused form only then). */
export function hasKernel(kernel: string): boolean {
  return tf.getKernel(kernel, tf.getBackend()) !== undefined;
}
