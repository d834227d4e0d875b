/**
 * The components posts can use without importing them: the post page and the feed renderer pass
 * this map to every post's <Content />. (`<Ref>` is resolved at build time by remark-cross-refs.)
 */
import Figure from './Figure.astro';
import Table from './Table.astro';
import Aside from './Aside.astro';

export { Figure, Table, Aside };
export const mdxComponents = { Figure, Table, Aside };
