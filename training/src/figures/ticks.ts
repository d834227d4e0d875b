/**
 * Axis ticks: "nice" steps (1, 2 or 5 × 10^k), domains widened to whole steps, logarithmic decades,
 * and tick labels printed from the step so that 0.1 + 0.2 reads "0.3", never 0.30000000000000004.
 *
 * A step is kept as an integer mantissa and a power of ten, and every tick is computed as an integer
 * multiple divided (or multiplied) by an exact power of ten, which rounds once and so lands on the
 * double nearest the decimal value.
 */

/** A tick step of `mantissa` × 10^`exponent`, with mantissa 1, 2 or 5. */
export interface Step {
  mantissa: 1 | 2 | 5;
  exponent: number;
}

/** Ticks for one axis, in data units. */
export interface Ticks {
  /** The axis range, [low, high], widened to whole steps (or decades) unless it was given. */
  domain: [number, number];
  /** Tick positions, ascending, all inside `domain`. */
  values: number[];
  /** Printed labels, one per value. */
  labels: string[];
}

/** 10^k, exact for the integer k used here (|k| ≤ 22 is exact; beyond, correctly rounded). */
function pow10(k: number): number {
  return k >= 0 ? 10 ** k : 1 / 10 ** -k;
}

/** i × step, rounded once. */
export function multiple(i: number, step: Step): number {
  const m = i * step.mantissa;
  return step.exponent >= 0 ? m * 10 ** step.exponent : m / 10 ** -step.exponent;
}

/** The step size as a number. */
export function stepValue(step: Step): number {
  return multiple(1, step);
}

/**
 * The nice step for about `count` intervals over [lo, hi] (the rule of d3's tickIncrement: the
 * raw step rounded in log space to 1, 2 or 5 × 10^k).
 */
export function tickStep(lo: number, hi: number, count: number): Step {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span))
    throw new Error(`tickStep: the range [${lo}, ${hi}] is empty or infinite.`);
  const raw = span / Math.max(1, count);
  let exponent = Math.floor(Math.log10(raw));
  const error = raw / pow10(exponent);
  let mantissa: Step['mantissa'] = 1;
  if (error >= Math.sqrt(50)) exponent += 1;
  else if (error >= Math.sqrt(10)) mantissa = 5;
  else if (error >= Math.sqrt(2)) mantissa = 2;
  return { mantissa, exponent };
}

/** Tolerance, in steps, for a bound that sits on a multiple up to floating-point error. */
const SLACK = 1e-9;

/** Tick values: the multiples of `step` inside [lo, hi]. */
export function stepTicks(lo: number, hi: number, step: Step): number[] {
  const size = stepValue(step);
  const first = Math.ceil(lo / size - SLACK);
  const last = Math.floor(hi / size + SLACK);
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(multiple(i, step) + 0); // + 0 turns -0 into 0
  return values;
}

/** A non-empty range around a single value, so that a constant series still gets an axis. */
function widen(lo: number, hi: number): [number, number] {
  if (hi > lo) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/**
 * Linear ticks for about `count` intervals. Without a fixed domain, [lo, hi] is widened to whole
 * steps (repeated until the step stops changing, as widening can change the step).
 */
export function linearTicks(lo: number, hi: number, count: number, fixed = false): Ticks {
  let [a, b] = widen(lo, hi);
  let step = tickStep(a, b, count);
  if (!fixed) {
    for (let round = 0; round < 10; round++) {
      const size = stepValue(step);
      const niceLo = multiple(Math.floor(a / size + SLACK), step);
      const niceHi = multiple(Math.ceil(b / size - SLACK), step);
      const next = tickStep(niceLo, niceHi, count);
      [a, b] = [niceLo, niceHi];
      if (next.mantissa === step.mantissa && next.exponent === step.exponent) break;
      step = next;
    }
  }
  const values = stepTicks(a, b, step);
  return { domain: [a + 0, b + 0], values, labels: formatTicks(values, step) };
}

/**
 * Logarithmic ticks (base 10) over [lo, hi], lo > 0. Without a fixed domain the range is widened to
 * whole decades. Spanning at most two decades, ticks fall at 1, 2 and 5 × 10^k if `maxTicks` allows;
 * otherwise at powers of ten, thinned to at most `maxTicks`.
 */
export function logTicks(lo: number, hi: number, maxTicks = 8, fixed = false): Ticks {
  if (!(lo > 0)) throw new Error(`logTicks: a logarithmic axis needs positive values; the range starts at ${lo}.`);
  let a = lo;
  let b = hi > lo ? hi : lo * 10;
  if (!fixed) {
    a = pow10(Math.floor(Math.log10(a) + SLACK));
    b = pow10(Math.ceil(Math.log10(b) - SLACK));
    if (b <= a) b = a * 10;
  }
  const k0 = Math.floor(Math.log10(a) + SLACK);
  const k1 = Math.ceil(Math.log10(b) - SLACK);
  const mantissas: Step['mantissa'][] = k1 - k0 <= 2 && 3 * (k1 - k0) + 1 <= maxTicks ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((k1 - k0 + 1) / maxTicks));
  const values: number[] = [];
  for (let k = k0; k <= k1; k++) {
    if ((k - k0) % every !== 0) continue;
    for (const mantissa of mantissas) {
      const v = multiple(1, { mantissa, exponent: k });
      const tolerance = v * SLACK;
      if (v >= a - tolerance && v <= b + tolerance) values.push(v);
    }
  }
  return { domain: [a, b], values, labels: formatLogTicks(values) };
}

