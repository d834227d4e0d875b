/**
 * Every internal link and anchor of a built site must resolve: pages, files, and the ids that
 * fragments point at (footnotes, figure and equation references, the table of contents). External
 * links are collected, not fetched: the check must not depend on the network.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtPages } from '../../site/server/http/built-pages.ts';

export interface LinkProblem {
  page: string;
  link: string;
  problem: string;
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Every href/src of elements that load or link, as written. */
function references(html: string): string[] {
  const found = [...html.matchAll(/<(?:a|link|img|script|source|area|iframe|use)\b[^>]*?\s(?:href|src)="([^"]*)"/gi)];
  return found.map((m) => decode(m[1]!));
}

function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decode(m[1]!)));
}

/**
 * `siteUrl`: absolute links to it count as internal. `onDemand`: paths served by the server rather
 * than files (they exist, and their anchors are not checked).
 */
export function checkLinks(
  client: string,
  options: { siteUrl: string; onDemand?: string[] },
): { problems: LinkProblem[]; external: string[]; checked: number } {
  const pages = builtPages(client);
  const idsByPath = new Map(pages.map((p) => [p.path, ids(readFileSync(p.file, 'utf8'))]));
  const site = new URL(options.siteUrl);
  const onDemand = new Set(options.onDemand ?? []);
  const problems: LinkProblem[] = [];
  const external = new Set<string>();
  let checked = 0;
  for (const page of pages) {
    const base = new URL(page.path, site);
    for (const link of references(readFileSync(page.file, 'utf8'))) {
      if (/^(mailto|tel|javascript|data|blob):/i.test(link)) continue;
      let url: URL;
      try {
        url = new URL(link, base);
      } catch {
        problems.push({ page: page.path, link, problem: 'not a valid URL' });
        continue;
      }
      if (url.origin !== site.origin) {
        external.add(url.href);
        continue;
      }
      checked += 1;
      const path = decodeURIComponent(url.pathname);
      const problem = (text: string) => problems.push({ page: page.path, link, problem: text });
      if (onDemand.has(path)) continue;
      let targetIds = idsByPath.get(path);
      if (!targetIds) {
        const file = join(client, path);
        if (existsSync(file) && statSync(file).isFile()) {
          if (url.hash) problem(`links into ${path}, which is not a page`);
          continue;
        }
        if (!path.endsWith('/') && idsByPath.has(`${path}/`)) targetIds = idsByPath.get(`${path}/`);
        else {
          problem(`${path} does not exist`);
          continue;
        }
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && !targetIds!.has(fragment)) problem(`no element with id "${fragment}" on ${path}`);
    }
  }
  return { problems, external: [...external].sort(), checked };
}
