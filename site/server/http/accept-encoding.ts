/** Choosing a content coding from Accept-Encoding (RFC 9110 §12.5.3) among the copies a file has. */

export type Coding = 'br' | 'gzip';

/** Ties go to the first: brotli is smaller. */
export const CODINGS: readonly Coding[] = ['br', 'gzip'];

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The available coding the client weighs highest (a coding it does not name takes the weight of
 * `*`, if it sent one; q=0 refuses), or null for the file as it is. Without the header at all,
 * RFC 9110 would allow any coding, but clients that send none (curl, scripts) want plain bytes.
 */
export function negotiateEncoding(header: string | undefined, available: readonly Coding[]): Coding | null {
  const weights = parseWeights(header ?? '');
  let best: Coding | null = null;
  let bestWeight = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (available.includes(coding) && weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/** Coding name (lower case) → weight; a member with a malformed q is left out. */
function parseWeights(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const member of header.split(',')) {
    const [name, ...params] = member.split(';').map((s) => s.trim());
    if (!name) continue;
    let weight = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q') weight = value !== undefined && QVALUE.test(value) ? Number(value) : NaN;
    }
    if (!Number.isNaN(weight)) weights.set(name.toLowerCase(), weight);
  }
  return weights;
}
