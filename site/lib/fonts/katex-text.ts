/**
 * The characters KaTeX sets in its own fonts on a built page: the text of each formula's HTML
 * (`<span class="katex-html">`), with KaTeX's escapes decoded. The MathML copy beside it is
 * left out: it is hidden, and what a browser does render of MathML comes in its own math font.
 */

const formula = '<span class="katex">';
/** A span tag (group 1: "/" when closing; group 2: its class), another tag, or text (group 3). */
const token = /<(\/?)span\b(?:[^>]*?\bclass="([^"]*)")?[^>]*>|<[^>]*>|([^<]+)/g;
const entity = /&(?:amp|lt|gt|quot|#x27|#39|#(\d+)|#x([0-9a-f]+));/gi;
const named: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
};

function decode(text: string): string {
  return text.replace(entity, (match, decimal?: string, hex?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return named[match.toLowerCase()] ?? match;
  });
}

export function katexText(html: string): string {
  let text = '';
  let at = html.indexOf(formula);
  while (at !== -1) {
    // KaTeX's spans are balanced: the formula ends where its outer span closes.
    let depth = 0;
    /** The depth of the open `katex-mathml` span, while inside one. */
    let mathml: number | undefined;
    token.lastIndex = at;
    for (let match = token.exec(html); match; match = token.exec(html)) {
      const [, slash, classes, words] = match;
      if (words !== undefined) {
        if (mathml === undefined) text += decode(words);
      } else if (slash === '/') {
        if (depth === mathml) mathml = undefined;
        depth -= 1;
        if (depth === 0) break;
      } else if (slash === '') {
        depth += 1;
        if (classes === 'katex-mathml') mathml = depth;
      }
    }
    at = html.indexOf(formula, token.lastIndex);
  }
  return text;
}
