/**
 * Which posts a feed carries, and one rendering of each: the site feed, its tags' feeds and the JSON
 * feed all run in one build process and share posts, so each post and content version is rendered
 * once however many feeds carry it.
 */

/** What identifies a post's content: an edited post (a new digest) is rendered again. */
export interface Versioned {
  id: string;
  digest?: string | number | undefined;
  body?: string | undefined;
}

export function feedWindow<P extends Versioned, I>(
  limit: number,
  render: (post: P) => Promise<I>,
): (posts: readonly P[]) => Promise<I[]> {
  const rendered = new Map<string, Promise<I>>();
  return (posts) =>
    Promise.all(
      posts.slice(0, limit).map((post) => {
        const key = `${post.id}\n${post.digest ?? post.body ?? ''}`;
        let item = rendered.get(key);
        if (!item) rendered.set(key, (item = render(post)));
        return item;
      }),
    );
}
