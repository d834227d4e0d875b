/** The layout shifts a page reports, for the tests that check that a demo moves nothing as it gets ready. */
import type { Page } from 'playwright-core';

export interface LayoutShift {
  value: number;
  /** The page's `performance.now()` at the shift. */
  startTime: number;
  /** The start of each moved node's markup, to say what moved. */
  at: string[];
}

/** Records the page's layout shifts from now on. */
export function recordLayoutShifts(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { layoutShifts: unknown[] };
    w.layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        value: number;
        startTime: number;
        sources: { node: Node | null }[];
      }[]) {
        const at = entry.sources.map((s) =>
          s.node instanceof Element ? s.node.outerHTML.slice(0, 80) : String(s.node?.nodeName),
        );
        w.layoutShifts.push({ value: entry.value, startTime: entry.startTime, at });
      }
    }).observe({ type: 'layout-shift' });
  });
}

/**
 * The shifts recorded from `since` (a `performance.now()` of the page) on, and their sum, the
 * cumulative layout shift. A shift's entry comes with the frame after it: wait a frame or two first.
 */
export async function layoutShiftsSince(page: Page, since: number): Promise<{ shifts: LayoutShift[]; cls: number }> {
  const all = await page.evaluate(() => (window as unknown as { layoutShifts: LayoutShift[] }).layoutShifts);
  const shifts = all.filter((s) => s.startTime >= since);
  return { shifts, cls: shifts.reduce((sum, s) => sum + s.value, 0) };
}
