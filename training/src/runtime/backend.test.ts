import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, initBackend, parseBackendName } from './backend.ts';

describe('backend selection', () => {
  it('starts the wasm backend and reports its package and version', async () => {
    const info = await initBackend('wasm', undefined, { BR_BLAS: 'off' });
    expect(tf.getBackend()).toBe('wasm');
    expect(info).toEqual({
      name: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      version: '4.22.0',
      blas: { none: 'BR_BLAS=off' },
      fused: { active: ['adam', 'bernoulli', 'identity'], skipped: ['dense: needs the BLAS'] },
    });
  });

  it('rejects an unknown backend name, listing the choices', () => {
    expect(() => parseBackendName('gpu')).toThrow(
      'Unknown backend "gpu": choose one of wasm, cpu, webgpu, tensorflow.',
    );
    expect(parseBackendName('webgpu')).toBe('webgpu');
  });

  it.each([
    ['webgpu', /GPU with a Vulkan .* driver.*tfjs-backend-webgpu@4\.22\.0 webgpu/s],
    ['tensorflow', /CUDA 11\.2 and cuDNN 8\.1.*tfjs-node-gpu@4\.22\.0/s],
  ] as const)('explains what the %s backend needs when its package is missing', async (name, needs) => {
    const error = await initBackend(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`The "${name}" backend is not available`);
    expect(message).toMatch(needs);
    expect(message).toContain('--backend wasm');
    // A failed attempt leaves the working backend in place.
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reports a package that loads but finds no device', async () => {
    const importer = async (spec: string) => {
      if (spec === 'webgpu') throw new Error('No adapter found');
      return {};
    };
    await expect(initBackend('webgpu', importer)).rejects.toThrow(/not available: No adapter found/);
  });
});
