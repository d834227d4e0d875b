/**
 * The page side of the model runtime: one worker per page, created on first use, and a typed
 * handle per model. `runLatest` drops requests overtaken by newer ones, so a demo driven by a
 * slider or a drag draws only the latest result.
 */
import type { Feeds, ModelInfo, Request, Response } from './protocol.ts';

type Pending = {
  resolve: (r: Extract<Response, { type: 'loaded' | 'result' }>) => void;
  reject: (e: Error) => void;
  onProgress?: ((loaded: number, total: number | null) => void) | undefined;
};

/** A request before the client numbers it (Omit distributed over the union's members). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

let shared: Promise<ModelClient> | undefined;

/**
 * User Timing entries for every load and run (DevTools shows them; the demo benchmark reads them):
 * the duration is the page's wait, and `detail.computeMs` the worker's time inside the runtime.
 */
export const LOAD_MEASURE = 'model-runtime:load';
export const RUN_MEASURE = 'model-runtime:run';

export class ModelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<Response>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(`The model runtime stopped: ${event.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      // A retry starts a fresh worker rather than talking to a broken one.
      this.worker.terminate();
      shared = undefined;
    };
  }

  /**
   * The page's one client (and worker). Rejects, with a message for the reader, in a browser that
   * cannot run the runtime at all.
   */
  static shared(): Promise<ModelClient> {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      return Promise.reject(
        new Error('This demo runs its model with WebAssembly, which this browser does not offer (or has turned off).'),
      );
    }
    if (typeof Worker !== 'function') {
      return Promise.reject(new Error('This demo needs Web Workers, which this browser does not offer.'));
    }
    shared ??= Promise.resolve(new ModelClient());
    return shared;
  }

  private receive(message: Response): void {
    const p = this.pending.get(message.id);
    if (!p) return;
    if (message.type === 'progress') {
      p.onProgress?.(message.loaded, message.total);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'error') p.reject(new Error(message.message));
    else p.resolve(message);
  }

  private send<T extends Extract<Response, { type: 'loaded' | 'result' }>>(
    request: Unnumbered<Request>,
    onProgress?: Pending['onProgress'],
  ): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress });
      this.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Download the model (reporting progress) and prepare its session. */
  async load(url: string, onProgress?: (loaded: number, total: number | null) => void): Promise<ModelHandle> {
    const start = performance.now();
    const { info } = await this.send<Extract<Response, { type: 'loaded' }>>({ type: 'load', url }, onProgress);
    performance.measure(LOAD_MEASURE, { start, detail: { url, bytes: info.bytes } });
    return new ModelHandle(this, url, info);
  }

  /** @internal */
  async run(url: string, feeds: Feeds): Promise<{ outputs: Feeds; ms: number }> {
    const start = performance.now();
    const { outputs, ms } = await this.send<Extract<Response, { type: 'result' }>>({ type: 'run', url, feeds });
    performance.measure(RUN_MEASURE, { start, detail: { url, computeMs: ms } });
    return { outputs, ms };
  }
}

export class ModelHandle {
  private inFlight = false;
  private queued:
    | {
        feeds: Feeds;
        resolve: (r: { outputs: Feeds; ms: number } | null) => void;
        reject: (e: unknown) => void;
      }
    | undefined;
  readonly client: ModelClient;
  readonly url: string;
  readonly info: ModelInfo;

  constructor(client: ModelClient, url: string, info: ModelInfo) {
    this.client = client;
    this.url = url;
    this.info = info;
  }

  run(feeds: Feeds): Promise<{ outputs: Feeds; ms: number }> {
    return this.client.run(this.url, feeds);
  }

  /**
   * Run, unless a newer request arrives first: then this one resolves to null without running.
   * At most one request is in flight and one waits, so a fast drag never builds a backlog.
   */
  runLatest(feeds: Feeds): Promise<{ outputs: Feeds; ms: number } | null> {
    return new Promise((resolve, reject) => {
      this.queued?.resolve(null);
      this.queued = { feeds, resolve, reject };
      const pump = async () => {
        if (this.inFlight || !this.queued) return;
        const next = this.queued;
        this.queued = undefined;
        this.inFlight = true;
        try {
          next.resolve(await this.run(next.feeds));
        } catch (error) {
          next.reject(error);
        } finally {
          this.inFlight = false;
          void pump();
        }
      };
      void pump();
    });
  }
}
