import type { KatexOptions } from 'katex';

/** Site-wide LaTeX macros: the one place to define notation shared by posts. */
export const macros: Readonly<Record<string, string>> = Object.freeze({
  '\\E': '\\mathbb{E}',
  '\\R': '\\mathbb{R}',
  '\\N': '\\mathcal{N}',
  '\\KL': '\\operatorname{KL}',
  '\\dd': '\\mathrm{d}',
  '\\argmax': '\\operatorname*{arg\\,max}',
  '\\argmin': '\\operatorname*{arg\\,min}',
  '\\given': '\\,\\vert\\,',
});

export type MathOptions = Omit<KatexOptions, 'displayMode' | 'throwOnError'>;

/**
 * Options for one document. KaTeX writes `\gdef` definitions (and `\tag` bookkeeping) into the
 * macros object, so each document gets its own copy: nothing one post defines leaks into another.
 */
export function katexOptions(): MathOptions {
  return {
    macros: { ...macros },
    // Unicode text or `\\` outside an environment in math is an authoring mistake: fail the build.
    strict: 'error',
    trust: false,
  };
}
