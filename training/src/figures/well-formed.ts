/**
 * Throws unless `xml` is a well-formed document with one root element: tags balanced, attributes
 * quoted and not repeated, no stray `<` or unknown entities in text. Enough for generated SVG, which
 * has no DOCTYPE, CDATA or processing instructions. For the figure tests: a figure that is not
 * well-formed XML shows nothing at all in an `<img>`.
 */
export function assertWellFormed(xml: string): string {
  const token =
    /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|</g;
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const open: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(token)) {
    const [whole, close, name, attrs = '', selfClose, text] = m;
    if (text !== undefined) {
      if (entity.test(text)) throw new Error(`bad entity in text ${JSON.stringify(text.slice(0, 40))}`);
      if (open.length === 0 && text.trim())
        throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
      continue;
    }
    if (whole.startsWith('<!--')) continue;
    if (name === undefined) throw new Error(`stray "<" at offset ${m.index}`);
    const names = [...attrs.matchAll(/([\w.:-]+)\s*=\s*("[^"]*"|'[^']*')/g)].map((a) => {
      if (entity.test(a[2]!)) throw new Error(`bad entity in attribute ${a[1]} of <${name}>`);
      return a[1]!;
    });
    if (new Set(names).size !== names.length) throw new Error(`repeated attribute in <${name}>`);
    if (close) {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else {
      if (open.length === 0) roots += 1;
      if (!selfClose) open.push(name);
    }
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return xml;
}
