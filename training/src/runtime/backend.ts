/**
 * Chooses and starts the TensorFlow.js backend. `wasm` is the default everywhere; the GPU backends
 * are optional packages, loaded only when asked for, with a message saying what they need.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export const backendNames = ['wasm', 'cpu', 'webgpu', 'tensorflow'] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendInfo {
  /** The name passed to --backend. */
  name: BackendName;
  /** The npm package providing it, and its version. */
  package: string;
  version: string;
}

interface BackendSpec {
  package: string;
  /** Extra packages the backend needs at run time. */
  requires: string[];
  /** What a reader must have for this backend to work, shown when it cannot load. */
  needs: string;
}

const specs: Record<BackendName, BackendSpec> = {
  wasm: { package: '@tensorflow/tfjs-backend-wasm', requires: [], needs: 'nothing beyond npm ci' },
  cpu: { package: '@tensorflow/tfjs-backend-cpu', requires: [], needs: 'nothing beyond npm ci' },
  webgpu: {
    package: '@tensorflow/tfjs-backend-webgpu',
    requires: ['webgpu'],
    needs:
      'a GPU with a Vulkan (Linux/Windows) or Metal (macOS) driver, and `npm i -w training @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu` (Dawn for Node)',
  },
  tensorflow: {
    package: '@tensorflow/tfjs-node-gpu',
    requires: [],
    needs:
      'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1, and `npm i -w training @tensorflow/tfjs-node-gpu@4.22.0` (its installer downloads libtensorflow)',
  },
};

export class BackendUnavailableError extends Error {
  readonly backend: BackendName;

  constructor(backend: BackendName, cause: unknown) {
    const spec = specs[backend];
    super(
      `The "${backend}" backend is not available: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}\n` +
        `It needs ${spec.needs}.\nTrain on the CPU instead with --backend wasm (the default).`,
      { cause },
    );
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}

/** Imports a module by name; injected in tests to simulate a missing optional package. */
export type Importer = (specifier: string) => Promise<unknown>;
const importModule: Importer = (specifier) => import(specifier);

export function parseBackendName(value: string): BackendName {
  if ((backendNames as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`Unknown backend "${value}": choose one of ${backendNames.join(', ')}.`);
}

function packageVersion(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Load, register and select a backend; resolves once it is ready. */
export async function initBackend(name: BackendName, importer: Importer = importModule): Promise<BackendInfo> {
  const spec = specs[name];
  try {
    for (const dep of spec.requires) await importer(dep);
    const mod = (await importer(spec.package)) as { setWasmPaths?: (prefix: string) => void };
    if (name === 'wasm') {
      // In Node the wasm binaries are read from the package's own dist folder, not fetched.
      const require = createRequire(import.meta.url);
      const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      mod.setWasmPaths?.(`${dist}/`);
    }
    if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
    await tf.ready();
  } catch (error) {
    throw new BackendUnavailableError(name, error);
  }
  return { name, package: spec.package, version: packageVersion(spec.package) };
}
