import { defineConfig } from 'astro/config';
import { defaultClientConditions } from 'vite';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import node from '@astrojs/node';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import { site } from './site/config.ts';
import remarkCrossRefs from './site/lib/markdown/remark-cross-refs.ts';
import remarkTeaser from './site/lib/markdown/remark-teaser.ts';
import remarkReadingTime from './site/lib/markdown/remark-reading-time.ts';
import rehypeMath from './site/lib/markdown/rehype-math.ts';
import rehypeCellAlign from './site/lib/markdown/rehype-cell-align.ts';
import { fontsWoff2Only } from './site/lib/fonts/woff2-only.ts';
import { mdxCompileCache } from './site/lib/markdown/mdx-compile-cache.ts';
import { servingIntegration } from './site/server/http/integration.ts';
import { searchIndexIntegration } from './site/lib/search/integration.ts';
import { katexFontsIntegration } from './site/lib/fonts/integration.ts';

export default defineConfig({
  site: site.url,
  srcDir: './site',
  publicDir: './site/public',
  trailingSlash: 'ignore',
  // Stylesheets go into each page: a first visit (most readers arrive from a link) then paints
  // from the HTML alone instead of waiting on two more round trips for render-blocking CSS.
  // Four pages at a time: link-preview cards are drawn on worker threads (site/lib/og/render-pool.ts),
  // so the cards in flight together are drawn in parallel.
  build: { format: 'directory', inlineStylesheets: 'always', concurrency: 4 },
  integrations: [
    // Static HTML in a post (KaTeX's output above all: hundreds of spans per formula) is compiled
    // as one string rather than as JSX that is rendered back to the same HTML: Vite's compile of
    // a generated math-heavy post went from about 72 to 53 ms. Components stay components.
    mdx({ optimize: true }),
    // A post whose source (and whose compiler: plugins, config, packages) did not change since the
    // last build is read back compiled instead of compiled again.
    mdxCompileCache(),
    // Only .tsx files hold JSX: Babel (which @astrojs/preact always runs) skips the plain .ts modules.
    preact({ include: [/\.[jt]sx$/] }),
    // Links from emails are not pages to index.
    sitemap({ filter: (page) => !/\/(subscribe\/confirm|unsubscribe)\/$/.test(new URL(page).pathname) }),
    // Before serving, which precompresses what these two write: KaTeX's fonts cut to the glyphs the
    // pages use (the pages are pointed at the cut copies), and the search index.
    katexFontsIntegration(),
    searchIndexIntegration(),
    // Last: it reads the finished HTML (CSP hashes) and compresses the output.
    servingIntegration(),
  ],
  // Pages are prerendered; the subscription routes (`prerender = false`) run in the same Node server.
  adapter: node({ mode: 'standalone', bodySizeLimit: 64 * 1024 }),
  security: {
    // The subscription routes check Origin/Referer themselves (site/server/newsletter/request.ts),
    // for JSON as well as form posts, and answer with a readable page instead of a bare 403.
    checkOrigin: false,
  },
  markdown: {
    // Math, numbering and teasers are remark/rehype plugins, which only the unified processor runs.
    processor: unified({
      // Order matters: math must be parsed before equations are numbered, and numbers must
      // exist before the teaser is rendered.
      remarkPlugins: [remarkMath, remarkCrossRefs, remarkTeaser, remarkReadingTime],
      rehypePlugins: [rehypeMath, rehypeCellAlign],
      remarkRehype: { footnoteLabel: 'Notes', footnoteLabelProperties: { className: ['footnotes-title'] } },
    }),
    shikiConfig: {
      // The high-contrast light theme: plain github-light has tokens below WCAG AA on white.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark' },
      // Both themes' colours become CSS variables; the stylesheet picks one per colour scheme.
      defaultColor: false,
    },
  },
  vite: {
    plugins: [fontsWoff2Only()],
    // onnxruntime-web's build that loads its wasm from a URL we give it, so exactly one copy ships.
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
    worker: { format: 'es' },
    build: {
      rolldownOptions: {
        // Astro marks MDX modules with a "use astro:head-inject" directive that it handles itself;
        // the bundler warns about it once per post, which buries real warnings.
        checks: { moduleLevelDirective: false },
      },
    },
  },
});
