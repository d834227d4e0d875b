/**
 * What `npm run new -- post` writes: the post, and with --experiment / --demo its experiment
 * module, the module's test and an island. Each template is a function of the names, and the
 * generated TypeScript is formatted with the repository's Prettier settings before it is written.
 */
import { tsString, yamlString } from './names.ts';

/** A title inside a block comment, which a "*\/" in it would end. */
const inComment = (title: string): string => JSON.stringify(title).replace(/\*\//g, '*\\/');

export interface PostNames {
  title: string;
  slug: string;
  date: string;
  description: string;
  tags: readonly string[];
  draft: boolean;
  /** The experiment's name (the slug) and its exported constant, when --experiment. */
  experiment?: { name: string; constant: string; configType: string } | undefined;
  /** The island's component name, when --demo. */
  island?: string | undefined;
}

/** The figures and the model the experiment writes, named as artifacts.ts names them. */
export const artifactNames = (experiment: string) => ({
  results: `results/${experiment}.json`,
  curve: `figures/${experiment}.training.svg`,
  poster: `figures/${experiment}.decision.png`,
  model: `models/${experiment}.classifier.onnx`,
});

export function postMdx(p: PostNames): string {
  const front = [
    '---',
    `title: ${yamlString(p.title)}`,
    `date: ${p.date}`,
    `description: ${yamlString(p.description)}`,
    `tags: [${p.tags.map(yamlString).join(', ')}]`,
    `draft: ${p.draft}`,
    '---',
    '',
  ];
  const imports: string[] = [];
  const body: string[] = [];
  if (p.experiment) {
    const a = artifactNames(p.experiment.name);
    imports.push(
      "import { formatNumber } from '@post-kit';",
      `import results from './${a.results}';`,
      `import trainingCurve from './${a.curve}';`,
    );
    if (p.island) {
      imports.push(
        `import ${p.island} from '@demos/${p.island}.tsx';`,
        `import classifier from './${a.model}?url&no-inline';`,
        `import decisionPoster from './${a.poster}';`,
      );
    }
  }
  const intro = [
    'This is the start of the post. The part above the marker below is the teaser that listings and',
    'feeds show; math works inline, as in $p(y \\mid x)$, and on its own line.',
    '',
    '{/* more */}',
    '',
    '## A first section',
    '',
    'A numbered equation:',
    '',
    '$$',
    'p(y = 1 \\mid x) = \\sigma(w^\\top x + b) = \\frac{1}{1 + e^{-(w^\\top x + b)}}',
    '\\label{logistic}',
    '$$',
    '',
    'and a reference to it: <Ref to="logistic" /> is the logistic model.',
    '',
  ];
  if (p.experiment) {
    const { name } = p.experiment;
    body.push(
      '## The experiment',
      '',
      `The experiment \`${name}\` (\`training/src/experiments/${name}.ts\`) trains a small network on two`,
      'interleaved half-moons. On the held-out points it classifies',
      '{formatNumber(100 * results.testAccuracy, 1)}% correctly',
      '({results.data.test} test points, {results.epochs.trained} epochs, {results.profile} profile).',
      '',
      '<Figure label="training">',
      '  <img src={trainingCurve.src} alt="Validation accuracy of the classifier after each epoch of training." />',
      '  <span slot="caption">Validation accuracy after each epoch.</span>',
      '</Figure>',
      '',
    );
    if (p.island) {
      body.push(
        '## The demo',
        '',
        'The trained network runs in your browser; until it is ready, the picture made at training time',
        'stands in.',
        '',
        '<Figure label="demo">',
        `  <${p.island}`,
        "    client:visible={{ rootMargin: '100%' }}",
        '    model={classifier}',
        '    poster={decisionPoster.src}',
        '    posterAlt="The probability of the second class over the square, as grey levels."',
        '    side={results.grid.side}',
        '    extent={results.grid.extent}',
        '  />',
        '  <span slot="caption">The probability of the second class at each point of the square.</span>',
        '</Figure>',
        '',
      );
    }
  }
  return [...front, ...imports, ...(imports.length ? [''] : []), ...intro, ...body].join('\n');
}

export function experimentModule(p: PostNames & { experiment: NonNullable<PostNames['experiment']> }): string {
  const { name, constant, configType } = p.experiment;
  return `/**
 * The experiment of the post ${inComment(p.title)} (content/posts/${p.slug}): a one-hidden-layer
 * classifier on two interleaved half-moons, points drawn here from a seed, so the data set is this
 * file. Made by \`npm run new\`; replace the data, the model and the figures with the post's own.
 *
 * Writes results/${name}.json, figures/${name}.training.svg (validation accuracy per epoch),
 * figures/${name}.decision.png (p(class 1) over the square, the demo's poster) and
 * models/${name}.classifier.onnx (core's \`ensembleClassifier\` contract, one member).
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/index.ts';
import {
  classifierLogits,
  classifyImages,
  createMlpClassifier,
  trainMlpClassifier,
  type MlpTraining,
} from '../baselines/mlp-classifier.ts';
import { latentGrid } from '@bounded-rationality/core/posterior/grid.ts';
import { exportEnsembleClassifier } from '../export/ensemble-classifier.ts';
import { imageGridPng } from '../figures/png-grid.ts';
import { linePlot } from '../figures/svg-plot.ts';
import { Rng } from '../runtime/rng.ts';
import type { Experiment } from './types.ts';

export interface ${configType} {
  /** Points per split. */
  points: { train: number; validation: number; test: number };
  /** Standard deviation of the noise added to each coordinate. */
  noise: number;
  /** Hidden ReLU units. */
  hidden: number;
  training: Omit<MlpTraining, 'seed'>;
  seed: number;
  /** The decision surface: side × side points over [-extent, extent]². */
  grid: { side: number; extent: number };
}

/** Two half-moons, class 0 above and class 1 below, centred on the origin: [n, 2] points and n labels. */
export function halfMoons(n: number, noise: number, rng: Rng, name: string): ImageSet {
  const images = new Float32Array(n * 2);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = Math.PI * rng.uniform();
    const x = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    images[2 * i] = (x - 0.5) / 1.5 + noise * rng.normal();
    images[2 * i + 1] = (y - 0.25) / 1.5 + noise * rng.normal();
    labels[i] = label;
  }
  return { name, images, labels, n, height: 1, width: 2 };
}

const training: Omit<MlpTraining, 'seed'> = {
  weightDecay: 0,
  batchSize: 50,
  maxEpochs: 200,
  patience: 20,
  learningRate: 1e-2,
};

export const ${constant}: Experiment<${configType}> = {
  name: ${tsString(name)},
  description: ${tsString(`A small classifier on two half-moons, for the post "${p.title}"`)},
  module: import.meta.url,
  home: ${tsString(`content/posts/${p.slug}`)},
  profiles: {
    smoke: {
      points: { train: 200, validation: 100, test: 200 },
      noise: 0.1,
      hidden: 8,
      training: { ...training, maxEpochs: 15, patience: 5 },
      seed: 1,
      grid: { side: 32, extent: 1.25 },
    },
    full: {
      points: { train: 2000, validation: 500, test: 2000 },
      noise: 0.1,
      hidden: 16,
      training,
      seed: 1,
      grid: { side: 64, extent: 1.25 },
    },
  },
  async run(ctx) {
    const { config, out } = ctx;
    const rng = new Rng(config.seed, 1);
    const train = halfMoons(config.points.train, config.noise, rng, ${tsString(`${name}/train`)});
    const validation = halfMoons(config.points.validation, config.noise, rng, ${tsString(`${name}/validation`)});
    const test = halfMoons(config.points.test, config.noise, rng, ${tsString(`${name}/test`)});

    const model = createMlpClassifier(2, config.hidden, 2, config.seed);
    const label = ctx.metadata.experiment;
    const result = await trainMlpClassifier(
      model,
      train,
      validation,
      { ...config.training, seed: config.seed },
      {
        label,
        checkpointPath: join(ctx.checkpointDir, \`\${label}.ckpt\`),
        runKey: ctx.runKey,
        progress: ctx.progress,
      },
    );
    const classified = classifyImages(model, test);
    const testAccuracy = classified.predicted.filter((y, i) => y === test.labels[i]).length / test.n;

    const { side, extent } = config.grid;
    // The cells' centres, row by row from the top left, as the island lays them out too.
    const points = latentGrid({ x: [-extent, extent], y: [-extent, extent] }, side);
    const surface = tf.tidy(() => {
      const logits = classifierLogits(model, tf.tensor2d(points, [side * side, 2]));
      return tf.softmax(logits).slice([0, 1], [-1, 1]).dataSync() as Float32Array;
    });
    const exported = await exportEnsembleClassifier([model], points, {
      ...ctx.metadata,
      test_error: String(1 - testAccuracy),
    });
    model.params.dispose();

    const written = [await out.write(out.model('classifier'), exported.bytes)];
    written.push(
      await out.write(
        out.figure('decision', 'png'),
        imageGridPng({ images: surface, n: 1, height: side, width: side, columns: 1, scale: Math.ceil(256 / side) }),
      ),
      await out.write(
        out.figure('training', 'svg'),
        linePlot({
          title: 'Validation accuracy while training',
          description: \`The share of the \${validation.n} validation points classified correctly after each epoch.\`,
          xLabel: 'epoch',
          yLabel: 'validation accuracy',
          series: [{ name: 'validation', points: result.history.map((e) => [e.epoch, e.validation] as const) }],
        }),
      ),
      await out.writeJson(out.results, {
        ...ctx.metadata,
        config,
        data: { train: train.n, validation: validation.n, test: test.n },
        epochs: { trained: result.history.length, best: result.bestEpoch },
        testAccuracy,
        onnxParityMaxDiff: exported.parity,
        grid: config.grid,
      }),
    );
    return written;
  },
};
`;
}

export function experimentTest(p: PostNames & { experiment: NonNullable<PostNames['experiment']> }): string {
  const { name, constant } = p.experiment;
  return `import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Artifacts } from '../artifacts.ts';
import { initBackend } from '../runtime/backend.ts';
import { Rng } from '../runtime/rng.ts';
import { silentProgress } from '../train/progress.ts';
import type { RunMetadata } from './types.ts';
import { ${constant}, halfMoons } from './${name}.ts';

const root = mkdtempSync(join(tmpdir(), ${tsString(`${name}-`)}));
beforeAll(() => initBackend('wasm'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(${tsString(name)}, () => {
  it('draws balanced, reproducible half-moons', () => {
    const a = halfMoons(100, 0.1, new Rng(1), 'a');
    const b = halfMoons(100, 0.1, new Rng(1), 'b');
    expect(a.images).toEqual(b.images);
    expect(a.labels.filter((y) => y === 1).length).toBe(50);
  });

  it('trains well above chance under the smoke profile and writes what the post imports', async () => {
    const out = new Artifacts(root, ${constant}.home, ${constant}.name);
    const metadata = { experiment: ${constant}.name, profile: 'smoke' } as RunMetadata;
    const written = await ${constant}.run({
      config: ${constant}.profiles.smoke,
      metadata,
      data: () => {
        throw new Error('no dataset');
      },
      out,
      upstream: () => {
        throw new Error('no upstream');
      },
      checkpointDir: join(root, 'checkpoints'),
      runKey: 'test',
      progress: silentProgress,
    });
    expect(written).toContain(out.model('classifier'));
    const results = JSON.parse(readFileSync(out.path(out.results), 'utf8')) as { testAccuracy: number };
    expect(results.testAccuracy).toBeGreaterThan(0.75);
  }, 60_000);
});
`;
}

export function islandModule(p: PostNames & { island: string }): string {
  const { island } = p;
  const css = island.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `/**
 * The demo of the post ${inComment(p.title)}: the trained classifier's probability of the second
 * class over a square of the plane, computed in the reader's browser by the exported model
 * (core's \`ensembleClassifier\` contract, one member). The poster, the same picture made at
 * training time, stands in until the model is ready, and stays if it cannot load.
 */
import { useEffect, useState } from 'preact/hooks';
import { ensembleClassifier } from '@bounded-rationality/core/classifier/contract.ts';
import { latentGrid } from '@bounded-rationality/core/posterior/grid.ts';
import { useModels } from './shared/use-model.ts';
import { DemoStatus } from './shared/DemoStatus.tsx';
import { ImageGrid } from './shared/ImageGrid.tsx';
import { Provenance } from './shared/Provenance.tsx';
import './shared/demo.css';
import './${island}.css';

export interface ${island}Props {
  /** URL of the ONNX classifier: 2 inputs, 2 classes, one member. */
  model: string;
  poster: string;
  posterAlt: string;
  /** The surface has side × side points over [-extent, extent]², laid out by core's latentGrid, as in the experiment. */
  side: number;
  extent: number;
}

/** p(class 1) of each row of two logits. */
function secondClass(logits: Float32Array): Float32Array {
  const p = new Float32Array(logits.length / 2);
  for (let i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(logits[2 * i]! - logits[2 * i + 1]!));
  return p;
}

export default function ${island}({ model, poster, posterAlt, side, extent }: ${island}Props) {
  const { status, retry, fail } = useModels([model]);
  const [surface, setSurface] = useState<Float32Array | null>(null);
  const handle = status.kind === 'ready' ? status.handles[0]! : null;

  useEffect(() => {
    if (!handle) return;
    handle
      .runLatest(ensembleClassifier.feeds(latentGrid({ x: [-extent, extent], y: [-extent, extent] }, side), 2))
      .then((result) => {
        if (result) setSurface(secondClass(ensembleClassifier.memberLogits(result.outputs, 1, 2, 0)));
      })
      .catch(fail);
  }, [handle, side, extent, fail]);

  return (
    <div class="${css}" data-status={status.kind} data-drawn={surface ? 'true' : 'false'}>
      <div class="surface">
        {handle && surface ? (
          <ImageGrid images={surface} n={1} columns={1} side={side} label="The probability of the second class over the square" />
        ) : (
          <img src={poster} alt={posterAlt} />
        )}
      </div>
      <DemoStatus status={status} retry={retry}>
        {surface ? 'Computed in your browser by the trained model.' : 'Computing…'}
      </DemoStatus>
      {handle && <Provenance info={handle.info} />}
    </div>
  );
}
`;
}

export function islandCss(island: string): string {
  const css = island.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `.${css} .surface {
  max-width: 16rem;
  margin: 0 auto;
}
.${css} .surface img,
.${css} .surface canvas {
  display: block;
  width: 100%;
  height: auto;
  image-rendering: pixelated;
}
`;
}
