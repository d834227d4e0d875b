/** Waiting on a page's animation frames without the risk of waiting forever. */
import type { Page } from 'playwright-core';

/**
 * Resolves with the page's `performance.now()` at the `count`-th animation frame from now. A page
 * that paints no frames (headless Chromium can stop scheduling them) fails the wait after
 * `timeoutMs` with its visibility state, instead of hanging the test: `page.evaluate` has no timeout.
 */
export function animationFrames(page: Page, count = 1, timeoutMs = 15_000): Promise<number> {
  return page.evaluate(
    ({ count, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve(performance.now()) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
        setTimeout(
          () =>
            reject(
              new Error(
                `${count} animation frame(s) did not come within ${timeoutMs} ms (page ${document.visibilityState})`,
              ),
            ),
          timeoutMs,
        );
      }),
    { count, timeoutMs },
  );
}

/**
 * Reads the page with `read` once per animation frame until `differences(now)` is empty, and
 * returns what it read then; fails after `timeoutMs` listing what still differs. For demos whose
 * state settles over a few frames (a model run, a redraw): the wait is on the state, not the clock.
 */
export async function untilShowing<T>(
  page: Page,
  read: () => Promise<T>,
  differences: (now: T) => string[],
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await read();
    const problems = differences(now);
    if (problems.length === 0) return now;
    if (Date.now() > deadline) throw new Error(`after ${timeoutMs} ms ${what} shows:\n  ${problems.join('\n  ')}`);
    await animationFrames(page, 1);
  }
}
