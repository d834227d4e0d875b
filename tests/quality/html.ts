/**
 * HTML validity of every built page with html-validate: the standard-conformance rules plus the
 * document rules (duplicate ids, a title, a lang). Rules that object to what the site does on
 * purpose are switched off here, each with its reason.
 */
import { readFileSync } from 'node:fs';
import { HtmlValidate, type Message } from 'html-validate';
import { builtPages } from '../../site/server/http/built-pages.ts';

const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:document'],
  rules: {
    // Astro writes <astro-island> and <astro-slot>, custom elements the validator cannot know.
    'no-unknown-elements': 'off',
    // Subresource integrity is for files from other origins; every stylesheet here is our own.
    'require-sri': 'off',
  },
});

export interface HtmlProblem {
  page: string;
  line: number;
  rule: string;
  message: string;
}

function problems(page: string, messages: Message[]): HtmlProblem[] {
  return messages.map((m) => ({ page, line: m.line, rule: m.ruleId, message: m.message }));
}

// Astro puts this one <style> before the first island, wherever that is (a <div> included).
const ASTRO_ISLAND_STYLE = '<style>astro-island,astro-slot,astro-static-slot{display:contents}</style>';

export async function validateHtml(html: string, page = 'inline'): Promise<HtmlProblem[]> {
  const report = await validator.validateString(html.replace(ASTRO_ISLAND_STYLE, ''), page);
  return report.results.flatMap((r) => problems(page, r.messages));
}

export async function validateSite(client: string): Promise<{ problems: HtmlProblem[]; pages: number }> {
  const pages = builtPages(client);
  const all = await Promise.all(pages.map((p) => validateHtml(readFileSync(p.file, 'utf8'), p.path)));
  return { problems: all.flat(), pages: pages.length };
}
