import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { stripVTControlCharacters } from 'node:util';
import { fixtureEnv, fixturesDir, root, waitForHttp } from '../support/harness.ts';

const astro = join(root, 'node_modules', '.bin', 'astro');
// Inside the project: the server half of the build resolves its packages from node_modules.
mkdirSync(join(root, 'tests', '.output'), { recursive: true });
const work = mkdtempSync(join(root, 'tests', '.output', 'build-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Run `astro build` over a folder of posts; resolves with the exit code and everything printed. */
function build(postsDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(astro, ['build', '--outDir', join(work, 'dist')], {
      cwd: root,
      env: fixtureEnv('https://example.org', postsDir),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Astro colours its errors when it thinks a terminal or CI is watching.
    child.on('exit', (code) => resolve({ code: code ?? 1, output: stripVTControlCharacters(output) }));
  });
}

function postsWith(name: string, mdx: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'index.mdx'), mdx);
  return dir;
}

describe('the build fails loudly on an authoring mistake', () => {
  it('names the file and the LaTeX when KaTeX cannot parse a formula', async () => {
    const dir = postsWith(
      'math',
      "---\ntitle: 'Broken'\ndate: 2026-01-01\ndescription: 'x'\n---\n\nFine $x$.\n\nBroken $\\frac{1}{$.\n",
    );
    const { code, output } = await build(dir);
    assert.notEqual(code, 0);
    assert.match(output, /Math could not be rendered: KaTeX could not parse `\\frac\{1\}\{`/);
    assert.match(output, /broken\/index\.mdx:9/);
  });

  it('names the file and the field when frontmatter is invalid', async () => {
    const dir = postsWith('frontmatter', "---\ntitle: 'No date'\ndescription: 'x'\n---\n\nText.\n");
    const { code, output } = await build(dir);
    assert.notEqual(code, 0);
    assert.match(output, /posts → broken data does not match collection schema/);
    assert.match(output, /date.*is required \(a date such as 2026-11-23\)/);
    assert.match(output, /broken\/index\.mdx/);
  });

  it('names the post and the path when its key figure does not exist', async () => {
    const dir = postsWith(
      'figure',
      "---\ntitle: 'No figure'\ndate: 2026-01-01\ndescription: 'x'\nimage: ./figures/gone.png\n---\n\nText.\n",
    );
    const { code, output } = await build(dir);
    assert.notEqual(code, 0);
    assert.match(output, /Key figure not found: The post "broken" names the key figure `image: .\/figures\/gone\.png`/);
    assert.match(output, /broken\/figures\/gone\.png does not exist/);
  });
});

