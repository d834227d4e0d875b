/**
 * Orders experiments and runs them in parallel processes: each experiment after the ones it reads
 * (`after`), at most `jobs` at a time, each in a fresh process of the CLI (TensorFlow.js's wasm
 * backend computes on one core, so processes are how a run uses more).
 */
import { spawn } from 'node:child_process';
import { findExperiment, type AnyExperiment } from './experiments/index.ts';

/** The selection plus every experiment it reads from, upstream first. */
export function withUpstream(selection: readonly AnyExperiment[]): AnyExperiment[] {
  const ordered: AnyExperiment[] = [];
  const visit = (e: AnyExperiment, path: string[]) => {
    if (path.includes(e.name)) throw new Error(`circular "after": ${[...path, e.name].join(' → ')}`);
    if (ordered.includes(e)) return;
    for (const name of e.after ?? []) visit(findExperiment(name), [...path, e.name]);
    ordered.push(e);
  };
  for (const e of selection) visit(e, []);
  return ordered;
}

export interface Schedule {
  /** Upstream first (see withUpstream). */
  experiments: readonly AnyExperiment[];
  jobs: number;
  /** Experiments outside `experiments` that are already up to date, which others may read. */
  done?: Iterable<string>;
  /** Runs one experiment to completion; resolves to its exit code. */
  runOne(name: string): Promise<number>;
  /** Reports an experiment skipped because one it reads failed. */
  skipped(name: string, failedUpstream: string[]): void;
}

/**
 * Starts whatever has its upstream done, up to `jobs` at a time; an experiment whose upstream
 * failed is skipped. Resolves to the names that failed or were skipped.
 */
export async function runScheduled({ experiments, jobs, done = [], runOne, skipped }: Schedule): Promise<Set<string>> {
  const queue = [...experiments];
  const succeeded = new Set<string>(done);
  const failed = new Set<string>();
  const running = new Set<Promise<void>>();
  while (queue.length || running.size) {
    for (const e of [...queue]) {
      const upstream = e.after ?? [];
      const broken = upstream.filter((n) => failed.has(n));
      if (broken.length) {
        skipped(e.name, broken);
        failed.add(e.name);
        queue.splice(queue.indexOf(e), 1);
      } else if (running.size < jobs && upstream.every((n) => succeeded.has(n))) {
        queue.splice(queue.indexOf(e), 1);
        const job: Promise<void> = runOne(e.name).then((code) => {
          (code === 0 ? succeeded : failed).add(e.name);
          running.delete(job);
        });
        running.add(job);
      }
    }
    if (running.size) await Promise.race(running);
    else if (queue.length) throw new Error(`cannot order ${queue.map((e) => e.name).join(', ')}: circular "after"`);
  }
  return failed;
}

/** Runs `script args… <name>` in a child process of this Node, its output inherited; resolves to its exit code. */
export function childProcessRunner(script: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return (name: string) =>
    new Promise<number>((done) => {
      const child = spawn(process.execPath, [script, name, ...args], { stdio: 'inherit', env });
      child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    });
}
