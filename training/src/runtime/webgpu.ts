/**
 * WebGPU in Node: Dawn's bindings (the `webgpu` package) under TensorFlow.js's webgpu backend.
 *
 * The backend registers itself only if `navigator.gpu` exists when it is imported, and it asks the
 * device for its features as a nested array (tfjs 4.22 pushes `['bgra8unorm-storage']`):
 * Dawn 0.6.2 happens to coerce it to a string, the WebGPU spec's types refuse it. So this module picks the adapter first (high-performance preference: a discrete
 * GPU over an integrated one or a software one), says what it is, and hands TensorFlow.js a
 * `navigator.gpu` that returns that adapter with the features flattened.
 *
 * It runs before `initBackend('webgpu')` (cli.ts, the bench) and lives outside backend.ts on
 * purpose: backend.ts is in every experiment's cache key, and wiring up Dawn changes nothing that
 * the default wasm backend computes.
 */
import { readdirSync } from 'node:fs';
import koffi from 'koffi';

/** What a run records about the GPU it ran on. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software or otherwise limited adapter (lavapipe reports itself as a CPU). */
  fallback: boolean;
}

/** The parts of Dawn's objects used here (the `webgpu` package's `create` result and adapters). */
export interface GpuAdapterLike {
  readonly info: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>> & {
    isFallbackAdapter?: boolean;
  };
  readonly isFallbackAdapter?: boolean;
  requestDevice(descriptor?: { requiredFeatures?: unknown[] } & Record<string, unknown>): Promise<unknown>;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

/** One line for logs and artifact metadata: "llvmpipe (LLVM 19.1.7, 256 bits), mesa, …". */
export function describeAdapter(adapter: AdapterDescription): string {
  const parts = [adapter.description || adapter.device || 'unnamed adapter'];
  if (adapter.vendor) parts.push(`vendor ${adapter.vendor}`);
  if (adapter.architecture) parts.push(`architecture ${adapter.architecture}`);
  if (adapter.device && adapter.device !== parts[0]) parts.push(`device ${adapter.device}`);
  if (adapter.fallback) parts.push('software/fallback adapter');
  return parts.join(', ');
}

export function adapterDescription(adapter: GpuAdapterLike): AdapterDescription {
  // Dawn's info fields are getters on a native object: read each one.
  const { info } = adapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    fallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
  };
}

/**
 * The `navigator.gpu` TensorFlow.js gets: every request returns the chosen adapter, whose
 * `requestDevice` flattens the feature list (features may come nested one level).
 */
export function gpuFor(adapter: GpuAdapterLike): GpuLike {
  const flattening = new Proxy(adapter, {
    get(target, key) {
      if (key === 'requestDevice') {
        return (descriptor: Parameters<GpuAdapterLike['requestDevice']>[0] = {}) =>
          target.requestDevice({
            ...descriptor,
            ...(descriptor.requiredFeatures ? { requiredFeatures: descriptor.requiredFeatures.flat() } : {}),
          });
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { requestAdapter: () => Promise.resolve(flattening) };
}

/** Why no adapter was found, from what this machine has: the Vulkan loader and its drivers. */
export function vulkanDiagnosis(
  loadLibrary: (name: string) => unknown = (name) => koffi.load(name),
  icdFolders = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'],
): string {
  if (process.platform !== 'linux') return 'Dawn found no adapter for this GPU.';
  try {
    loadLibrary('libvulkan.so.1');
  } catch {
    return 'There is no Vulkan loader (libvulkan.so.1): install libvulkan1 and a Vulkan driver.';
  }
  const drivers = icdFolders.flatMap((dir) => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
  });
  if (!drivers.length)
    return 'The Vulkan loader is there, but no Vulkan driver (no ICD file in /usr/share/vulkan/icd.d).';
  return (
    `Vulkan drivers are installed (${drivers.join(', ')}), but Dawn accepted none of them: ` +
    "no GPU they drive, or a driver too old for Dawn (Mesa's lavapipe before 25 is refused)."
  );
}

const howToGetOne =
  'For an NVIDIA GPU: its proprietary driver with the Vulkan ICD (`vulkaninfo --summary` lists the card). ' +
  'For a software adapter on Debian 12: `apt-get install -t bookworm-backports mesa-vulkan-drivers` (lavapipe, Mesa 25).';

function noAdapter(flags: string[], why: string): WebGpuUnavailableError {
  return new WebGpuUnavailableError(
    `WebGPU: Dawn found no adapter${flags.length ? ` (flags: ${flags.join(' ')})` : ''}. ${why}\n${howToGetOne}`,
  );
}

export interface InstallOptions {
  /** Imports a package by name; injected in tests. */
  importer?: (specifier: string) => Promise<unknown>;
  /** Dawn's own flags, e.g. `adapter=NAME` or `backend=vulkan` (env BR_WEBGPU_FLAGS, comma-separated). */
  flags?: string[];
}

/** Stands in for OffscreenCanvas: the backend's only use of one in Node is a synchronous read. */
function SyncReadUnsupported(): never {
  throw new WebGpuUnavailableError(
    'On the webgpu backend in Node, a tensor can only be read asynchronously (`await t.data()`); ' +
      'this code read one with dataSync()/arraySync(), which needs a browser canvas.',
  );
}

let installed: { gpu: GpuLike; adapter: AdapterDescription } | undefined;

/**
 * Starts Dawn, chooses the adapter and installs `navigator.gpu` and the WebGPU globals, so that
 * importing `@tensorflow/tfjs-backend-webgpu` afterwards registers the backend. Idempotent.
 */
export async function installWebGpu(options: InstallOptions = {}): Promise<AdapterDescription> {
  if (installed) return installed.adapter;
  const importer = options.importer ?? ((specifier: string) => import(specifier));
  const flags = options.flags ?? process.env.BR_WEBGPU_FLAGS?.split(',').filter(Boolean) ?? [];
  let dawn: DawnModule;
  try {
    dawn = (await importer('webgpu')) as DawnModule;
  } catch (error) {
    throw new WebGpuUnavailableError(
      `The npm package "webgpu" (Dawn for Node) did not load: ${(error as Error).message.split('\n')[0]}\n` +
        'It is an optional dependency of the training package: `npm ci` installs it unless optional ' +
        'dependencies are omitted; `npm i -w training -O webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0` brings it back.',
    );
  }
  const gpu = dawn.create(flags);
  // No adapter is null, or a rejection when a flag names one that is not there (Dawn lists those).
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch((error: unknown) => {
    throw noAdapter(flags, (error as Error).message);
  });
  if (!adapter) throw noAdapter(flags, vulkanDiagnosis());
  Object.assign(globalThis, dawn.globals);
  // TensorFlow.js's webgpu backend reads a tensor synchronously (dataSync, arraySync) by drawing
  // it onto an OffscreenCanvas, which Node lacks: say so at the first such read, not "not defined".
  (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas ??= SyncReadUnsupported;
  // Node 21+ has a navigator without `gpu`; older Node has none.
  const nav = ((globalThis as { navigator?: object }).navigator ??= {});
  Object.defineProperty(nav, 'gpu', { value: gpuFor(adapter), configurable: true });
  installed = { gpu, adapter: adapterDescription(adapter) };
  return installed.adapter;
}
