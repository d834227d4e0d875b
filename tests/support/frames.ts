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
