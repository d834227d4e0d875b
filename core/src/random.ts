/** Random numbers for demos, where each press of a button should give something new (unseeded). */

/** n independent standard-normal draws (Box–Muller over the browser's Math.random). */
export function standardNormals(n: number, uniform: () => number = Math.random): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
