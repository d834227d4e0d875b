/**
 * What the link-preview card of a post and of the home page say, from the post entries and the
 * site settings; and the check of a post's key figure (`image:` in its frontmatter).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { formatDate } from '../dates.ts';
import { errors, formatError } from '../errors.ts';
import type { PostFrontmatter } from '../post-schema.ts';
import type { SiteConfig } from '../../config.ts';
import type { CardInput } from './og-image.ts';
import { pngSize, type FigureKind } from './render.ts';

/** The parts of a post entry a card needs (a CollectionEntry<'posts'> has them). */
export interface PostLike {
  id: string;
  /** The post's index.mdx, relative to the project root. */
  filePath?: string | undefined;
  data: Pick<PostFrontmatter, 'title' | 'date' | 'image'>;
}

type SiteLike = Pick<SiteConfig, 'title' | 'tagline' | 'url' | 'postsDir'>;

const host = (site: { url: string }) => new URL(site.url).host;

export function postCardInput(post: PostLike, site: SiteLike, root: string): CardInput {
  return {
    title: post.data.title,
    date: formatDate(post.data.date),
    siteName: site.title,
    host: host(site),
    figure: keyFigure(post, site.postsDir, root),
  };
}

/** The home page's card: the tagline, and the date of the newest post (`posts` newest first). */
export function homeCardInput(posts: PostLike[], site: Omit<SiteLike, 'postsDir'>): CardInput {
  const newest = posts[0];
  return {
    title: site.tagline,
    date: newest ? `Latest post: ${formatDate(newest.data.date)}` : '',
    siteName: site.title,
    host: host(site),
  };
}

/**
 * The post's key figure, read and checked: the file must exist beside the post and be a PNG (by
 * its signature) or an SVG (by its root element). A bad one fails the build with the post named.
 */
export function keyFigure(post: PostLike, postsDir: string, root: string): CardInput['figure'] {
  const image = post.data.image;
  if (image === undefined) return undefined;
  const folder = post.filePath ? dirname(post.filePath) : join(postsDir, post.id);
  const resolved = join(root, folder, image);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolved);
  } catch {
    throw new Error(formatError(errors.keyFigureMissing, post.id, image, join(folder, image)));
  }
  const kind: FigureKind = extname(image).toLowerCase() === '.png' ? 'png' : 'svg';
  if (!(kind === 'png' ? isPng(bytes) : isSvg(bytes)))
    throw new Error(formatError(errors.keyFigureFormat, post.id, image));
  return { bytes, kind };
}

function isPng(bytes: Buffer): boolean {
  try {
    pngSize(bytes);
    return true;
  } catch {
    return false;
  }
}

const isSvg = (bytes: Buffer) =>
  /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(bytes.toString('utf8', 0, 4096));
