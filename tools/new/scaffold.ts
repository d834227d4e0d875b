/**
 * Plans and writes a new post: everything is checked and every file's contents computed first
 * (`planScaffold`), so that a clash or a bad name leaves the repository untouched; then the files are
 * written, each to a temporary file renamed into place, and removed or restored again if a later
 * write fails (`applyPlan`).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as prettier from 'prettier';
import { writeAtomic } from '../../site/lib/write-atomic.ts';
import {
  ScaffoldError,
  camelCase,
  checkIsland,
  checkSlug,
  checkTitle,
  defaultIsland,
  pascalCase,
  slugify,
  utcDay,
} from './names.ts';
import { experimentModule, experimentTest, islandCss, islandModule, postMdx, type PostNames } from './templates.ts';

export interface ScaffoldOptions {
  title: string | undefined;
  experiment: boolean;
  demo: boolean;
  slug?: string | undefined;
  island?: string | undefined;
  description?: string | undefined;
  tags?: readonly string[] | undefined;
  /** Publish at once (draft: false); by default a post starts as a draft. */
  publish?: boolean | undefined;
  /** Today, injected for tests. */
  now: Date;
}

export interface PlannedFile {
  /** Relative to the repository root. */
  path: string;
  contents: string;
  /** Whether the file exists and is edited (the registry), rather than created. */
  edit: boolean;
}

export interface Plan {
  slug: string;
  experiment?: string | undefined;
  island?: string | undefined;
  files: PlannedFile[];
}

export const REGISTRY = 'training/src/experiments/index.ts';
const EXPERIMENTS = 'training/src/experiments';

/**
 * Adds an experiment to the registry's text: its import (after the last import), its config type to
 * the `AnyExperiment` union and its constant to the end of `experiments`. Idempotent: a registry that
 * already imports the module comes back unchanged.
 * @throws ScaffoldError when the registry's shape is not the one expected (nothing is guessed).
 */
export function registerExperiment(text: string, name: string, constant: string, configType: string): string {
  const from = `from './${name}.ts';`;
  if (text.includes(from)) return text;
  const lastImport = [...text.matchAll(/^import [^;]*;$/gm)].at(-1);
  const union = /(export type AnyExperiment =[^;]*?)(;\n)/.exec(text);
  const list = /(export const experiments: readonly AnyExperiment\[\] = \[[\s\S]*?)(\n\];)/.exec(text);
  if (!lastImport || !union || !list)
    throw new ScaffoldError(
      `${REGISTRY} does not have the shape the scaffold edits (its imports, "export type AnyExperiment = …;" and "export const experiments: readonly AnyExperiment[] = [ … ];"); register ${constant} by hand.`,
    );
  const importLine = `\nimport { ${constant}, type ${configType} } ${from}`;
  // From the end backwards, so that the earlier offsets stay valid.
  const edits = [
    { at: list.index + list[1]!.length, insert: `\n  ${constant},` },
    { at: union.index + union[1]!.length, insert: `\n  | Experiment<${configType}>` },
    { at: lastImport.index + lastImport[0].length, insert: importLine },
  ].sort((a, b) => b.at - a.at);
  return edits.reduce((t, e) => t.slice(0, e.at) + e.insert + t.slice(e.at), text);
}

/** Whether an experiment of this name is defined anywhere under training/src/experiments (a quoted name). */
function experimentNameTaken(root: string, name: string): string | undefined {
  const dir = join(root, EXPERIMENTS);
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    if (new RegExp(`name:\\s*['"\`]${name}['"\`]`).test(text)) return `${EXPERIMENTS}/${file}`;
  }
  return undefined;
}

async function format(root: string, path: string, text: string): Promise<string> {
  const filepath = join(root, path);
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...config, filepath });
}

/** Checks everything and computes every file; writes nothing. */
export async function planScaffold(root: string, options: ScaffoldOptions): Promise<Plan> {
  const title = checkTitle(options.title);
  const slug = checkSlug(options.slug ?? slugify(title));
  if (options.demo && !options.experiment)
    throw new ScaffoldError('--demo needs --experiment: the demo runs the model the experiment trains.');
  if (options.island !== undefined && !options.demo) throw new ScaffoldError('--island names the island of --demo.');
  const postDir = `content/posts/${slug}`;
  if (existsSync(join(root, postDir)))
    throw new ScaffoldError(`${postDir} already exists: choose another title, or pass --slug.`);

  const names: PostNames = {
    title,
    slug,
    date: utcDay(options.now),
    description: (options.description ?? '').trim() || `A draft about ${title}.`,
    tags: options.tags ?? [],
    draft: !options.publish,
  };
  const files: PlannedFile[] = [];
  let registry: PlannedFile | undefined;
  if (options.experiment) {
    const constant = camelCase(slug);
    const experiment = { name: slug, constant, configType: `${pascalCase(slug)}Config` };
    names.experiment = experiment;
    const modulePath = `${EXPERIMENTS}/${slug}.ts`;
    if (existsSync(join(root, modulePath))) throw new ScaffoldError(`${modulePath} already exists.`);
    const taken = experimentNameTaken(root, slug);
    if (taken) throw new ScaffoldError(`An experiment named "${slug}" is already defined in ${taken}; pass --slug.`);
    const current = readFileSync(join(root, REGISTRY), 'utf8');
    if (new RegExp(`\\b(${constant}|${experiment.configType})\\b`).test(current))
      throw new ScaffoldError(
        `${REGISTRY} already uses the name ${constant} or ${experiment.configType}; pass --slug.`,
      );
    const withNames = { ...names, experiment };
    files.push(
      { path: modulePath, contents: experimentModule(withNames), edit: false },
      { path: `${EXPERIMENTS}/${slug}.test.ts`, contents: experimentTest(withNames), edit: false },
    );
    registry = {
      path: REGISTRY,
      contents: registerExperiment(current, slug, constant, experiment.configType),
      edit: true,
    };
  }
  if (options.demo) {
    const island = checkIsland(options.island ?? defaultIsland(slug));
    names.island = island;
    for (const ext of ['tsx', 'css']) {
      const path = `site/islands/${island}.${ext}`;
      if (existsSync(join(root, path)))
        throw new ScaffoldError(`${path} already exists: pass --island with another name.`);
    }
    files.push(
      { path: `site/islands/${island}.tsx`, contents: islandModule({ ...names, island }), edit: false },
      { path: `site/islands/${island}.css`, contents: islandCss(island), edit: false },
    );
  }
  files.unshift({ path: `${postDir}/index.mdx`, contents: postMdx(names), edit: false });
  if (registry) files.push(registry);
  for (const file of files)
    if (/\.(ts|tsx|css)$/.test(file.path)) file.contents = await format(root, file.path, file.contents);
  return { slug, experiment: names.experiment?.name, island: names.island, files };
}

/** Writes a plan's files; on a failure, undoes what it wrote and rethrows. */
export function applyPlan(root: string, plan: Plan): void {
  const undo: (() => void)[] = [];
  try {
    for (const file of plan.files) {
      const target = join(root, file.path);
      const dir = dirname(target);
      const made = !existsSync(dir);
      const before = file.edit ? readFileSync(target, 'utf8') : undefined;
      writeAtomic(target, file.contents);
      undo.push(() => {
        if (before === undefined) rmSync(made ? dir : target, { recursive: true, force: true });
        else writeFileSync(target, before);
      });
    }
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  }
}
