/** A post's table of contents: its sections, each with its subsections nested inside. */
export interface TocHeading {
  depth: number;
  slug: string;
  text: string;
}

export interface TocEntry extends TocHeading {
  children: TocHeading[];
}

/**
 * Sections (h2) and subsections (h3) only: deeper levels clutter a table of contents. A
 * subsection before the first section stands on its own.
 */
export function tocTree(headings: readonly TocHeading[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const h of headings) {
    if (h.depth === 2 || (h.depth === 3 && entries.length === 0)) entries.push({ ...h, children: [] });
    else if (h.depth === 3) entries.at(-1)!.children.push(h);
  }
  return entries;
}
