/**
 * Per-client fixed-window rate limiting in memory: enough for one Node process. The table is
 * bounded, so a flood of distinct addresses cannot grow it without limit.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;

  constructor(options: { max: number; windowMs: number; maxKeys?: number }) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Counts one request from `key`; returns the seconds to wait if it is over the limit, else 0. */
  take(key: string, now: number = Date.now()): number {
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      if (!window && this.#windows.size >= this.#maxKeys) this.#prune(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.#max ? Math.ceil((window.start + this.#windowMs - now) / 1000) : 0;
  }

  #prune(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start >= this.#windowMs) this.#windows.delete(key);
    }
    // Still full of live windows: forget the oldest rather than refuse every newcomer.
    if (this.#windows.size >= this.#maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
