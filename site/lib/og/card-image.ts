/** Where a page's link-preview card is served, and what its alt text says (for Head.astro). */
import { CARD_HEIGHT, CARD_WIDTH } from './card.ts';

export interface CardImage {
  /** Site path of the PNG, e.g. /og/made.png. */
  path: string;
  alt: string;
  width: number;
  height: number;
}

const card = (path: string, alt: string): CardImage => ({ path, alt, width: CARD_WIDTH, height: CARD_HEIGHT });

/** The home page's card, also used by every page without a card of its own (archive, tags, about). */
export function homeCardImage(site: { title: string; tagline: string }): CardImage {
  return card('/og/index.png', `${site.title}: ${site.tagline}. The site’s title card.`);
}

export function postCardImage(
  post: { id: string; data: { title: string; image?: string | undefined } },
  siteTitle: string,
): CardImage {
  const figure = post.data.image ? ', with the post’s key figure' : '';
  return card(`/og/${post.id}.png`, `${post.data.title}: the title card of ${siteTitle}${figure}.`);
}
