/**
 * Chooses and starts the TensorFlow.js backend. `wasm` is the default everywhere; the GPU backends
 * are optional packages, loaded only when asked for, with a message saying what they need.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadBlas, useBlasMatMul } from './blas.ts';
import { type FusionName, removeFusedKernels, useFusedKernels } from './kernels/index.ts';

export const backendNames = ['wasm', 'cpu', 'webgpu', 'tensorflow'] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendInfo {
  /** The name passed to --backend. */
  name: BackendName;
  /** The npm package providing it, and its version. */
  package: string;
  version: string;
  /** The native BLAS doing the wasm backend's matrix products, or why there is none. */
  blas: { library: string; description: string; threads: number } | { none: string };
  /** The fused wasm kernels in use (kernels/index.ts), and why any asked for is not. */
  fused: { active: FusionName[]; skipped: string[] };
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

/** Undoes the BLAS kernel swap; TensorFlow.js's kernel registry is global, so this is too. */
let restoreStockMatMul: (() => void) | undefined;

/** Imports a module by name; injected in tests to simulate a missing optional package. */
export type Importer = (specifier: string) => Promise<unknown>;
const importModule: Importer = (specifier) => import(specifier);

/** One line on the fused kernels in use, for logs and artifact metadata. */
export function describeFused(info: BackendInfo): string {
  const { active, skipped } = info.fused;
  return `${active.length ? active.join(', ') : 'none'}${skipped.length ? ` (${skipped.join('; ')})` : ''}`;
}

/** One line on the BLAS in use, for logs and artifact metadata. */
export function describeBlas(info: BackendInfo): string {
  return 'none' in info.blas
    ? `none (${info.blas.none})`
    : `${info.blas.description} from ${info.blas.library}, ${info.blas.threads} thread${info.blas.threads > 1 ? 's' : ''}`;
}

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

/**
 * Load, register and select a backend; resolves once it is ready. On `wasm`, matrix products go
 * to a native BLAS when one is found (see blas.ts; `env.BR_BLAS=off` disables it), and the fused
 * kernels are registered (kernels/index.ts; `env.BR_FUSED=off` disables them).
 */
export async function initBackend(
  name: BackendName,
  importer: Importer = importModule,
  env: Record<string, string | undefined> = process.env,
): Promise<BackendInfo> {
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
  let blas: BackendInfo['blas'] = { none: `not used by the ${name} backend` };
  let fused: BackendInfo['fused'] = { active: [], skipped: [`not used by the ${name} backend`] };
  removeFusedKernels();
  if (name === 'wasm') {
    const loaded = loadBlas(env);
    if (loaded.blas) {
      restoreStockMatMul?.();
      restoreStockMatMul = useBlasMatMul(loaded.blas);
      blas = { library: loaded.blas.library, description: loaded.blas.description, threads: loaded.blas.threads };
    } else {
      restoreStockMatMul?.();
      restoreStockMatMul = undefined;
      blas = { none: loaded.reason };
    }
    fused = await useFusedKernels(loaded.blas, env);
  }
  return { name, package: spec.package, version: packageVersion(spec.package), blas, fused };
}
