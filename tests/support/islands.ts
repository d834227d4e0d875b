/** Waiting on a page's Astro islands, for the tests and benchmarks that look at a page as it opens. */
import type { Page } from 'playwright-core';

/**
 * Resolves once every island that hydrates without scrolling has hydrated, and the page has then
 * gone idle (the islands' first effects run): what the page does before the reader scrolls has
 * happened. A `client:visible` island counts when its own observer, with its root margin, sees it
 * from where the page is scrolled now; any other island always counts.
 */
export function islandsInViewHydrated(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const nearView = (island: Element) =>
      new Promise<boolean>((resolve) => {
        if (island.children.length === 0) return resolve(false);
        const opts = JSON.parse(island.getAttribute('opts') ?? '{}') as { value?: { rootMargin?: string } | boolean };
        const rootMargin = typeof opts.value === 'object' ? opts.value.rootMargin : undefined;
        // Astro observes the island's children; the first callback has an entry for each.
        const observer = new IntersectionObserver(
          (entries) => {
            observer.disconnect();
            resolve(entries.some((e) => e.isIntersecting));
          },
          rootMargin ? { rootMargin } : {},
        );
        for (const child of island.children) observer.observe(child);
      });
    const hydrated = (island: Element) =>
      new Promise<void>((resolve) => {
        if (!island.hasAttribute('ssr')) return resolve();
        island.addEventListener('astro:hydrate', () => resolve(), { once: true });
      });
    const pending = new Set<string>();
    const all = Promise.all(
      [...document.querySelectorAll('astro-island')].map(async (island) => {
        const name = island.getAttribute('component-url') ?? 'an island';
        pending.add(name);
        if (island.getAttribute('client') !== 'visible' || (await nearView(island))) await hydrated(island);
        pending.delete(name);
      }),
    );
    // `page.evaluate` has no timeout of its own: a page that never hydrates, or paints no frames,
    // fails the wait instead of hanging the test.
    const bounded = <T>(what: Promise<T>, reason: () => string) =>
      Promise.race([what, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(reason())), 60_000))]);
    await bounded(all, () => `not hydrated within 60 s: ${[...pending].join(', ')}`);
    // Preact runs effects after the next frame; the page is idle once they have run.
    await bounded(
      new Promise((resolve) => requestAnimationFrame(resolve)),
      () => `no animation frame within 60 s (page ${document.visibilityState})`,
    );
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 10_000 }));
  });
}
