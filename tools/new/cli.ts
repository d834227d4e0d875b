/**
 * npm run new -- post "Title" [--experiment] [--demo] [options]
 *
 * Scaffolds a post (and its experiment and demo); see `usage`. Nothing is written unless every
 * check passes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScaffoldError } from './names.ts';
import { applyPlan, planScaffold } from './scaffold.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

const usage = `Usage: npm run new -- post "Title" [--experiment] [--demo] [options]

Creates content/posts/<slug>/index.mdx: frontmatter (title; date: today, UTC; description; tags;
draft: true, so that a new post is never published by accident: set draft: false, or pass
--publish, when it is ready), the {/* more */} teaser marker, a heading and some math.

  --experiment        also training/src/experiments/<slug>.ts (smoke and full profiles: a small
                      classifier on synthetic half-moons, exported to ONNX, a figure and results
                      JSON) and its test, registered in training/src/experiments/index.ts; the post
                      shows a number from the results and the figure
  --demo              (needs --experiment) also site/islands/<Island>.tsx and .css, running the
                      model in the browser with a poster, status line and provenance; the post
                      embeds it
  --slug SLUG         the folder and experiment name (default: made from the title)
  --island NAME       the island's component name (default: <Slug>Demo)
  --description TEXT  the frontmatter description (default: "A draft about <Title>.")
  --tags A,B          frontmatter tags
  --publish           draft: false
  --date YYYY-MM-DD   the post's date (default: today, UTC)
  --no-train          with --experiment: do not train it now. By default the new experiment's
                      full profile runs at once (seconds), since the post imports its artifacts and
                      neither \`astro build\` nor \`npm run build\` (which trains published posts'
                      experiments only) builds while they are missing

Then: npm run dev (drafts show under astro dev); after an edit to the experiment,
      npm run train -- <slug> (or --profile smoke --out . for a quick look).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      experiment: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      slug: { type: 'string' },
      island: { type: 'string' },
      description: { type: 'string' },
      tags: { type: 'string' },
      publish: { type: 'boolean', default: false },
      date: { type: 'string' },
      train: { type: 'boolean', default: true },
      help: { type: 'boolean', default: false },
    },
    allowNegative: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [kind, title, ...rest] = positionals;
  if (kind !== 'post') throw new ScaffoldError(`Unknown kind ${JSON.stringify(kind ?? '')}: only "post".\n\n${usage}`);
  if (rest.length)
    throw new ScaffoldError(`Unexpected arguments ${rest.map((r) => JSON.stringify(r)).join(' ')}: quote the title.`);
  let now = new Date();
  if (values.date !== undefined) {
    now = new Date(`${values.date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || Number.isNaN(now.getTime()))
      throw new ScaffoldError(`--date ${JSON.stringify(values.date)} must be a date such as 2026-11-23.`);
  }
  const plan = await planScaffold(root, {
    title,
    experiment: values.experiment,
    demo: values.demo,
    slug: values.slug,
    island: values.island,
    description: values.description,
    tags: values.tags
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    publish: values.publish,
    now,
  });
  applyPlan(root, plan);
  for (const file of plan.files) console.log(`${file.edit ? 'edited ' : 'created'} ${file.path}`);
  if (plan.experiment && values.train) {
    console.log(`\nTraining ${plan.experiment} (full profile) so that the post has its artifacts:`);
    const trained = spawnSync(process.execPath, [join(root, 'training', 'src', 'cli.ts'), plan.experiment], {
      cwd: root,
      stdio: 'inherit',
    });
    if (trained.status !== 0) {
      console.error(
        `npm run new: the files are written, but training failed; fix it and run npm run train -- ${plan.experiment}.`,
      );
      return 1;
    }
  } else if (plan.experiment) {
    console.log(`\nThe post builds once its artifacts exist: npm run train -- ${plan.experiment}.`);
  }
  console.log(`\nnpm run dev, then open /posts/${plan.slug}/${!values.publish ? ' (a draft: dev only)' : ''}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // parseArgs's own errors (an unknown option, a missing value) are the user's too.
    const user =
      error instanceof ScaffoldError || String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    console.error(user ? `npm run new: ${(error as Error).message}` : error);
    process.exit(user ? 2 : 1);
  },
);
