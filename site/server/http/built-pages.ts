/** The pages of a built site (its client folder) and the URL path each is served at. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BuiltPage {
  file: string;
  /** `/about/` for about/index.html, `/404.html` for 404.html. */
  path: string;
}

export function builtPages(client: string): BuiltPage[] {
  return readdirSync(client, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => ({ file: join(client, f), path: '/' + f.replace(/\\/g, '/').replace(/(^|\/)index\.html$/, '$1') }));
}