describe('a rebuild', () => {
  it('reads unchanged posts back compiled, makes the same pages, and compiles an edited post', async () => {
    const posts = join(work, 'rebuild-posts');
    // Text no earlier run wrote, so that no earlier build's cache entries count here.
    const nonce = randomUUID();
    const write = (slug: string, body: string) => {
      mkdirSync(join(posts, slug), { recursive: true });
      writeFileSync(
        join(posts, slug, 'index.mdx'),
        `---\ntitle: '${slug}'\ndate: 2026-01-01\ndescription: 'x'\n---\n\n${body} (${nonce})\n`,
      );
    };
    // KaTeX's markup goes into the page as a string: HTML-special characters, SVG (the root sign)
    // and MathML must arrive exactly as KaTeX wrote them, and a heading's formula must read as its
    // LaTeX in the heading's id and the table of contents.
    const inline = ['p_\\theta(x) = \\int p_\\theta(x \\mid z)\\, p(z)\\, dz', 'a < b \\,\\&\\, \\text{"q"}', 'D'];
    const display = '\\sqrt{\\widehat{x}} < 1';
    write(
      'with-math',
      [
        '## One pass, $D$ passes',
        `The density $${inline[0]}$ is intractable, and $${inline[1]}$.`,
        `$$\n${display}\n$$`,
        '## Two',
        '## Three',
      ].join('\n\n'),
    );
    write('plain', 'Only words.');
    const page = (slug: string) => readFileSync(join(work, 'dist', 'client', 'posts', slug, 'index.html'), 'utf8');
    const counts = (output: string) => {
      const match = /posts: (\d+) unchanged \(read back compiled\), (\d+) compiled/.exec(output);
      assert.ok(match, `the build says what it compiled:\n${output}`);
      return { unchanged: Number(match[1]), compiled: Number(match[2]) };
    };

    const first = await build(posts);
    assert.equal(first.code, 0, first.output);
    const compiled = counts(first.output).compiled;
    assert.ok(compiled >= 2, 'both new posts are compiled');
    const [mathPage, plainPage] = [page('with-math'), page('plain')];
    for (const latex of inline) {
      assert.ok(mathPage.includes(katex.renderToString(latex)), `KaTeX's markup for ${latex}`);
    }
    const displayed = katex.renderToString(display, { displayMode: true });
    assert.ok(displayed.includes('<svg'), 'the root sign is drawn as SVG');
    assert.ok(
      mathPage.includes(displayed.replace('<span class="katex-display">', '<span class="katex-display" tabindex="0">')),
      "the display equation is KaTeX's markup, focusable",
    );
    assert.match(mathPage, /<h2 id="one-pass-d-passes">One pass, <span class="katex">/);
    assert.match(mathPage, /<a href="#one-pass-d-passes"[^>]*>One pass, D passes<\/a>/);

    const again = await build(posts);
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(counts(again.output), { unchanged: counts(first.output).unchanged + compiled, compiled: 0 });
    assert.equal(page('with-math'), mathPage, 'a post read back makes the same page');
    assert.equal(page('plain'), plainPage);

    write('with-math', 'Now $e^{i\\pi} + 1 = 0$ instead.');
    const edited = await build(posts);
    assert.equal(edited.code, 0, edited.output);
    assert.equal(counts(edited.output).compiled, 1);
    assert.match(page('with-math'), /Now <span class="katex">/);
    assert.doesNotMatch(page('with-math'), /intractable/);
    // KaTeX's fonts are cut to the characters of the whole site's formulas, so every page now points
    // at new cuts (the edit set other characters); nothing else of the other post changed.
    const katexFonts = (html: string) => html.match(/\/_astro\/KaTeX_[\w-]+\.[\w-]+\.woff2/g) ?? [];
    const fontless = (html: string) => html.replace(/\/_astro\/KaTeX_[\w-]+\.[\w-]+\.woff2/g, 'KATEX_FONT');
    assert.ok(katexFonts(plainPage).length > 0);
    assert.notDeepEqual(katexFonts(page('plain')), katexFonts(plainPage));
    assert.equal(fontless(page('plain')), fontless(plainPage));
  });
});

describe('astro dev', () => {
  it('shows drafts, which production builds leave out, and new training results without a restart', async () => {
    // Its own copy of the fixtures, so the dev server's file watching touches nothing shared.
    const posts = join(work, 'dev-posts');
    cpSync(join(root, fixturesDir), posts, { recursive: true });
    // A post that quotes a results file, which training rewrites as artifacts.ts does: a temporary
    // file renamed over the old one.
    const live = join(posts, 'live-results');
    mkdirSync(join(live, 'results'), { recursive: true });
    const writeResults = (nll: number) => {
      const file = join(live, 'results', 'live-results.json');
      writeFileSync(`${file}.tmp`, JSON.stringify({ metrics: { testNll: nll } }));
      renameSync(`${file}.tmp`, file);
    };
    writeResults(84.81);
    writeFileSync(
      join(live, 'index.mdx'),
      "---\ntitle: 'Live results'\ndate: 2026-06-01\ndescription: 'x'\n---\n\n" +
        "import results from './results/live-results.json';\n\nTest NLL: {results.metrics.testNll} nats.\n",
    );
    const port = 4400 + Math.floor(Math.random() * 500);
    const dev = spawn(astro, ['dev', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: root,
      env: fixtureEnv(`http://127.0.0.1:${port}`, posts),
      stdio: 'ignore',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
      const draft = await fetch(`http://127.0.0.1:${port}/posts/draft-post/`);
      assert.equal(draft.status, 200);
      assert.match(await draft.text(), /Draft: not published/);
      assert.match(
        await (await fetch(`http://127.0.0.1:${port}/`)).text(),
        /An unfinished draft about normalizing flows/,
      );
      const page = async () => (await fetch(`http://127.0.0.1:${port}/posts/live-results/`)).text();
      assert.match(await page(), /Test NLL: 84\.81 nats/);
      writeResults(79.5);
      // Wait on the state, not a fixed time: the watcher sees the rename when it sees it.
      const deadline = Date.now() + 30_000;
      let text = await page();
      while (!/Test NLL: 79\.5 nats/.test(text) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        text = await page();
      }
      assert.match(text, /Test NLL: 79\.5 nats/, 'the dev server serves the rewritten results');
    } finally {
      dev.kill('SIGTERM');
    }
  });
});
