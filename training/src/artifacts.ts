/**
 * Where an experiment's outputs go and how they are written. Every file is named after the
 * experiment that produced it, under the folder of the post (or page) that shows it:
 *
 *   <home>/results/<experiment>.json           the numbers the post quotes
 *   <home>/figures/<experiment>.<what>.<svg|png>
 *   <home>/models/<experiment>.<role>.onnx     what the post's demos run
 *   <home>/data/<experiment>.json              data a page loads (not a result)
 *
 * so that any artifact can be traced to its producer by its name alone. Paths are relative to the
 * artifact root (the repository for `full`, training/.out/<profile>/ otherwise); every write is
 * atomic (runtime/write-atomic.ts).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { writeAtomic } from './runtime/write-atomic.ts';

/** A name part: lower-case words joined by hyphens, so that names stay portable and greppable. */
const PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkPart(kind: string, value: string): string {
  if (!PART.test(value))
    throw new Error(`artifact ${kind} ${JSON.stringify(value)}: use lower-case words joined by "-".`);
  return value;
}

export class Artifacts {
  /** The artifact root (absolute). */
  readonly root: string;
  /** The folder of the consumer, relative to the root (e.g. `content/posts/vae-iaf`). */
  readonly home: string;
  /** The producer's name. */
  readonly experiment: string;

  constructor(root: string, home: string, experiment: string) {
    if (isAbsolute(home) || home.split(/[\\/]/).includes('..')) {
      throw new Error(`artifact home ${JSON.stringify(home)} must be a folder inside the artifact root, without "..".`);
    }
    checkPart('producer', experiment);
    this.root = root;
    this.home = home;
    this.experiment = experiment;
  }

  /** `results/<experiment>.json` */
  get results(): string {
    return `${this.home}/results/${this.experiment}.json`;
  }

  /** `data/<experiment>.json` */
  get data(): string {
    return `${this.home}/data/${this.experiment}.json`;
  }

  /** `figures/<experiment>.<what>.<format>` */
  figure(what: string, format: 'svg' | 'png'): string {
    return `${this.home}/figures/${this.experiment}.${checkPart('figure', what)}.${format}`;
  }

  /** `models/<experiment>.<role>.onnx` */
  model(role: string): string {
    return `${this.home}/models/${this.experiment}.${checkPart('model role', role)}.onnx`;
  }

  /** The absolute path of one of these artifacts. */
  path(artifact: string): string {
    return join(this.root, artifact);
  }

  /** Writes an artifact atomically; returns its path relative to the root, as the manifest records it. */
  async write(artifact: string, contents: string | Uint8Array): Promise<string> {
    await writeAtomic(this.path(artifact), contents);
    return artifact;
  }

  /** Writes a value as indented JSON with a final newline (stable diffs). */
  async writeJson(artifact: string, value: unknown): Promise<string> {
    return this.write(artifact, JSON.stringify(value, null, 2) + '\n');
  }

  /** Reads a JSON artifact (for example an upstream experiment's results). */
  readJson<T>(artifact: string): T {
    return JSON.parse(readFileSync(this.path(artifact), 'utf8')) as T;
  }

  /** Reads an artifact's bytes (for example an upstream experiment's model). */
  readBytes(artifact: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(artifact)));
  }
}
