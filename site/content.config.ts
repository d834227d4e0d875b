import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { site } from './config.ts';
import { postSchema } from './lib/post-schema.ts';

const posts = defineCollection({
  // One folder per post; the folder name is the slug.
  loader: glob({
    base: site.postsDir,
    pattern: '*/index.mdx',
    generateId: ({ entry }) => entry.split('/')[0] ?? entry,
  }),
  schema: postSchema,
});

export const collections = { posts };
