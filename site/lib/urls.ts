import { site } from '../config.ts';

/** Absolute URL of a site path, for canonical links, feeds and social cards. */
export function absoluteUrl(path: string, base: string = site.url): string {
  return new URL(path.replace(/^\/+/, ''), `${base}/`).href;
}

/** Link to a post's MDX source in the repository. */
export function sourceUrl(filePath: string): string {
  return `${site.repo.url}/blob/${site.repo.branch}/${filePath.replace(/^\.\//, '')}`;
}
