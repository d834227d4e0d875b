/**
 * Page-weight budgets, gzipped. The numbers are the site's promise to readers; a change that
 * breaks one must either earn its bytes back or change the budget here, in review.
 */
import type { PageWeight } from './page-weight.ts';

export const BUDGETS = {
  /** A post without demos runs no script file at all. */
  textPostScriptFiles: 0,
  /** HTML + CSS of the longest, most math-heavy post. */
  mathPostHtmlCssKiB: 60,
  /** Script a demo page runs before interaction (the model runtime loads on demand). */
  demoPageJsKiB: 30,
};

export type PageKind = 'text' | 'demo';

export function budgetProblems(weight: PageWeight, kind: PageKind): string[] {
  const kib = (n: number) => n / 1024;
  const problems: string[] = [];
  if (kind === 'text' && weight.scriptFiles > BUDGETS.textPostScriptFiles) {
    problems.push(`${weight.page}: a post without demos loads ${weight.scriptFiles} script files`);
  }
  if (kib(weight.html + weight.css) > BUDGETS.mathPostHtmlCssKiB) {
    problems.push(
      `${weight.page}: HTML + CSS is ${kib(weight.html + weight.css).toFixed(1)} KiB, over the ` +
        `${BUDGETS.mathPostHtmlCssKiB} KiB budget`,
    );
  }
  if (kind === 'demo' && kib(weight.js) > BUDGETS.demoPageJsKiB) {
    problems.push(
      `${weight.page}: ${kib(weight.js).toFixed(1)} KiB of script before interaction, over the ` +
        `${BUDGETS.demoPageJsKiB} KiB budget`,
    );
  }
  return problems;
}

/** A page is a demo page when it hydrates islands. */
export const isDemoPage = (html: string) => html.includes('<astro-island');
