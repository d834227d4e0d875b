import { z } from 'astro/zod';

/**
 * A calendar day. YAML reads an unquoted `2026-11-23` as a date and a quoted one as a string;
 * both are accepted, and anything else gets a message that says what to write.
 */
const day = z
  .union([z.date(), z.string()], {
    error: (issue) =>
      issue.input === undefined ? 'is required (a date such as 2026-11-23)' : 'must be a date such as 2026-11-23',
  })
  .pipe(z.coerce.date({ error: 'must be a date such as 2026-11-23' }));

/** Frontmatter of a post (`content/posts/<slug>/index.mdx`). */
export const postSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty'),
    /** First publication. */
    date: day,
    /** Last substantive revision; posts are living documents. */
    updated: day.optional(),
    /** One or two sentences for listings, feeds and search engines. */
    description: z.string().trim().min(1, 'must not be empty'),
    tags: z.array(z.string().trim().min(1)).default([]),
    /** Drafts render in `astro dev` only. */
    draft: z.boolean().default(false),
    /**
     * The key figure shown on the post's link-preview card: a PNG or SVG, relative to the post
     * folder (`./figures/samples.png`). That the file exists is checked when the card is built.
     */
    image: z
      .string()
      .regex(/^\.\/[^\s]*\.(png|svg)$/i, {
        error: 'must be a PNG or SVG file relative to the post folder, such as ./figures/samples.png',
      })
      .refine((p) => !p.split('/').includes('..'), { error: 'must stay inside the post folder (no ..)' })
      .optional(),
  })
  .refine((p) => !p.updated || p.updated >= p.date, {
    message: 'must not be earlier than date',
    path: ['updated'],
  });

export type PostFrontmatter = z.infer<typeof postSchema>;
