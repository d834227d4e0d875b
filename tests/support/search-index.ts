/**
 * Reads a built Pagefind index (dist/client/pagefind/): what the search tests and the search
 * benchmark look at. Pagefind gzips its chunks and prefixes the decompressed bytes with a
 * signature; a fragment is then the JSON of one indexed page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const SIGNATURE = 'pagefind_dcd';

export interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  anchors: { element: string; id: string; text: string }[];
}

export function readFragments(client: string): Fragment[] {
  const dir = join(client, 'pagefind', 'fragment');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pf_fragment'))
    .map((f) => {
      const text = gunzipSync(readFileSync(join(dir, f))).toString('utf8');
      if (!text.startsWith(SIGNATURE)) throw new Error(`${f}: not a Pagefind fragment`);
      return JSON.parse(text.slice(SIGNATURE.length)) as Fragment;
    });
}

/** The index's files (the precompressed copies the server adds are left out) and their bytes. */
export function indexFiles(client: string): { path: string; bytes: number }[] {
  const dir = join(client, 'pagefind');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !/\.(br|gz)$/.test(f) && statSync(join(dir, f)).isFile())
    .map((f) => ({ path: f.replace(/\\/g, '/'), bytes: statSync(join(dir, f)).size }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