/** Unicode superscripts, so that 10^-4 can be printed as 10⁻⁴ in plain SVG text. */
const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

function superscript(n: number): string {
  return [...String(n)].map((ch) => SUPERSCRIPT[ch] ?? ch).join('');
}

/** A typographic minus sign (U+2212) instead of the hyphen. */
function withMinus(text: string): string {
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : text;
}

/** Thousands separated by commas in the integer part: 12345.5 → "12,345.5". */
function groupThousands(text: string): string {
  const [int = '', frac] = text.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** [mantissa, exponent] of a nonzero value, the mantissa with `digits` decimals and no trailing zeros. */
function splitScientific(value: number, digits: number): [string, number] {
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential(digits).split('e');
  return [mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa, Number(exponent)];
}

/** "m×10ᵏ", or "10ᵏ" when `bare` and the mantissa is 1; with a minus sign for negatives. */
function scientific(value: number, digits: number, bare: boolean): string {
  if (value === 0) return '0';
  const [mantissa, exponent] = splitScientific(value, digits);
  const power = `10${superscript(exponent)}`;
  const body = bare && mantissa === '1' ? power : `${mantissa}×${power}`;
  return value < 0 ? `\u2212${body}` : body;
}

/**
 * Labels for ticks that are multiples of `step`: as many decimals as the step needs and no more,
 * a minus sign for negatives, commas from 10,000 up, and m×10ᵏ from a billion up or below 10⁻⁵
 * (10ᵏ when every mantissa is 1).
 */
export function formatTicks(values: readonly number[], step: Step): string[] {
  const decimals = Math.max(0, -step.exponent);
  const largest = Math.max(0, ...values.map(Math.abs));
  if (largest >= 1e9 || decimals > 5) {
    const digits = (v: number) =>
      Math.min(15, Math.max(0, Math.floor(Math.log10(Math.abs(v)) + SLACK) - step.exponent));
    const nonzero = values.filter((v) => v !== 0);
    const bare = nonzero.every((v) => splitScientific(v, digits(v))[0] === '1');
    return values.map((v) => scientific(v, v === 0 ? 0 : digits(v), bare));
  }
  return values.map((v) => {
    const text = (v + 0).toFixed(decimals);
    const fixed = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
    return withMinus(largest >= 1e4 ? groupThousands(fixed) : fixed);
  });
}

/**
 * Labels for log-axis ticks m × 10^k, all in one style: plain numbers when every tick lies between
 * 0.001 and 100,000, otherwise m×10ᵏ (10ᵏ for m = 1).
 */
export function formatLogTicks(values: readonly number[]): string[] {
  const exponents = values.map((v) => Math.floor(Math.log10(v) + SLACK));
  const plain = exponents.every((k) => k >= -3 && k <= 5);
  return values.map((v, i) => {
    const k = exponents[i]!;
    if (!plain)
      return scientific(
        v,
        0,
        values.every((u) => splitScientific(u, 0)[0] === '1'),
      );
    const text = v.toFixed(Math.max(0, -k));
    return exponents.some((e) => e >= 4) ? groupThousands(text) : text;
  });
}
