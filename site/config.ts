/**
 * Site identity and settings, resolved once into a complete, typed object.
 * Pages import `site` and never fill in defaults of their own.
 */

export interface Author {
  name: string;
  /** One sentence, shown beside every page. */
  blurb: string;
  /** A few paragraphs for the about page, plain text, one string per paragraph. */
  bio: string[];
  twitter: string;
  links: { label: string; href: string }[];
}

export interface SiteConfig {
  title: string;
  tagline: string;
  description: string;
  /** Absolute origin (and base path, if any) the site is served from, with no trailing slash. */
  url: string;
  lang: string;
  author: Author;
  /** Where the posts' sources live, for the "view source" links. */
  repo: { url: string; branch: string };
  /** Directory of post folders (`<slug>/index.mdx`), relative to the project root. */
  postsDir: string;
  postsPerPage: number;
  /** How many of the newest posts each feed carries, in full. */
  feedLength: number;
}

const author: Author = {
  name: 'Brian Keng',
  blurb:
    'Brian Keng started out as an academic in computer engineering and now works as a data scientist and engineer. He writes here to understand things properly.',
  bio: [
    'I started out in academic research in computer engineering. These days I work in industry as a data scientist and engineer, building the machine learning systems that companies actually run.',
    'This blog is where I work through the ideas behind those systems until they make sense to me: the derivations, the experiments and the small details that papers leave out. Each post is a living document. The numbers, figures and interactive demos come from code in the same repository, so anyone can rerun them and check my work.',
    'The name is a nod to Herbert Simon: we all decide with limited time, information and attention, and the best we can do is to be honest about those limits.',
  ],
  twitter: 'bjlkeng',
  links: [
    { label: 'Twitter', href: 'https://twitter.com/bjlkeng' },
    { label: 'GitHub', href: 'https://github.com/bjlkeng' },
  ],
};

export type Env = Record<string, string | undefined>;

/** Build the site settings; `env` may override the deployment-specific parts. */
export function resolveSiteConfig(env: Env): SiteConfig {
  const url = (env.SITE_URL ?? 'https://bjlkeng.io').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new Error(`SITE_URL must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  return {
    title: 'Bounded Rationality',
    tagline: 'Machine learning, worked through carefully',
    description:
      'Long-form, reproducible notes on machine learning: derivations, honest experiments and interactive demos that run in your browser.',
    url,
    lang: 'en',
    author,
    repo: {
      url: (env.REPO_URL ?? 'https://github.com/bjlkeng/bounded-rationality').replace(/\/+$/, ''),
      branch: env.REPO_BRANCH ?? 'main',
    },
    postsDir: env.POSTS_DIR ?? 'content/posts',
    postsPerPage: 10,
    // Readers poll feeds: the newest 20 posts in full keep one a few hundred KB however many
    // posts the blog has (with every post, the seed blog's would be megabytes, and each build
    // would render every post once per feed).
    feedLength: 20,
  };
}

export const site: SiteConfig = resolveSiteConfig(process.env);
