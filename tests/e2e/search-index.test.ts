/**
 * The search index of the fixture build (tests/e2e/run.ts builds it into E2E_OUT_DIR): every
 * published post and nothing else, with prose, headings and captions but not the math markup,
 * the demos' UI or the post page's furniture.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, outDir, root } from '../support/harness.ts';
import { indexFiles, readFragments } from '../support/search-index.ts';
import { builtPages } from '../../site/server/http/built-pages.ts';

const client = join(outDir, 'client');
const fragments = readFragments(client);
const byUrl = new Map(fragments.map((f) => [f.url, f]));

/** The fixture posts whose frontmatter does not say `draft: true`, as URL paths. */
const published = readdirSync(join(root, fixturesDir))
  .filter((slug) => !/^draft:\s*true\s*$/m.test(readFileSync(join(root, fixturesDir, slug, 'index.mdx'), 'utf8')))
  .map((slug) => `/posts/${slug}/`)
  .sort();

describe('the search index', () => {
  it('holds every published post, once, and no draft or other page', () => {
    const built = builtPages(client)
      .map((p) => p.path)
      .filter((p) => /^\/posts\/[^/]+\/$/.test(p))
      .sort();
    assert.deepEqual(built, published, 'the build has exactly the published posts');
    assert.deepEqual([...byUrl.keys()].sort(), published);
    assert.equal(fragments.length, published.length, 'one fragment per post');
    assert.ok(!byUrl.has('/posts/draft-post/'));
    assert.ok(!fragments.some((f) => /unfinished draft/i.test(f.content)));
    const entry = JSON.parse(readFileSync(join(client, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    assert.equal(entry.languages.en.page_count, published.length);
  });

  it('indexes titles, headings, prose and figure captions', () => {
    const post = byUrl.get('/posts/math-heavy/')!;
    assert.equal(post.meta.title, 'The evidence lower bound, derived twice');
    assert.match(post.content, /Multiplying and dividing by it inside the integral changes nothing/);
    assert.match(post.content, /Figure 1: A schematic: the bound \(lower curve\) stays below/);
    const headings = post.anchors.filter((a) => a.element === 'h2').map((a) => a.id);
    assert.ok(headings.includes('second-derivation-the-kl-divergence'), headings.join(', '));
  });

  it('leaves out KaTeX markup, demo UI, the contents, the post meta and the citation block', () => {
    const math = byUrl.get('/posts/math-heavy/')!.content;
    // The formulas' MathML and HTML copies would put these in the text.
    assert.doesNotMatch(math, /[θϕ∣]|logp|\\mathcal|katex/);
    assert.doesNotMatch(math, /\bContents\b/, 'the table of contents');
    assert.doesNotMatch(math, /min read/, 'the post meta');
    assert.doesNotMatch(math, /Cite this post|BibTeX|View this post's source/);
    const demo = byUrl.get('/posts/latent-pad-demo/')!.content;
    assert.match(demo, /A digit drawn here is cropped/, 'a demo figure keeps its caption');
    assert.doesNotMatch(demo, /Use a test digit|Undo|An interactive demo/, 'the islands are not indexed');
  });

  it('ships only the files the search page uses', () => {
    const files = indexFiles(client).map((f) => f.path);
    assert.ok(files.includes('pagefind.js') && files.includes('pagefind-entry.json'), files.join(', '));
    assert.ok(files.some((f) => f.endsWith('.pf_index')));
    assert.ok(!files.some((f) => /^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(f)), files.join(', '));
    assert.ok(!files.some((f) => f.endsWith('.html')), 'no playground');
  });
});
