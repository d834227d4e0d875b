/**
 * A small BibTeX reader, written from the format's rules rather than from the writer: an entry is
 * `@type{key, name = value, …}`, a value is a braced group (nested braces balance), a quoted
 * string or a bare word. Values come back with the outer delimiters removed, LaTeX escapes intact.
 */
export function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> } {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`BibTeX: ${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expectChar = (c: string) => {
    skipSpace();
    if (text[i] !== c) fail(`expected ${JSON.stringify(c)}`);
    i++;
  };
  const word = () => {
    skipSpace();
    const m = /^[A-Za-z0-9_:.-]+/.exec(text.slice(i));
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const braced = () => {
    const start = ++i;
    let depth = 1;
    while (depth > 0) {
      if (i >= text.length) fail('unbalanced braces');
      const c = text[i++];
      if (c === '\\')
        i++; // an escaped brace does not count
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    return text.slice(start, i - 1);
  };
  expectChar('@');
  const type = word();
  expectChar('{');
  const key = word();
  const fields: Record<string, string> = {};
  for (;;) {
    skipSpace();
    if (text[i] === '}') break;
    expectChar(',');
    skipSpace();
    if (text[i] === '}') break;
    const name = word().toLowerCase();
    expectChar('=');
    skipSpace();
    if (name in fields) fail(`duplicate field ${name}`);
    fields[name] = text[i] === '{' ? braced() : word();
  }
  i++;
  skipSpace();
  if (i !== text.length) fail('text after the entry');
  return { type, key, fields };
}

/** What LaTeX prints for a field's text (the escapes the writer may use, and grouping braces). */
export function printed(value: string): string {
  return value
    .replace(/\\textbackslash\{\}/g, '\uE002')
    .replace(/\\textasciitilde\{\}/g, '~')
    .replace(/\\textasciicircum\{\}/g, '^')
    .replace(/\\([{}&%$#_])/g, (_, c: string) => (c === '{' ? '\uE000' : c === '}' ? '\uE001' : c))
    .replace(/[{}]/g, '')
    .replace(/\uE000/g, '{')
    .replace(/\uE001/g, '}')
    .replace(/\uE002/g, '\\');
}
