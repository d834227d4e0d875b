/**
 * Linear axis ticks by d3's rule (d3-array): a step of 1, 2 or 5 × 10^k for about `count`
 * intervals, the domain widened to whole steps, and ticks computed as integers over a power of ten,
 * so that they land on the decimal values (0.3, not 0.30000000000000004). Labels (d3-format) carry
 * as many decimals as the step needs.
 */
import { nice, tickStep, ticks } from 'd3-array';
import { formatLocale, precisionFixed } from 'd3-format';

/** Ticks for one axis, in data units. */
export interface Ticks {
  /** The axis range, [low, high], widened to whole steps unless it was given. */
  domain: [number, number];
  /** Tick positions, ascending, all inside `domain`. */
  values: number[];
  /** Printed labels, one per value. */
  labels: string[];
}

/**
 * Commas for thousands and a typographic minus (U+2212), spelled out here rather than taken from
 * d3-format's default locale, which any code in the process may replace.
 */
const LOCALE = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['', ''], minus: '\u2212' });

/** A non-empty range around a single value, so that a constant series still gets an axis. */
function widen(lo: number, hi: number): [number, number] {
  if (hi > lo) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/**
 * Linear ticks for about `count` intervals over [lo, hi]; unless the domain is `fixed`, it is
 * widened to whole steps. Labels group thousands from 10,000 up: four-digit numbers read well
 * without a separator, as most style guides have it.
 */
export function linearTicks(lo: number, hi: number, count: number, fixed = false): Ticks {
  const [a0, b0] = widen(lo, hi);
  // One whole step cannot span zero, so d3's nice would widen a range across zero at one interval
  // without end: such a range gets two.
  const intervals = !fixed && a0 < 0 && b0 > 0 ? Math.max(2, count) : count;
  const [a, b] = fixed ? [a0, b0] : nice(a0, b0, intervals);
  const values = ticks(a, b, intervals);
  const largest = Math.max(0, ...values.map(Math.abs));
  const label = LOCALE.format(`${largest >= 1e4 ? ',' : ''}.${precisionFixed(tickStep(a, b, intervals))}f`);
  // + 0 turns a -0 bound into 0.
  return { domain: [a + 0, b + 0], values, labels: values.map(label) };
}
