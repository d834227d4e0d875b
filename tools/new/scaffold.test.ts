import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as prettier from 'prettier';
import { parse } from 'yaml';
import { postSchema } from '../../site/lib/post-schema.ts';
import { ScaffoldError, checkIsland, checkTitle, defaultIsland, slugify, camelCase } from './names.ts';
import { REGISTRY, applyPlan, planScaffold, registerExperiment, type ScaffoldOptions } from './scaffold.ts';

const repo = join(import.meta.dirname, '..', '..');
const registry = readFileSync(join(repo, REGISTRY), 'utf8');
const now = new Date('2026-12-02T23:30:00Z');
const options = (o: Partial<ScaffoldOptions> = {}): ScaffoldOptions => ({
  title: 'Two Moons',
  experiment: false,
  demo: false,
  now,
  ...o,
});

describe('slugify and the name checks', () => {
  it('makes lower-case hyphenated slugs, without accents or punctuation', () => {
    expect(slugify('Building A Table Tennis Ranking Model')).toBe('building-a-table-tennis-ranking-model');
    expect(slugify('  Gödel, Escher & Bach: 2nd ed.  ')).toBe('godel-escher-bach-2nd-ed');
    expect(slugify('p(y | x) — the “posterior”')).toBe('p-y-x-the-posterior');
    expect(slugify('∑∫')).toBe('');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(30));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^word(-word)*$/);
  });

  it('refuses empty, multi-line, overlong and slug-less titles', () => {
    expect(() => checkTitle('')).toThrow(/needs a title/);
    expect(() => checkTitle('   ')).toThrow(/needs a title/);
    expect(() => checkTitle(undefined)).toThrow(ScaffoldError);
    expect(() => checkTitle('a\nb')).toThrow(/one line/);
    expect(() => checkTitle('x'.repeat(121))).toThrow(/121 characters/);
    expect(() => checkTitle('∑∫')).toThrow(/no letters or digits/);
    expect(checkTitle('  Fine  ')).toBe('Fine');
  });

  it('names islands and constants from the slug', () => {
    expect(defaultIsland('two-moons')).toBe('TwoMoonsDemo');
    expect(defaultIsland('2d-flows')).toBe('Post2dFlowsDemo');
    expect(camelCase('2d-flows')).toBe('post2dFlows');
    expect(() => checkIsland('twoMoons')).toThrow(/PascalCase/);
  });
});

describe('registerExperiment', () => {
  it('adds the import, the union member and the list entry, once', () => {
    const once = registerExperiment(registry, 'two-moons', 'twoMoons', 'TwoMoonsConfig');
    expect(once).toContain("import { twoMoons, type TwoMoonsConfig } from './two-moons.ts';");
    expect(once).toMatch(/\| Experiment<TwoMoonsConfig>;\n/);
    expect(once).toMatch(/\n {2}twoMoons,\n\];/);
    expect(registerExperiment(once, 'two-moons', 'twoMoons', 'TwoMoonsConfig')).toBe(once);
    // Nothing else changed.
    expect(once.split('\n').length).toBe(registry.split('\n').length + 3);
  });

  it('refuses a registry of another shape', () => {
    expect(() => registerExperiment('export const experiments = [];\n', 'a', 'a', 'AConfig')).toThrow(/shape/);
  });
});

describe('planScaffold and applyPlan', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'scaffold-'));
    mkdirSync(join(root, 'content', 'posts', 'taken'), { recursive: true });
    mkdirSync(join(root, 'training', 'src', 'experiments'), { recursive: true });
    mkdirSync(join(root, 'site', 'islands'), { recursive: true });
    writeFileSync(join(root, REGISTRY), registry);
    writeFileSync(join(root, 'training/src/experiments/other.ts'), "export const x = { name: 'used-name' };\n");
    writeFileSync(join(root, 'site/islands/TakenIsland.tsx'), '');
    writeFileSync(join(root, '.prettierrc.json'), readFileSync(join(repo, '.prettierrc.json')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Every file under the temporary root, so that a refused plan can be shown to have written nothing. */
  const snapshot = () =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .map(
        (e) =>
          join(e.parentPath, e.name) + (e.isFile() ? `: ${readFileSync(join(e.parentPath, e.name), 'utf8')}` : '/'),
      )
      .sort()
      .join('\n');

  it('writes a draft post, dated today in UTC, whose frontmatter the site accepts', async () => {
    const plan = await planScaffold(root, options());
    applyPlan(root, plan);
    const mdx = readFileSync(join(root, 'content/posts/two-moons/index.mdx'), 'utf8');
    const front = postSchema.parse(parse(/^---\n([\s\S]*?)\n---/.exec(mdx)![1]!));
    expect(front.date).toEqual(new Date('2026-12-02T00:00:00Z'));
    expect(front.draft).toBe(true);
    expect(front.title).toBe('Two Moons');
    expect(mdx).toMatch(/^\{\/\* more \*\/\}$/m);
    expect(mdx).toMatch(/^## /m);
    expect(mdx).toMatch(/\$\$\n[^$]+\n\$\$/);
    expect(plan.files.map((f) => f.path)).toEqual(['content/posts/two-moons/index.mdx']);
  });

  it('keeps titles with quotes, braces and comment ends out of harm in YAML, MDX and TypeScript', async () => {
    const plan = await planScaffold(root, options({ title: 'Sets {a} <b> */ done', experiment: true, demo: true }));
    const [mdx, module] = plan.files.map((f) => f.contents);
    expect(mdx!.split('---')[2]).not.toContain('{a}');
    expect(module).toContain('"Sets {a} <b> *\\/ done"');
  });

  it('quotes titles for YAML', async () => {
    const plan = await planScaffold(root, options({ title: "Bayes' Rule: #1", publish: true }));
    expect(parse(/^---\n([\s\S]*?)\n---/.exec(plan.files[0]!.contents)![1]!).title).toBe("Bayes' Rule: #1");
    expect(plan.files[0]!.contents).toContain('draft: false');
  });

  it('plans the experiment, its test, the island and the registry edit, formatted', async () => {
    const plan = await planScaffold(root, options({ experiment: true, demo: true }));
    expect(plan.files.map((f) => f.path)).toEqual([
      'content/posts/two-moons/index.mdx',
      'training/src/experiments/two-moons.ts',
      'training/src/experiments/two-moons.test.ts',
      'site/islands/TwoMoonsDemo.tsx',
      'site/islands/TwoMoonsDemo.css',
      REGISTRY,
    ]);
    const mdx = plan.files[0]!.contents;
    expect(mdx).toContain("import results from './results/two-moons.json';");
    expect(mdx).toContain("import TwoMoonsDemo from '@demos/TwoMoonsDemo.tsx';");
    expect(mdx).toContain("import classifier from './models/two-moons.classifier.onnx?url&no-inline';");
    for (const f of plan.files.slice(1)) {
      const config = (await prettier.resolveConfig(join(repo, f.path))) ?? {};
      expect(await prettier.check(f.contents, { ...config, filepath: join(repo, f.path) }), f.path).toBe(true);
    }
  });

  it('refuses clashes and bad combinations, and writes nothing', async () => {
    const before = snapshot();
    const refused = [
      [options({ title: 'Taken' }), /content\/posts\/taken already exists/],
      [options({ slug: 'used-name', experiment: true }), /"used-name" is already defined in .*other\.ts/],
      [options({ experiment: true, demo: true, island: 'TakenIsland' }), /TakenIsland\.tsx already exists/],
      [options({ demo: true }), /--demo needs --experiment/],
      [options({ title: '' }), /needs a title/],
      [options({ slug: 'Bad Slug' }), /lower-case words/],
      [options({ slug: 'vae-z32', experiment: true }), /already uses the name vaeZ32/],
    ] as const;
    for (const [o, message] of refused) await expect(planScaffold(root, o)).rejects.toThrow(message);
    expect(snapshot()).toBe(before);
  });

  it('undoes what it wrote when a later write fails', async () => {
    const plan = await planScaffold(root, options({ experiment: true }));
    const before = readFileSync(join(root, REGISTRY), 'utf8');
    plan.files.push({ path: 'site/islands/TakenIsland.tsx/not-a-dir', contents: '', edit: false });
    expect(() => applyPlan(root, plan)).toThrow();
    expect(readdirSync(join(root, 'content/posts'))).toEqual(['taken']);
    expect(readdirSync(join(root, 'training/src/experiments')).sort()).toEqual(['index.ts', 'other.ts']);
    expect(readFileSync(join(root, REGISTRY), 'utf8')).toBe(before);
  });
});
